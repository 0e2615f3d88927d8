// `#[cors]` with `#[axum::debug_handler]`, in both orders, with real extractors.
use axum::extract::Path;
use axum::routing::{get, post};
use axum::Router;
use cors_runtime::{CorsLayer, cors};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[axum::debug_handler]
async fn get_order(Path(id): Path<u32>) -> String {
    format!("order {id}")
}

#[axum::debug_handler]
#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    allow_headers = ["content-type"],
)]
async fn update_order(Path(id): Path<u32>, body: String) -> String {
    format!("order {id}: {body}")
}

fn main() {
    let _app: Router = Router::new()
        .route("/orders/{id}", get(get_order).layer(CorsLayer::new(get_order::POLICY)))
        .route(
            "/orders/{id}/update",
            post(update_order).layer(CorsLayer::new(update_order::POLICY)),
        );
}
