// `policy!` in a `static` and in `CorsLayer::new(&API)`, on a router, a method router and a
// route layer.
use axum::routing::get;
use axum::Router;
use cors_runtime::{CorsLayer, Policy, policy};

static API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
);

static PUBLIC: Policy = policy!(origins = ["*"], methods = [GET]);

const INTERNAL: Policy = policy!(origins = ["http://localhost:*"], methods = [GET]);
static INTERNAL_REF: &Policy = &INTERNAL;

fn main() {
    let _app: Router = Router::new()
        .route("/orders", get(|| async { "[]" }).layer(CorsLayer::new(&API)))
        .route("/status", get(|| async { "ok" }))
        .route("/internal", get(|| async { "ok" }))
        .route_layer(CorsLayer::new(INTERNAL_REF))
        .layer(CorsLayer::new(&PUBLIC));
    println!("{API}");
}
