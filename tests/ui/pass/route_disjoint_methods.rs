// `route![a, b]` on disjoint methods inside an `axum::Router`, with extension methods and a
// handler path through a module.
use axum::extract::Path;
use axum::http::StatusCode;
use axum::Router;
use cors_runtime::{cors, route};

#[cors(origins = ["https://app.example.com"], methods = [GET, HEAD], max_age = 600)]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    allow_headers = ["content-type"],
    credentials,
)]
async fn create_order(body: String) -> (StatusCode, String) {
    (StatusCode::CREATED, body)
}

mod admin {
    use cors_runtime::cors;

    #[cors(origins = ["https://admin.example.com"], methods = [DELETE, "PURGE"])]
    pub async fn purge(axum::extract::Path(id): axum::extract::Path<u32>) -> String {
        format!("purged {id}")
    }
}

#[cors(origins = ["https://app.example.com"], methods = [PUT])]
async fn replace(Path(id): Path<u32>) -> String {
    format!("replaced {id}")
}

fn main() {
    let _app: Router = Router::new()
        .route("/orders", route![list_orders, create_order])
        .route("/orders/{id}", route![admin::purge, replace]);
}
