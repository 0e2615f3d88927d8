// Origins: with `credentials`, a subdomain pattern over the public suffix `com`.
use cors_runtime::cors;

#[cors(origins = ["https://*.com"], methods = [GET], credentials)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
