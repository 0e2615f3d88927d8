//! In-process servers on ephemeral loopback ports, axum or actix-web, each with a log of
//! the requests it saw, so a scenario can count what the browser really sent (preflights
//! included), with the Fetch Metadata headers it added and the status the server answered.
//!
//! An actix-web server ([`serve_actix`]) runs as actix-web runs in production: an
//! `HttpServer` whose worker has a thread and a single-threaded runtime of its own, its
//! accept loop driven from this process's tokio runtime.

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse, Transform};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One request as it reached the server, before any layer of the router.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) origin: Option<String>,
    pub(crate) cookie: Option<String>,
    /// `Access-Control-Request-Method`, on preflights.
    pub(crate) request_method: Option<String>,
    /// `Sec-Fetch-Site`: `same-origin`, `same-site`, `cross-site` or `none`.
    pub(crate) fetch_site: Option<String>,
    /// `Sec-Fetch-Mode`: `cors`, `no-cors`, `navigate`, `websocket`, ...
    pub(crate) fetch_mode: Option<String>,
    /// `Sec-Fetch-Dest`: `empty`, `document`, `iframe`, ...
    pub(crate) fetch_dest: Option<String>,
    /// `Sec-Fetch-User`: `?1` on a navigation the user started.
    pub(crate) fetch_user: Option<String>,
    /// `Upgrade`, on WebSocket handshakes.
    pub(crate) upgrade: Option<String>,
    /// `Content-Type`: a form's enctype.
    pub(crate) content_type: Option<String>,
    /// The status the server answered; `None` until it has.
    pub(crate) status: Option<u16>,
}

impl Seen {
    /// The Fetch Metadata and `Origin` the browser sent, for tables and messages:
    /// `site / mode / dest / origin`, `-` for a header it did not send.
    pub(crate) fn metadata(&self) -> String {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
        format!(
            "Sec-Fetch-Site {} / Sec-Fetch-Mode {} / Sec-Fetch-Dest {} / Origin {}",
            show(&self.fetch_site),
            show(&self.fetch_mode),
            show(&self.fetch_dest),
            show(&self.origin)
        )
    }
}

/// The requests a server saw, in order.
#[derive(Clone, Default)]
pub(crate) struct RequestLog(Arc<Mutex<Vec<Seen>>>);

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, Vec<Seen>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a request, its headers read by `header`; its index, for [`answered_with`].
    ///
    /// [`answered_with`]: RequestLog::answered_with
    fn push(&self, method: &str, path: &str, header: impl Fn(&str) -> Option<String>) -> usize {
        let seen = Seen {
            method: method.to_owned(),
            path: path.to_owned(),
            origin: header("origin"),
            cookie: header("cookie"),
            request_method: header("access-control-request-method"),
            fetch_site: header("sec-fetch-site"),
            fetch_mode: header("sec-fetch-mode"),
            fetch_dest: header("sec-fetch-dest"),
            fetch_user: header("sec-fetch-user"),
            upgrade: header("upgrade"),
            content_type: header("content-type"),
            status: None,
        };
        let mut log = self.lock();
        log.push(seen);
        log.len() - 1
    }

    /// Records the status the server answered the `index`-th request with.
    fn answered_with(&self, index: usize, status: u16) {
        self.lock()[index].status = Some(status);
    }

    /// Every request to `path` (without its query) with `method`.
    pub(crate) fn seen(&self, method: &str, path: &str) -> Vec<Seen> {
        self.lock()
            .iter()
            .filter(|s| s.method == method && s.path == path)
            .cloned()
            .collect()
    }

    /// How many `method` requests reached `path`.
    pub(crate) fn count(&self, method: &str, path: &str) -> usize {
        self.seen(method, path).len()
    }

    /// How many preflights (`OPTIONS` with `Access-Control-Request-Method`) reached `path`.
    pub(crate) fn preflights(&self, path: &str) -> usize {
        self.seen("OPTIONS", path)
            .iter()
            .filter(|s| s.request_method.is_some())
            .count()
    }

    /// The requests to `path` with `method` that the server has answered, waiting up to
    /// ten seconds for the `expected`-th of them (a form's answer reaches the server's log
    /// when the server has sent it, which may be after the page saw its frame load).
    pub(crate) async fn answered(&self, method: &str, path: &str, expected: usize) -> Vec<Seen> {
        let answered = || -> Vec<Seen> {
            self.seen(method, path)
                .into_iter()
                .filter(|s| s.status.is_some())
                .collect()
        };
        for _ in 0..200 {
            let seen = answered();
            if seen.len() >= expected {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        answered()
    }

    /// Everything, for failure messages.
    pub(crate) fn dump(&self) -> String {
        self.lock()
            .iter()
            .map(|s| {
                format!(
                    "{} {} -> {} (origin {:?}, request method {:?}, {}{})",
                    s.method,
                    s.path,
                    s.status
                        .map_or("no answer yet".to_owned(), |s| s.to_string()),
                    s.origin,
                    s.request_method,
                    s.metadata(),
                    s.upgrade
                        .as_ref()
                        .map_or(String::new(), |u| format!(", upgrade {u}")),
                )
            })
            .collect::<Vec<_>>()
            .join("\n  ")
    }
}

/// A header value as text (lossy), for the log.
fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    let index = log.push(request.method().as_str(), request.uri().path(), |name| {
        request.headers().get(name).map(|v| text(v.as_bytes()))
    });
    let response = next.run(request).await;
    log.answered_with(index, response.status().as_u16());
    response
}

