// Placement: the companion type `list_orders` cannot be generated when the name is taken.
use cors_runtime::cors;

#[allow(non_camel_case_types)]
struct list_orders {}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
