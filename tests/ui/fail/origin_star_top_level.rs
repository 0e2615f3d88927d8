// Origins: a `*` as the last label.
use cors_runtime::cors;

#[cors(origins = ["https://example.*"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
