// Origins: `data:` and other non-network schemes.
use cors_runtime::cors;

#[cors(origins = ["data:text/html,hi"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
