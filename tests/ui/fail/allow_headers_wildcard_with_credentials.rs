// allow_headers: `"*"` with `credentials`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["*"], credentials)]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
