// route!: at least one handler.
use axum::Router;
use cors_runtime::route;

fn main() {
    let _app: Router = Router::new().route("/orders", route![]);
}
