// Placement: `#[cors]` on a function of a trait is not a free `async fn`.
use cors_runtime::cors;

trait Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list() -> &'static str {
        "[]"
    }
}

fn main() {}
