// Placement: `#[cors]` on an associated function (no `self`) is not a free `async fn`.
use cors_runtime::cors;

struct Orders;

impl Orders {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list() -> &'static str {
        "[]"
    }
}

fn main() {}
