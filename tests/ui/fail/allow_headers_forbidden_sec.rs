// allow_headers: any `sec-*` name.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["Sec-Fetch-Mode"])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
