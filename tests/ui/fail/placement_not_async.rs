// Placement: `#[cors]` on a function that is not `async`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
