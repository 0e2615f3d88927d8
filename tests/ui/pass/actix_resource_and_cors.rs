// actix-web: `#[cors]` handlers mounted by `actix_resource!` (extractors, a handler path
// through a module, generic arguments, extension methods), and `Cors` wrapping an `App`,
// a `Scope` and a `Resource`. The attribute leaves an actix handler as written: it is
// still mountable by hand and callable directly.
use actix_web::{App, HttpResponse, web};
use cors_runtime::actix::Cors;
use cors_runtime::{Policy, actix_resource, cors, policy};

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
async fn create_order(body: String) -> HttpResponse {
    HttpResponse::Created().body(body)
}

mod admin {
    use cors_runtime::cors;

    #[cors(origins = ["https://admin.example.com"], methods = [DELETE, "PURGE"])]
    pub async fn purge(id: actix_web::web::Path<u32>) -> String {
        format!("purged {id}")
    }
}

#[cors(origins = ["https://app.example.com"], methods = [PUT])]
async fn replace(id: web::Path<u32>, body: web::Bytes) -> String {
    format!("replaced {id} with {} bytes", body.len())
}

trait Store: Clone + 'static {
    fn count(&self) -> usize;
}

#[derive(Clone)]
struct Memory;

impl Store for Memory {
    fn count(&self) -> usize {
        0
    }
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn count<S: Store>(store: web::Data<S>) -> String {
    store.count().to_string()
}

#[cors(origins = ["https://app.example.com"], methods = [DELETE])]
async fn reset<S: Store>(_store: web::Data<S>) -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Says hello.
#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[inline]
async fn hello() -> &'static str {
    "hello"
}

static API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
);

static PUBLIC: Policy = policy!(origins = ["*"], methods = [GET]);

fn main() {
    let _resources = App::new()
        .app_data(web::Data::new(Memory))
        .service(actix_resource!("/orders", list_orders, create_order))
        .service(actix_resource!("/orders/{id}", admin::purge, replace))
        .service(actix_resource!("/store", count::<Memory>, reset::<Memory>,))
        .route("/hello", web::get().to(hello));

    let _wrapped = App::new()
        .wrap(Cors::new(&API))
        .route("/orders", web::get().to(|| async { "[]" }))
        .route("/orders", web::post().to(|| async { HttpResponse::Created() }));

    let _scoped = App::new().service(
        web::scope("/api")
            .wrap(Cors::new(&API))
            .route("/orders", web::get().to(|| async { "[]" })),
    );

    let _resource = App::new().service(
        web::resource("/status")
            .wrap(Cors::new(&PUBLIC))
            .route(web::get().to(|| async { "ok" })),
    );

    let _ = hello();
    let _ = hello::POLICY;
    let _ = count::POLICY;
}
