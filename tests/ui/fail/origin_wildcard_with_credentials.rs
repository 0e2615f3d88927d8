// Origins: `"*"` together with `credentials`.
use cors_runtime::cors;

#[cors(origins = ["*"], methods = [GET], credentials)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
