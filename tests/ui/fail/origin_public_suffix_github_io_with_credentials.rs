// Origins: with `credentials`, a subdomain pattern over the private public suffix `github.io`.
use cors_runtime::cors;

#[cors(origins = ["https://*.github.io"], methods = [GET], credentials)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
