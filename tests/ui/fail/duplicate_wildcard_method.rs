// Structure: `"*"` twice in `methods` is a duplicate entry.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["*", "*"])]
async fn anything() -> &'static str {
    "ok"
}

fn main() {}
