// A policy with errors still gives `NAME::POLICY` and the `static`: using them in `route!`,
// `CorsLayer::new` and `Display` adds no follow-up error to the three real ones.
use axum::routing::get;
use axum::Router;
use cors_runtime::{CorsLayer, Policy, cors, policy, route};

#[cors(origins = ["https://app.example.com/"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = [get])]
async fn create_order() -> &'static str {
    "[]"
}

static API: Policy = policy!(origins = ["*"], methods = [GET], credentials);

fn main() {
    let _a: Router = Router::new().route("/orders", route![list_orders, create_order]);
    let _b: Router = Router::new().route("/o", get(list_orders)).layer(CorsLayer::new(list_orders::POLICY)).layer(CorsLayer::new(&API));
    println!("{}", API);
}
