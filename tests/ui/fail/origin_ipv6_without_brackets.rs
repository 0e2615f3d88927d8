// Origins: an IPv6 address must be in brackets.
use cors_runtime::cors;

#[cors(origins = ["http://::1"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
