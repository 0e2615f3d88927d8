// Origins: a label over 63 bytes (here 64).
use cors_runtime::cors;

#[cors(origins = ["https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
