// Origins from the environment: no other key may be read from it.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = env("ORDERS_METHODS"))]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
