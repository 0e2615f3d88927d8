// Structure: a duplicate entry in `methods`, once as an identifier and once as a string.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, POST, "GET"])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
