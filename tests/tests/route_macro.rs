//! `route![...]` (SPEC sections 2 and 5): each `#[cors]` handler on the methods its policy
//! lists, with its own policy on its responses, and preflights decided by the policy of the
//! handler mounted on the requested method. Every handler also runs as its twin with
//! origins read at startup and with origins in a live set (`twin_handlers!`), and on
//! actix-web, mounted by `actix_resource!` with the same policy: same responses.

mod common;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use common::{Reply, preflight, request, send, with_origin};
use cors_runtime::{cors, route};

const A: &str = "https://a.example";
const B: &str = "https://b.example";

type Answer = (StatusCode, [(&'static str, &'static str); 1], &'static str);

/// Every handler three times: in `literal` as written, in `env` with its origins read at
/// startup (`origins = env(...)`, resolved from the same list), and in `live` with its
/// origins in a live set (`origins = [live(...)]`, filled with the same list; a `"*"`
/// handler stays as written there).
macro_rules! twin_handlers {
    ($(
        #[cors(origins = [$($origin:tt),* $(,)?] $(, $($rest:tt)*)?)]
        async fn $name:ident($($params:tt)*) -> $ret:ty $body:block
    )*) => {
        mod literal {
            use super::*;
            $(
                #[cors(origins = [$($origin),*] $(, $($rest)*)?)]
                pub(super) async fn $name($($params)*) -> $ret $body
            )*
        }
        mod env {
            use super::*;
            $(
                #[cors(origins = env("CORS_TESTS_TWIN_ORIGINS") $(, $($rest)*)?)]
                pub(super) async fn $name($($params)*) -> $ret $body
            )*
            /// Resolves every twin from its literal's list.
            pub(super) fn resolve() {
                $(
                    crate::common::twins::resolve_twin(
                        super::literal::$name::POLICY,
                        $name::POLICY,
                        &[$($origin),*],
                    );
                )*
            }
        }
        mod on_actix {
            use super::*;
            use crate::common::actix::{State, answer};
            $(
                #[cors(origins = [$($origin),*] $(, $($rest)*)?)]
                pub(super) async fn $name($($params)*) -> actix_web::HttpResponse {
                    answer(async move $body.await).await
                }
            )*
        }
        mod live {
            use super::*;
            /// One live set per handler, named after it (a `"*"` handler's stays unused).
            #[allow(non_upper_case_globals, dead_code)]
            mod sets {
                $(pub(super) static $name: cors_runtime::OriginSet = cors_runtime::OriginSet::new();)*
            }
            $(
                live_handler!([$($origin),*] ($(, $($rest)*)?) $name ($($params)*) $ret, $body);
            )*
            /// Fills every handler's set with its literal's list.
            pub(super) fn fill() {
                $(live_fill!([$($origin),*] sets::$name);)*
            }
        }
    };
}

/// One handler of `live`: its origins in its set, but for `"*"`.
macro_rules! live_handler {
    (["*"] ($($rest:tt)*) $name:ident ($($params:tt)*) $ret:ty, $body:block) => {
        #[cors(origins = ["*"] $($rest)*)]
        pub(super) async fn $name($($params)*) -> $ret $body
    };
    ([$($origin:tt),*] ($($rest:tt)*) $name:ident ($($params:tt)*) $ret:ty, $body:block) => {
        #[cors(origins = [live(sets::$name)] $($rest)*)]
        pub(super) async fn $name($($params)*) -> $ret $body
    };
}

/// Fills one handler's live set with its origins (a `"*"` handler has none).
macro_rules! live_fill {
    (["*"] $set:path) => {};
    ([$($origin:tt),*] $set:path) => {
        $set.replace([$($origin),*]).expect("valid live origins")
    };
}

/// `route![handlers]` at `path` (with the router's state, if given), built over the
/// `literal` handlers and over their `env` and `live` twins, and `actix_resource!` over the
/// handlers' actix-web twins: every request goes to each (`common/twins.rs`), and their
/// answers must agree.
macro_rules! twin_router {
    ($path:literal, [$($handler:ident),+] $(, state = $state:expr)?) => {
        common::twins::across(
            twin_router!(@axum Router::new().route($path, route![$($handler),+]) $(.with_state($state))?),
            Router::new().fallback_service(common::actix::Bridge::start(move || {
                use on_actix::*;
                actix_web::App::new()
                    $(.app_data($state))?
                    .service(cors_runtime::actix_resource!($path, $($handler),+))
            })),
        )
    };
    (@axum $router:expr) => {
        common::twins::pair(
            common::twins::pair(
                {
                    use literal::*;
                    $router
                },
                {
                    env::resolve();
                    use env::*;
                    $router
                },
            ),
            {
                live::fill();
                use live::*;
                $router
            },
        )
    };
}

twin_handlers! {
    #[cors(origins = ["https://a.example"], methods = [GET], expose_headers = ["x-a"], max_age = 10)]
    async fn read() -> Answer {
        (StatusCode::ACCEPTED, [("x-handler", "read")], "read")
    }

    #[cors(
        origins = ["https://b.example"],
        methods = [DELETE, PUT],
        allow_headers = ["x-b"],
        credentials,
    )]
    async fn write() -> Answer {
        (StatusCode::ACCEPTED, [("x-handler", "write")], "write")
    }

    #[cors(origins = ["https://a.example", "https://b.example"], methods = [POST])]
    async fn create(body: String) -> (StatusCode, [(&'static str, &'static str); 1], String) {
        (StatusCode::CREATED, [("x-handler", "create")], body)
    }

    #[cors(origins = ["https://a.example", "https://b.example"], methods = ["PURGE", PATCH])]
    async fn purge() -> Answer {
        (StatusCode::ACCEPTED, [("x-handler", "purge")], "purge")
    }

    #[cors(origins = ["https://a.example"], methods = [OPTIONS])]
    async fn options() -> Answer {
        (StatusCode::ACCEPTED, [("x-handler", "options")], "options")
    }

    #[cors(origins = ["*"], methods = ["*"], allow_headers = ["*"])]
    async fn anything() -> Answer {
        (
            StatusCode::ACCEPTED,
            [("x-handler", "anything")],
            "anything",
        )
    }

    #[cors(origins = ["https://a.example"], methods = [GET])]
    async fn stateful(State(n): State<u32>) -> String {
        format!("state {n}")
    }
}

