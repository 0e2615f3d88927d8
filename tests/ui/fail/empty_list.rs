// Structure: an empty list.
use cors_runtime::cors;

#[cors(origins = [], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
