// Origins: `*.` in front of an IPv6 address.
use cors_runtime::cors;

#[cors(origins = ["http://*.[::1]:*"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
