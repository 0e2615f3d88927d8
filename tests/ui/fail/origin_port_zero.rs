// Origins: port 0.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:0"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
