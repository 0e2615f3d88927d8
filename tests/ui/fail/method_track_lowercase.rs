// Methods: `TRACK` in any case.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["track"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {}
