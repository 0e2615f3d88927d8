// Origins: no scheme at all (missing `://`).
use cors_runtime::cors;

#[cors(origins = ["app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
