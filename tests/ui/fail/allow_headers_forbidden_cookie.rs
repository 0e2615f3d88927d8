// allow_headers: `cookie` is set by the browser; `credentials` is the way.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["cookie"])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
