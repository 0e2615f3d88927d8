// Structure: `origins` is required.
use cors_runtime::cors;

#[cors(methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