fn app() -> Router {
    twin_router!("/items", [read, write, create])
}

fn assert_ran(reply: &Reply, handler: &str) {
    assert_eq!(reply.header("x-handler"), Some(handler), "{reply:?}");
}

fn assert_allowed(reply: &Reply, origin: &str) {
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(origin),
        "{reply:?}"
    );
    reply.assert_vary_origin_once();
}

fn assert_not_allowed(reply: &Reply) {
    reply.assert_no_cors_grant();
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn preflight_uses_the_policy_of_the_handler_on_the_requested_method() {
    // DELETE and PUT are served by `write`: B only, with credentials.
    for method in ["DELETE", "PUT"] {
        let reply = send(app(), preflight("/items", B, method, Some("x-b"))).await;
        reply.assert_allowed_preflight(B);
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        assert!(
            reply
                .all("access-control-allow-methods")
                .iter()
                .any(|v| v.split(',').any(|m| m.trim() == method))
        );
        assert!(common::covers(
            &reply.list("access-control-allow-headers"),
            "x-b",
            true
        ));
        assert!(reply.headers.get("access-control-max-age").is_none());
        reply.assert_vary_origin_once();

        let reply = send(app(), preflight("/items", A, method, None)).await;
        reply.assert_refused_preflight();
        reply.assert_vary_origin_once();
    }
    // GET is served by `read`: A only, max age 10, no allowed headers.
    let reply = send(app(), preflight("/items", A, "GET", None)).await;
    reply.assert_allowed_preflight(A);
    assert_eq!(reply.header("access-control-max-age"), Some("10"));
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-allow-methods").is_none());
    let reply = send(app(), preflight("/items", B, "GET", None)).await;
    reply.assert_refused_preflight();
    // `write` allows x-b, `read` does not.
    let reply = send(app(), preflight("/items", A, "GET", Some("x-b"))).await;
    reply.assert_refused_preflight();
    // POST is served by `create`: both origins.
    for origin in [A, B] {
        let reply = send(app(), preflight("/items", origin, "POST", None)).await;
        reply.assert_allowed_preflight(origin);
    }
}

#[tokio::test]
async fn preflight_order_of_handlers_does_not_matter() {
    let app = twin_router!("/items", [write, read]);
    let reply = send(app.clone(), preflight("/items", B, "DELETE", None)).await;
    reply.assert_allowed_preflight(B);
    let reply = send(app.clone(), preflight("/items", A, "DELETE", None)).await;
    reply.assert_refused_preflight();
    let reply = send(app.clone(), preflight("/items", A, "GET", None)).await;
    reply.assert_allowed_preflight(A);
    let reply = send(app, preflight("/items", B, "GET", None)).await;
    reply.assert_refused_preflight();
}

#[tokio::test]
async fn head_follows_get() {
    let reply = send(app(), preflight("/items", A, "HEAD", None)).await;
    reply.assert_allowed_preflight(A);
    let reply = send(app(), preflight("/items", B, "HEAD", None)).await;
    reply.assert_refused_preflight();

    // An actual HEAD is served by the GET handler, under its policy.
    let reply = send(app(), with_origin("HEAD", "/items", A)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert_ran(&reply, "read");
    assert_allowed(&reply, A);
    assert_eq!(reply.header("access-control-expose-headers"), Some("x-a"));
    let reply = send(app(), with_origin("HEAD", "/items", B)).await;
    assert_ran(&reply, "read");
    assert_not_allowed(&reply);
}

#[tokio::test]
async fn preflight_for_a_method_no_handler_serves_is_refused() {
    for origin in [A, B] {
        for method in ["PATCH", "PURGE", "OPTIONS"] {
            let reply = send(app(), preflight("/items", origin, method, None)).await;
            reply.assert_refused_preflight();
            reply.assert_vary_origin_once();
        }
    }
}

#[tokio::test]
async fn actual_requests_get_their_handlers_policy() {
    let reply = send(app(), with_origin("GET", "/items", A)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert_ran(&reply, "read");
    assert_eq!(reply.body, "read");
    assert_allowed(&reply, A);
    assert_eq!(reply.header("access-control-expose-headers"), Some("x-a"));
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );

    let reply = send(app(), with_origin("GET", "/items", B)).await;
    assert_ran(&reply, "read");
    assert_not_allowed(&reply);

    for method in ["DELETE", "PUT"] {
        let reply = send(app(), with_origin(method, "/items", B)).await;
        assert_ran(&reply, "write");
        assert_allowed(&reply, B);
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        assert!(reply.headers.get("access-control-expose-headers").is_none());

        // A's policy is `read`'s: to `write`, A is an untrusted origin, and a write from
        // it never reaches the handler (SPEC 10); with `Sec-Fetch-Site: same-origin` it
        // does, without CORS headers.
        send(app(), with_origin(method, "/items", A))
            .await
            .assert_refused_before_handler();
        let same_origin = request(
            method,
            "/items",
            &[("origin", A), ("sec-fetch-site", "same-origin")],
        );
        let reply = send(app(), same_origin).await;
        assert_ran(&reply, "write");
        assert_not_allowed(&reply);
    }

    let reply = send(app(), request("GET", "/items", &[])).await;
    assert_ran(&reply, "read");
    assert_not_allowed(&reply);
}

#[tokio::test]
async fn handlers_with_extractors_and_state() {
    let mut post = with_origin("POST", "/items", B);
    *post.body_mut() = axum::body::Body::from("payload");
    let reply = send(app(), post).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.body, "payload");
    assert_allowed(&reply, B);

    let app: Router = twin_router!("/s", [stateful], state = 7u32);
    let reply = send(app.clone(), with_origin("GET", "/s", A)).await;
    assert_eq!(reply.body, "state 7");
    assert_allowed(&reply, A);
    let reply = send(app, preflight("/s", A, "GET", None)).await;
    reply.assert_allowed_preflight(A);
}

#[tokio::test]
async fn methods_not_served_get_405() {
    for method in ["PATCH", "PURGE", "OPTIONS"] {
        let reply = send(app(), with_origin(method, "/items", A)).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}: {reply:?}"
        );
        assert!(reply.headers.get("x-handler").is_none());
        reply.assert_no_cors_grant();
    }
}

