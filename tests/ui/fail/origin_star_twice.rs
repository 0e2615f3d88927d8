// Origins: two `*.` labels (one already matches any depth).
use cors_runtime::cors;

#[cors(origins = ["https://*.*.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
