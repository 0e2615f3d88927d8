//! The page server: the demo page, on a second origin, and the refusal log it reads.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};

use crate::refusals::RefusalLog;

const PAGE: &str = include_str!("page.html");

#[derive(Clone)]
struct PageState {
    api_base: String,
    log: RefusalLog,
}

async fn page(State(state): State<PageState>) -> impl IntoResponse {
    let html = PAGE.replace("{{API_BASE}}", &state.api_base);
    ([(CACHE_CONTROL, "no-store")], Html(html))
}

/// The refusals logged so far; the page is on this server's origin, so it needs no CORS.
async fn refusals(State(state): State<PageState>) -> impl IntoResponse {
    let (total, entries) = state.log.snapshot();
    (
        [
            (CACHE_CONTROL, "no-store"),
            (CONTENT_TYPE, "application/json"),
        ],
        Json(serde_json::json!({ "total": total, "entries": entries })),
    )
}

/// The page router: `/` is the page calling the API at `api_base` (`http://host:port`),
/// `/refusals` the refusals `log` kept so far.
pub(crate) fn router(api_base: String, log: RefusalLog) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/refusals", get(refusals))
        .with_state(PageState { api_base, log })
}
