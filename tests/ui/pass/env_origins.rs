// Origins from the environment: `env("NAME")` and `env("NAME", default = [...])` in
// `#[cors]` and `policy!`, mounted with `route!` and `CorsLayer`. A `dangerously_*` flag
// the default does not need is allowed: the deployed value may need it.
use axum::Router;
use cors_runtime::{CorsLayer, Policy, cors, policy, route};

#[cors(
    origins = env("ORDERS_ORIGINS", default = ["http://localhost:*", "https://*.example.com"]),
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
)]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = env("ORDERS_ORIGINS"), methods = [POST], credentials)]
async fn create_order() -> &'static str {
    "{}"
}

static API: Policy = policy!(origins = env("API_ORIGINS", default = ["*"]), methods = [GET]);

fn main() {
    let policy: &'static Policy = list_orders::POLICY;
    let _ = policy.to_string();
    let _ = create_order::POLICY;
    let _app: fn() -> Router = || {
        Router::new()
            .route("/orders", route![list_orders, create_order])
            .layer(CorsLayer::new(&API))
    };
}
