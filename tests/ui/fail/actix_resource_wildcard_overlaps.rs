// actix_resource!: a `methods = ["*"]` handler claims every method, so it overlaps any other.
use actix_web::App;
use cors_runtime::{actix_resource, cors};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = ["*"])]
async fn anything() -> &'static str {
    "any"
}

fn main() {
    let _app = App::new().service(actix_resource!("/orders", list_orders, anything));
}
