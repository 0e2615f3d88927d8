// Methods: an empty string.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [""])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
