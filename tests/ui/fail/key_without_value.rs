// Structure: wrong value type: a list key written like a flag.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
