// Methods: `"*"` mixed with other methods.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, "*"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
