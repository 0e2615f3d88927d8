// Origins: uppercase letters in the scheme.
use cors_runtime::cors;

#[cors(origins = ["HTTPS://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
