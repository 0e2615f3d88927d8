// allow_headers: an empty string.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = [""])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
