// actix_resource!: a path has at most nine standard methods, one handler each; twelve
// handlers is the most one resource mounts.
use actix_web::App;
use cors_runtime::actix_resource;

fn main() {
    let _app = App::new().service(actix_resource!(
        "/orders",
        a, b, c, d, e, f, g, h, i, j, k, l, m
    ));
}
