// Origins: a port that is not a number.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:https"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
