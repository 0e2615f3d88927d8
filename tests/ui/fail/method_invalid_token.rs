// Methods: not a valid HTTP token.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["GET POST"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
