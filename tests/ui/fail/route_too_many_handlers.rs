// route!: a path has at most nine standard methods, one handler each; twelve handlers is
// the most one route mounts.
use axum::Router;
use cors_runtime::route;

fn main() {
    let _app: Router = Router::new().route(
        "/orders",
        route![a, b, c, d, e, f, g, h, i, j, k, l, m],
    );
}
