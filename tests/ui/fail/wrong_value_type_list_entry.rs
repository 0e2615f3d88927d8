// Structure: wrong value type: an identifier where a string literal is required.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], allow_headers = [content_type])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
