// Origins: uncompressed IPv6.
use cors_runtime::cors;

#[cors(origins = ["http://[0:0:0:0:0:0:0:1]:8080"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
