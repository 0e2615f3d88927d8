// `pub` and `pub(crate)` handlers keep their visibility; `NAME::POLICY` is reachable from
// another module.
mod api {
    use cors_runtime::cors;

    /// Lists orders.
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    pub async fn list_orders() -> &'static str {
        "[]"
    }

    #[cors(origins = ["https://app.example.com"], methods = [POST])]
    pub(crate) async fn create_order() -> &'static str {
        "created"
    }

    pub mod nested {
        use cors_runtime::cors;

        #[cors(origins = ["https://app.example.com"], methods = [DELETE])]
        pub(super) async fn delete_order() -> &'static str {
            "deleted"
        }

        pub fn policy() -> &'static cors_runtime::Policy {
            delete_order::POLICY
        }
    }
}

use axum::routing::{get, post};
use axum::Router;
use cors_runtime::CorsLayer;

fn main() {
    let _app: Router = Router::new()
        .route("/orders", get(api::list_orders).layer(CorsLayer::new(api::list_orders::POLICY)))
        .route("/new", post(api::create_order).layer(CorsLayer::new(api::create_order::POLICY)));
    let _ = api::nested::policy();
}
