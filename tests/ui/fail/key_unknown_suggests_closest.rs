// Structure: an unknown key names the valid keys and suggests the closest.
use cors_runtime::cors;

#[cors(orgins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
