//! The same policies on actix-web: one `policy!` for a whole scope with
//! `cors_runtime::actix::Cors`, and `#[cors]` handlers on one path with `actix_resource!`
//! (each on the methods its policy lists, preflights answered with the policy of the handler
//! on the requested method).
//!
//! ```sh
//! cargo run --example actix
//! curl -i -H 'Origin: https://app.example.com' http://127.0.0.1:3000/api/orders
//! curl -i -X OPTIONS -H 'Origin: http://localhost:5173' \
//!      -H 'Access-Control-Request-Method: PUT' http://127.0.0.1:3000/profile
//! ```

use actix_web::{App, HttpResponse, HttpServer, web};
use cors_runtime::actix::Cors;
use cors_runtime::{Policy, actix_resource, cors, policy};

/// One policy for every route under `/api`.
static API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
    max_age = 600,
);

/// `GET /api/orders`: a plain actix-web handler; the scope's `Cors` applies `API`.
async fn list_orders() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body("[]")
}

/// `POST /api/orders`.
async fn create_order(body: String) -> HttpResponse {
    HttpResponse::Created().body(format!("created from {} bytes", body.len()))
}

/// `GET /profile`, for pages on any port of localhost.
#[cors(origins = ["http://localhost:*"], methods = [GET])]
async fn show_profile() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body("{\"name\":\"Ada\"}")
}

/// `PUT /profile`: a preflighted write, its preflight cached for five minutes.
#[cors(
    origins = ["http://localhost:*"],
    methods = [PUT],
    allow_headers = ["content-type"],
    max_age = 300,
)]
async fn update_profile(body: String) -> String {
    format!("stored {} bytes", body.len())
}

fn main() -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let server = HttpServer::new(|| {
            App::new()
                .service(
                    web::scope("/api")
                        .wrap(Cors::new(&API))
                        .route("/orders", web::get().to(list_orders))
                        .route("/orders", web::post().to(create_order)),
                )
                .service(actix_resource!("/profile", show_profile, update_profile))
        })
        .bind(("127.0.0.1", 3000))?;
        for addr in server.addrs() {
            println!("listening on http://{addr}");
        }
        println!(
            "/api policy:\n{API}\nPUT /profile policy:\n{}",
            update_profile::POLICY
        );
        server.run().await
    })
}
