// `live(NAME)` alone, beside literal origins, by path, in `#[cors]` and `policy!`, shared
// by several policies, with `route!` and `CorsLayer`.
use axum::Router;
use cors_runtime::{CorsLayer, OriginSet, Policy, cors, policy, route};

static TENANTS: OriginSet = OriginSet::new();

mod previews {
    pub static SETS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
}

static ALONE: Policy = policy!(origins = [live(TENANTS)], methods = [GET], credentials);
static BESIDE: Policy = policy!(
    origins = ["https://app.example.com", "http://localhost:*", live(crate::previews::SETS)],
    methods = [GET, PUT],
    dangerously_allow_cross_origin_writes,
);

#[cors(origins = ["https://app.example.com", live(TENANTS)], methods = [GET], credentials)]
async fn orders() -> &'static str {
    "[]"
}

#[cors(origins = [live(self::TENANTS)], methods = [POST])]
async fn create_order() -> &'static str {
    "{}"
}

fn main() {
    let _: Router = Router::new()
        .route("/orders", route![orders, create_order])
        .route("/a", axum::routing::get(|| async { "a" }))
        .layer(CorsLayer::new(&ALONE))
        .layer(CorsLayer::new(&BESIDE));
    TENANTS.replace(["https://shop.acme.test"]).unwrap();
    assert!(ALONE.allows_origin(b"https://shop.acme.test"));
    assert!(orders::POLICY.allows_origin(b"https://shop.acme.test"));
    assert!(!BESIDE.allows_origin(b"https://shop.acme.test"));
}
