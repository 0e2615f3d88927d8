// Origins: two mistakes in one origin (default port, trailing `/`): the suggestion must be the
// canonical origin, not one that is itself refused.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:443/"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