#[tokio::test]
async fn extension_methods_as_actual_requests_and_preflights() {
    let app = twin_router!("/p", [read, purge]);
    for origin in [A, B] {
        let reply = send(app.clone(), with_origin("PURGE", "/p", origin)).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{reply:?}");
        assert_ran(&reply, "purge");
        assert_allowed(&reply, origin);

        let reply = send(app.clone(), with_origin("PATCH", "/p", origin)).await;
        assert_ran(&reply, "purge");
        assert_allowed(&reply, origin);

        let reply = send(app.clone(), preflight("/p", origin, "PURGE", None)).await;
        reply.assert_allowed_preflight(origin);
        assert!(
            reply
                .all("access-control-allow-methods")
                .iter()
                .any(|v| v.split(',').any(|m| m.trim() == "PURGE"))
        );
    }
    // Extension methods are case-sensitive, and other ones are not served.
    for method in ["purge", "FOO"] {
        let reply = send(app.clone(), with_origin(method, "/p", A)).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}: {reply:?}"
        );
        assert!(reply.headers.get("x-handler").is_none());
        let reply = send(app.clone(), preflight("/p", A, method, None)).await;
        reply.assert_refused_preflight();
    }
    // The GET handler keeps its own policy beside the fallback.
    let reply = send(app.clone(), with_origin("GET", "/p", B)).await;
    assert_ran(&reply, "read");
    assert_not_allowed(&reply);
    // A preflight without Origin for PURGE is not a preflight.
    let reply = send(
        app,
        request(
            "OPTIONS",
            "/p",
            &[("access-control-request-method", "PURGE")],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");
}

#[tokio::test]
async fn options_without_request_method() {
    // No OPTIONS handler: axum's 405.
    let reply = send(app(), with_origin("OPTIONS", "/items", A)).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");
    reply.assert_no_cors_grant();
    let reply = send(app(), request("OPTIONS", "/items", &[])).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");

    // An OPTIONS handler: it runs, under its own policy.
    let app = twin_router!("/o", [read, options]);
    let reply = send(app.clone(), with_origin("OPTIONS", "/o", A)).await;
    assert_ran(&reply, "options");
    assert_allowed(&reply, A);
    let reply = send(app.clone(), with_origin("OPTIONS", "/o", B)).await;
    assert_ran(&reply, "options");
    assert_not_allowed(&reply);
    // With ACRM it is a preflight: the handler does not run.
    let reply = send(app, preflight("/o", A, "GET", None)).await;
    reply.assert_allowed_preflight(A);
    assert!(reply.headers.get("x-handler").is_none());
}

#[tokio::test]
async fn any_method_handler_serves_everything() {
    let app = twin_router!("/any", [anything]);
    for method in ["GET", "DELETE", "PATCH", "PURGE", "X-CUSTOM"] {
        let reply = send(
            app.clone(),
            with_origin(method, "/any", "https://z.example"),
        )
        .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{method}: {reply:?}");
        assert_ran(&reply, "anything");
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
        assert!(reply.headers.get("vary").is_none());
    }
    for method in ["PUT", "PURGE", "X-CUSTOM"] {
        let reply = send(
            app.clone(),
            preflight("/any", "https://z.example", method, Some("x-y")),
        )
        .await;
        reply.assert_allowed_preflight("*");
        let methods = reply.list("access-control-allow-methods");
        assert!(
            methods
                .iter()
                .any(|m| m == "*" || *m == method.to_ascii_lowercase()),
            "{methods:?}"
        );
        assert!(common::covers(
            &reply.list("access-control-allow-headers"),
            "x-y",
            false
        ));
    }
}

#[tokio::test]
async fn attribute_leaves_a_plain_handler_and_a_policy() {
    // Mounted without `route!`, the handler is a plain axum handler: no CORS at all.
    use literal::*;
    let app = Router::new().route("/plain", get(read));
    let reply = send(app, with_origin("GET", "/plain", A)).await;
    assert_ran(&reply, "read");
    reply.assert_no_access_control();
    // Its policy is reachable through its path.
    assert!(read::POLICY.allows_origin(A.as_bytes()));
    assert!(!read::POLICY.allows_origin(B.as_bytes()));
    assert!(write::POLICY.allows_credentials());
    assert!(anything::POLICY.allows_any_origin());
    // And the layer built from it behaves like `route!`.
    let app = Router::new()
        .route("/layered", get(read))
        .layer(cors_runtime::CorsLayer::new(read::POLICY));
    let reply = send(app, with_origin("GET", "/layered", A)).await;
    assert_allowed(&reply, A);
}
