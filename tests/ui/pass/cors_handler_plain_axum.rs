// The attribute leaves the function as written: it is still a plain axum handler, its doc and
// attributes kept, and callable directly.
use axum::routing::get;
use axum::Router;
use cors_runtime::cors;

/// Says hello.
#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[inline]
async fn hello() -> &'static str {
    "hello"
}

#[cors(origins = ["https://app.example.com"], methods = [GET],)]
async fn r#trailing_comma_and_raw_name() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new()
        .route("/hello", get(hello))
        .route("/raw", get(r#trailing_comma_and_raw_name));
    let _future = hello();
    let _ = trailing_comma_and_raw_name::POLICY;
}
