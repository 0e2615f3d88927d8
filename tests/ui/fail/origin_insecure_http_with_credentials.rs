// Origins: with `credentials`, a plain `http:` origin that is not loopback.
use cors_runtime::cors;

#[cors(origins = ["http://api.example.com"], methods = [GET], credentials)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
