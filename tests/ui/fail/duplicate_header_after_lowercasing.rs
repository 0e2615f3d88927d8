// Structure: header names are compared after lowercasing.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["X-Request-Id", "content-type", "x-request-id"])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
