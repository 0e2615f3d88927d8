// Origins from the environment: every problem of one attribute in one compile.
use cors_runtime::cors;

#[cors(
    origins = env("ORDERS ORIGINS", default = ["https://App.example.com", "*"]),
    methods = [GET],
    allow_headers = env("ORDERS_HEADERS"),
    credentials,
)]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
