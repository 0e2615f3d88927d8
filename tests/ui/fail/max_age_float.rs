// max_age: not an integer literal (a float).
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], max_age = 1.5)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
