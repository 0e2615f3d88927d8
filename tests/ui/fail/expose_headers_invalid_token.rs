// expose_headers: not a valid token.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x request id"])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
