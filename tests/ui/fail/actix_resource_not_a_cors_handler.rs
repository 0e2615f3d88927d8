// actix_resource!: every handler must carry `#[cors]`.
use actix_web::App;
use cors_runtime::actix_resource;

async fn list_orders() -> &'static str {
    "[]"
}

fn main() {
    let _app = App::new().service(actix_resource!("/orders", list_orders));
}
