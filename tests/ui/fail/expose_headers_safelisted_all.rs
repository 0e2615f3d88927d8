// expose_headers: every other CORS-safelisted name, one error each.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["Cache-Control", "content-language", "content-length", "expires", "last-modified", "pragma"])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
