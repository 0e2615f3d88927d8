// `NAME::POLICY` is a `&'static Policy` usable in `static` and `const` items.
use cors_runtime::{Policy, cors};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

static LIST: &Policy = list_orders::POLICY;
const LIST_CONST: &'static Policy = list_orders::POLICY;
const CREDENTIALS: bool = LIST_CONST.allows_credentials();

fn main() {
    assert!(!CREDENTIALS);
    assert!(core::ptr::eq(LIST, LIST_CONST));
    println!("{}", list_orders::POLICY);
}
