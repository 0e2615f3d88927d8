// route!: two handlers claiming one method.
use axum::Router;
use cors_runtime::{cors, route};

#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = [POST])]
async fn create_order() -> &'static str {
    "created"
}

fn main() {
    let _app: Router = Router::new().route("/orders", route![list_orders, create_order]);
}
