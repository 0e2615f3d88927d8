// route!: every handler must carry `#[cors]`.
use axum::Router;
use cors_runtime::route;

async fn list_orders() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new().route("/orders", route![list_orders]);
}
