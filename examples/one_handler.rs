//! One handler, one policy: `#[cors]` on the handler, mounted with `route!`.
//!
//! ```sh
//! cargo run --example one_handler
//! curl -i -X OPTIONS -H 'Origin: http://localhost:5173' \
//!      -H 'Access-Control-Request-Method: PUT' http://127.0.0.1:3000/profile
//! ```

use axum::Router;
use cors_runtime::{cors, route};

#[cors(origins = ["http://localhost:*"], methods = [GET])]
async fn show_profile() -> &'static str {
    "{\"name\":\"Ada\"}"
}

#[cors(
    origins = ["http://localhost:*"],
    methods = [PUT],
    allow_headers = ["content-type"],
    max_age = 300,
)]
async fn update_profile(body: String) -> String {
    format!("stored {} bytes", body.len())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/profile", route![show_profile, update_profile]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    println!("GET policy:\n{}", show_profile::POLICY);
    axum::serve(listener, app).await
}
