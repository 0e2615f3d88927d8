// Origins: a host that is not a valid domain: `example..com`.
use cors_runtime::cors;

#[cors(origins = ["https://example..com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
