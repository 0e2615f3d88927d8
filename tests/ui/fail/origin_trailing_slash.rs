// Origins: a lone `/` after the authority.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com/"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
