// Origins: `"null"`.
use cors_runtime::cors;

#[cors(origins = ["null"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
