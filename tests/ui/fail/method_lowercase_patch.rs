// Methods: `patch` never matches: browsers do not upper-case PATCH.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["patch"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
