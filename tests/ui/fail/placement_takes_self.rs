// Placement: `#[cors]` on a method that takes `self`, in an impl block.
use cors_runtime::cors;

struct Orders;

impl Orders {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list(&self) -> &'static str {
        "[]"
    }
}

fn main() {}
