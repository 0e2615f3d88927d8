// All problems of one attribute are reported in one compile: here seven.
use cors_runtime::cors;

#[cors(
    origins = ["*", "https://app.example.com/"],
    methods = [GET, patch, "TRACE"],
    allow_headers = ["cookie"],
    expose_headers = ["content-type"],
    credentials,
    max_age = 100000,
)]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
