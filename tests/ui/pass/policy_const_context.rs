// `NAME::POLICY` is a `&'static Policy` usable in `static` and `const` items.
use cors_runtime::{CorsLayer, Policy, cors};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

static LIST: &Policy = list_orders::POLICY;
const LIST_CONST: &'static Policy = list_orders::POLICY;
static LAYER: CorsLayer = CorsLayer::new(list_orders::POLICY);
const ANY: bool = list_orders::POLICY.allows_any_origin();
const CREDENTIALS: bool = LIST_CONST.allows_credentials();

fn main() {
    assert!(!ANY && !CREDENTIALS);
    assert!(core::ptr::eq(LIST, LIST_CONST));
    let _ = &LAYER;
    println!("{}", list_orders::POLICY);
}
