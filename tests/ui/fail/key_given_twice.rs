// Structure: a key given twice.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], methods = [POST])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
