// Origins: the default port of `https`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:443"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
