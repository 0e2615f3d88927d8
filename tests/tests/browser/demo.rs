//! The demo of `examples/demo/` (its own API, page and refusal log modules), served
//! in-process on ephemeral ports: its API on axum (`api.rs`) or on actix-web
//! (`actix_api.rs`, as `--framework actix` serves it), its page on axum.

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use tracing::Dispatch;
use tracing::instrument::WithSubscriber;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Layer, SubscriberExt};

use crate::Framework;
use crate::refusals::RefusalLog;
use crate::server::{self, Server};

/// The demo's two servers.
pub(crate) struct Demo {
    pub(crate) api: Server,
    pub(crate) page: Server,
    /// What the demo API's handlers counted (notes accepted, orders created).
    pub(crate) counts: crate::api::Counts,
}

/// Makes the demo's scoped refusal log reliable; call once, before any server starts.
///
/// `tracing-core` caches, per callsite, whether any subscriber is interested. While exactly
/// one dispatcher is registered, a callsite hit for the first time takes its interest from
/// the *current thread's* dispatcher only: a refusal first logged by another scenario's
/// server (no subscriber) while the demo runs would be cached as "never" and the demo would
/// miss it. A second, global dispatcher makes the cache ask every registered dispatcher.
pub(crate) fn prepare_tracing() {
    let _ = tracing::subscriber::set_global_default(tracing::subscriber::NoSubscriber::new());
}

/// Runs each API request with the demo's refusal log as the tracing subscriber, so the log
/// keeps this demo's refusals only (scenarios run side by side in one process).
async fn with_log(State(dispatch): State<Dispatch>, request: Request, next: Next) -> Response {
    next.run(request).with_subscriber(dispatch).await
}

/// Starts the demo API on `framework` and, on a second origin, the demo page calling it.
pub(crate) async fn start(framework: Framework) -> Demo {
    let log = RefusalLog::default();
    let subscriber = tracing_subscriber::registry().with(
        log.clone()
            .with_filter(Targets::new().with_target("cors_runtime", tracing::Level::DEBUG)),
    );
    let dispatch = Dispatch::new(subscriber);
    // As the demo does before it listens: `DEMO_ORIGINS` is unset here, so the `/orders`
    // handlers resolve to their four default origins.
    let counts = crate::api::Counts::default();
    let api = match framework {
        Framework::Axum => {
            let errors = crate::api::resolve_policies();
            assert!(errors.is_empty(), "{errors:?}");
            let api = crate::api::router_counting(counts.clone())
                .layer(middleware::from_fn_with_state(dispatch, with_log));
            server::serve(api).await
        }
        Framework::Actix => {
            let errors = crate::actix_api::resolve_policies();
            assert!(errors.is_empty(), "{errors:?}");
            let counts = counts.clone();
            server::serve_actix(move || {
                let dispatch = dispatch.clone();
                actix_web::App::new()
                    .configure(crate::actix_api::routes(counts.clone()))
                    // `with_log` for actix-web: the request, from the inner service's
                    // `call` (where `actix_resource!` decides) on, runs under the log.
                    .wrap(actix_web::middleware::from_fn(
                        move |request, next: actix_web::middleware::Next<_>| {
                            async move { next.call(request).await }
                                .with_subscriber(dispatch.clone())
                        },
                    ))
            })
            .await
        }
    };
    let api = api.expect("the demo API starts");
    let page = crate::page::router(format!("http://127.0.0.1:{}", api.port), log);
    let page = server::serve(page).await.expect("the demo page starts");
    Demo { api, page, counts }
}
