// route!: a `methods = ["*"]` handler claims every method, so it overlaps any other.
use axum::Router;
use cors_runtime::{cors, route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = ["*"])]
async fn anything() -> &'static str {
    "any"
}

fn main() {
    let _app: Router = Router::new().route("/orders", route![list_orders, anything]);
}