/// A router served on `127.0.0.1:0`; stops accepting when dropped.
pub(crate) struct Server {
    pub(crate) port: u16,
    pub(crate) log: RequestLog,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `router` on an ephemeral loopback port, recording every request first.
pub(crate) async fn serve(router: Router) -> Result<Server, String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:0: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?
        .port();
    let log = RequestLog::default();
    let app = router.layer(middleware::from_fn_with_state(log.clone(), record));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Server { port, log, task })
}

/// The actix-web middleware that records every request in a [`RequestLog`]: outermost, so
/// it sees what the browser sent before any other middleware answers.
pub(crate) struct Record(RequestLog);

impl<S, B> Transform<S, ServiceRequest> for Record
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = Recording<S>;
    type InitError = ();
    type Future = Ready<Result<Recording<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(Recording {
            service: Rc::new(service),
            log: self.0.clone(),
        }))
    }
}

/// The service of [`Record`].
pub(crate) struct Recording<S> {
    service: Rc<S>,
    log: RequestLog,
}

type Recorded<B> = Pin<Box<dyn Future<Output = Result<ServiceResponse<B>, actix_web::Error>>>>;

impl<S, B> Service<ServiceRequest> for Recording<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = Recorded<B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let index = self
            .log
            .push(request.method().as_str(), request.path(), |name| {
                request.headers().get(name).map(|v| text(v.as_bytes()))
            });
        let log = self.log.clone();
        let answer = self.service.call(request);
        Box::pin(async move {
            let response = answer.await?;
            log.answered_with(index, response.status().as_u16());
            Ok(response)
        })
    }
}

/// Serves the actix-web `App` that `make` builds (once per worker) on an ephemeral loopback
/// port, recording every request first; stops when the [`Server`] is dropped.
pub(crate) async fn serve_actix<F, T, B>(make: F) -> Result<Server, String>
where
    F: Fn() -> actix_web::App<T> + Send + Clone + 'static,
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: MessageBody + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("cannot listen on 127.0.0.1:0: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?
        .port();
    let log = RequestLog::default();
    let recorded = log.clone();
    let server = actix_web::HttpServer::new(move || make().wrap(Record(recorded.clone())))
        // One worker: the scenarios make a few requests at a time.
        .workers(1)
        .disable_signals()
        // Idle connections stay open for the whole scenario, as hyper keeps them: a
        // browser never reuses one the server is closing.
        .keep_alive(Duration::from_secs(120))
        .listen(listener)
        .map_err(|e| format!("actix-web cannot listen on port {port}: {e}"))?
        .run();
    // Dropping the server future (the task aborted) stops its worker and accept loop.
    let task = tokio::spawn(async move {
        let _ = server.await;
    });
    Ok(Server { port, log, task })
}

/// An empty page: the origin the scenarios' scripts run on.
pub(crate) fn blank_page() -> Router {
    Router::new().route(
        "/",
        get(|| async {
            (
                [(CACHE_CONTROL, "no-store")],
                Html(
                    "<!doctype html><html><head><meta charset=\"utf-8\">\
                     <title>cors-runtime browser test</title></head><body></body></html>",
                ),
            )
                .into_response()
        }),
    )
}
