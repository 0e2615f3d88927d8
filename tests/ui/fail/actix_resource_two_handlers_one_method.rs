// actix_resource!: two handlers claiming one method.
use actix_web::{App, HttpResponse};
use cors_runtime::{actix_resource, cors};

#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = [POST])]
async fn create_order() -> HttpResponse {
    HttpResponse::Created().finish()
}

fn main() {
    let _app = App::new().service(actix_resource!("/orders", list_orders, create_order));
}
