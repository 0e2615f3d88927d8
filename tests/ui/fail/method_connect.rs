// Methods: `CONNECT`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [CONNECT])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
