// Origins: a `*` that is only part of the port.
use cors_runtime::cors;

#[cors(origins = ["http://localhost:80*"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
