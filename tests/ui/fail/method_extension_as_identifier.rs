// Methods: an extension method written as an identifier.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, PURGE])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
