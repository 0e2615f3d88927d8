//! Customers bring their own domains: `/orders` allows the company's app and every tenant's
//! origin, kept in a live set (`OriginSet`, named in the policy with `live(TENANTS)`). The
//! set is seeded at startup and changed by an admin route while the service runs, with the
//! same checks as origins written in the source.
//!
//! ```sh
//! cargo run --example tenants        # on 127.0.0.1:3000; PORT=4000 for another port
//! curl -i -H 'Origin: https://shop.acme.test' http://127.0.0.1:3000/orders   # allowed
//! curl -i -H 'Origin: https://shop.initech.test' http://127.0.0.1:3000/orders # not yet
//! curl -i -X POST -H 'content-type: application/json' \
//!      -d '{"origin": "https://shop.initech.test"}' http://127.0.0.1:3000/admin/tenants
//! curl -i -X POST -H 'content-type: application/json' \
//!      -d '{"origin": "https://shop.initech.test/"}' http://127.0.0.1:3000/admin/tenants # 422
//! curl http://127.0.0.1:3000/admin/tenants
//! curl -i -X DELETE -H 'content-type: application/json' \
//!      -d '{"origin": "https://shop.initech.test"}' http://127.0.0.1:3000/admin/tenants
//! ```

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use cors_runtime::{CorsLayer, OriginSet, Policy, PolicyError, cors, policy, route};
use serde::Deserialize;
use serde_json::{Value, json};

/// The tenants' own origins: exact origins and patterns, changed while the service runs.
static TENANTS: OriginSet = OriginSet::new();

/// What the tenants table holds at startup (a database query in a real service).
const TENANT_ROWS: [&str; 2] = ["https://shop.acme.test", "https://*.portal.globex.test"];

/// The orders, read and written with cookies by the company's app and by every tenant's
/// pages, as the set is when the request comes.
#[cors(origins = ["https://app.example.com", live(TENANTS)], methods = [GET, POST], credentials)]
async fn orders() -> &'static str {
    "[]"
}

/// The admin routes' policy: only the admin console may call them from a browser.
///
/// Under a policy, the guard on writes (SPEC 10) refuses a `POST` or `DELETE` sent by a page
/// on another site (a cross-site `<form>`, a tenant's script) with `403` before the handler
/// runs, even with the admin's cookies; same-origin tooling and clients that send no
/// `Origin` (curl, scripts) pass. With no policy the route would be plain axum: no guard,
/// only the JSON content type standing between a cross-site form and `TENANTS`. The list
/// must never name `live(TENANTS)`: a tenant could then add origins.
static ADMIN: Policy = policy!(
    origins = ["https://admin.example.com"],
    methods = [GET, POST, DELETE],
    allow_headers = ["content-type"],
    credentials,
);

/// The body of `POST` and `DELETE /admin/tenants`.
#[derive(Deserialize)]
struct Tenant {
    origin: String,
}

/// `GET /admin/tenants`: how many entries, and which.
async fn list_tenants() -> String {
    format!("tenants ({}): {TENANTS}\n", TENANTS.len())
}

/// `POST /admin/tenants`: `201 Created` when added, `200 OK` when already there, `422` with
/// every problem of the origin (the message and help the compiler gives for the same
/// mistake in a literal list).
async fn add_tenant(Json(tenant): Json<Tenant>) -> (StatusCode, Json<Value>) {
    let status = match TENANTS.insert(&tenant.origin) {
        Ok(true) => StatusCode::CREATED,
        Ok(false) => StatusCode::OK,
        Err(error) => return (StatusCode::UNPROCESSABLE_ENTITY, Json(problems(&error))),
    };
    (status, Json(json!({ "origin": tenant.origin })))
}

/// `DELETE /admin/tenants`: `204 No Content` when removed, `404` when not in the set.
async fn remove_tenant(Json(tenant): Json<Tenant>) -> StatusCode {
    if TENANTS.remove(&tenant.origin) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

/// `{"problems": [{"entry": ..., "message": ..., "help": ...}, ...]}`.
fn problems(error: &PolicyError) -> Value {
    let problems: Vec<Value> = error
        .problems()
        .map(|p| json!({ "entry": p.entry(), "message": p.message(), "help": p.help() }))
        .collect();
    json!({ "problems": problems })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A bad row stops the service before it listens, with every problem.
    TENANTS.replace(TENANT_ROWS)?;
    let admin = get(list_tenants)
        .post(add_tenant)
        .delete(remove_tenant)
        .layer(CorsLayer::new(&ADMIN));
    let app = Router::new()
        .route("/orders", route![orders])
        .route("/admin/tenants", admin);
    let port: u16 = std::env::var("PORT").map_or(Ok(3000), |port| port.parse())?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    println!("tenants: {TENANTS}");
    axum::serve(listener, app).await?;
    Ok(())
}
