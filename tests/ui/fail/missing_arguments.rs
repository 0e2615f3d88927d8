// Structure: `#[cors]` with no arguments misses both required keys.
use cors_runtime::cors;

#[cors]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
