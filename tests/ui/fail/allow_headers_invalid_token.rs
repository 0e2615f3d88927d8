// allow_headers: not a valid token (a name with its value).
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["Content-Type: application/json"])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
