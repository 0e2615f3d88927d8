// Origins: a port with a leading zero.
use cors_runtime::cors;

#[cors(origins = ["http://localhost:08080"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
