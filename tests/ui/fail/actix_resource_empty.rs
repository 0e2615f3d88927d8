// actix_resource!: at least one handler after the path.
use actix_web::App;
use cors_runtime::actix_resource;

fn main() {
    let _app = App::new().service(actix_resource!("/orders"));
}
