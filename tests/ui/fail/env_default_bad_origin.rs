// Origins from the environment: the default list is checked like any origins list.
use cors_runtime::cors;

#[cors(
    origins = env("ORDERS_ORIGINS", default = ["https://app.example.com/", "http://localhost:*"]),
    methods = [GET],
)]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
