// expose_headers: `origin` is a request header.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["origin"])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
