//! One policy for a whole router: `policy!` in a `static`, applied with `CorsLayer`.
//!
//! ```sh
//! cargo run --example router_layer
//! curl -i -H 'Origin: https://app.example.com' http://127.0.0.1:3000/orders
//! ```

use axum::Router;
use axum::routing::{get, post};
use cors_runtime::{CorsLayer, Policy, policy};

static API: Policy = policy!(
    origins = [
        "https://app.example.com",
        "https://*.example.com",
        "http://localhost:*"
    ],
    methods = [GET, POST, DELETE],
    allow_headers = ["content-type", "authorization"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new()
        .route(
            "/orders",
            get(|| async { "[]" }).post(|| async { "created" }),
        )
        .route("/orders/{id}", post(|| async { "updated" }))
        .layer(CorsLayer::new(&API));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}\n{API}", listener.local_addr()?);
    axum::serve(listener, app).await
}
