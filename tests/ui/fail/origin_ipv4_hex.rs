// Origins: non-canonical IPv4 in hex.
use cors_runtime::cors;

#[cors(origins = ["http://0x7f.0.0.1"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
