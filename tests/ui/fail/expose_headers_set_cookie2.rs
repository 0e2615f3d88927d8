// expose_headers: `set-cookie2` is never exposed.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["set-cookie2"])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
