//! `#[cors]` handlers mounted with `route![...]` on axum and with `actix_resource!` on
//! actix-web (the same functions: their answer is one on both frameworks): each
//! handler's arguments are kept as text for the oracle, exactly as for the `policy!`
//! cases.

use std::sync::OnceLock;

use axum::Router;
use axum::http::StatusCode;
use cors_runtime::{actix_resource, cors, route};

use crate::check::spec::Spec;

/// A handler's answer, on both frameworks: `202`, `x-handler: <its name>`, `handler ran`
/// (as text: axum's `&str` answer).
pub struct Ran(&'static str);

impl axum::response::IntoResponse for Ran {
    fn into_response(self) -> axum::response::Response {
        (StatusCode::ACCEPTED, [("x-handler", self.0)], "handler ran").into_response()
    }
}

impl actix_web::Responder for Ran {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, _: &actix_web::HttpRequest) -> actix_web::HttpResponse {
        actix_web::HttpResponse::Accepted()
            .insert_header(("x-handler", self.0))
            .insert_header(("content-type", crate::TEXT))
            .body("handler ran")
    }
}

/// Every handler three times: in `literal` as written, in `env` with its origins read at
/// startup (`origins = env(...)`), resolved from the same list, and in `live` with its
/// origins in a live set filled with the same list (a `"*"` handler stays as written).
macro_rules! handlers {
    ($($name:ident: (origins = [$($origin:tt),* $(,)?] $(, $($rest:tt)*)?);)*) => {
        mod literal {
            use super::*;
            $(
                #[cors(origins = [$($origin),*] $(, $($rest)*)?)]
                pub(super) async fn $name() -> Ran {
                    crate::handler_ran();
                    Ran(stringify!($name))
                }
            )*
        }
        mod env {
            use super::*;
            $(
                #[cors(origins = env("CORS_TESTS_TWIN_ORIGINS") $(, $($rest)*)?)]
                pub(super) async fn $name() -> Ran {
                    crate::handler_ran();
                    Ran(stringify!($name))
                }
            )*
            /// Resolves every twin from its literal's list.
            pub(super) fn resolve() {
                $(
                    crate::twins::resolve_twin(
                        super::literal::$name::POLICY,
                        $name::POLICY,
                        &[$($origin),*],
                    );
                )*
            }
        }
        mod live {
            use super::*;
            /// One live set per handler, named after it (a `"*"` handler's stays unused).
            #[allow(non_upper_case_globals, dead_code)]
            mod sets {
                $(pub(super) static $name: cors_runtime::OriginSet = cors_runtime::OriginSet::new();)*
            }
            $(live_handler!([$($origin),*] ($(, $($rest)*)?) $name);)*
            /// Fills every handler's set with its literal's list.
            pub(super) fn fill() {
                $(live_fill!([$($origin),*] sets::$name);)*
            }
        }
        /// Every handler's name and arguments.
        const HANDLERS: &[(&str, &str)] = &[
            $((stringify!($name), stringify!(origins = [$($origin),*] $(, $($rest)*)?))),*
        ];
    };
}

/// One handler of `live`: its origins in its set, but for `"*"`.
macro_rules! live_handler {
    (["*"] ($($rest:tt)*) $name:ident) => {
        #[cors(origins = ["*"] $($rest)*)]
        pub(super) async fn $name() -> Ran {
            crate::handler_ran();
            Ran(stringify!($name))
        }
    };
    ([$($origin:tt),*] ($($rest:tt)*) $name:ident) => {
        #[cors(origins = [live(sets::$name)] $($rest)*)]
        pub(super) async fn $name() -> Ran {
            crate::handler_ran();
            Ran(stringify!($name))
        }
    };
}

/// Fills one handler's live set with its origins (a `"*"` handler has none).
macro_rules! live_fill {
    (["*"] $set:path) => {};
    ([$($origin:tt),*] $set:path) => {
        $set.replace([$($origin),*]).expect("valid live origins")
    };
}

handlers! {
    list_orders: (
        origins = ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
        methods = [GET],
        allow_headers = ["x-request-id"],
        expose_headers = ["x-request-id"],
        credentials,
        max_age = 600,
    );
    create_order: (
        origins = ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
        methods = [POST, "PURGE"],
        allow_headers = ["content-type", "x-request-id"],
        expose_headers = ["x-request-id", "location"],
        credentials,
        max_age = 600,
    );
    read_item: (origins = ["*"], methods = [GET, HEAD], expose_headers = ["x-a"]);
    write_item: (
        origins = ["https://app.example.com", "https://*.dev.example.net:*"],
        methods = [PUT, PATCH],
        allow_headers = ["*"],
    );
    purge_item: (
        origins = ["https://admin.example.com"],
        methods = ["purge", "LINK"],
        allow_headers = ["authorization"],
        credentials,
    );
    anything: (origins = ["*"], methods = ["*"], allow_headers = ["*", "authorization"]);
    delete_admin: (
        origins = ["https://admin.example.com", "http://[::1]:*"],
        methods = [DELETE, OPTIONS],
        allow_headers = ["authorization", "x-a"],
        credentials,
        max_age = 30,
    );
    // SPEC 10's escape hatch on one handler of a route, not on the other: a form posted
    // or a WebSocket opened from anywhere reaches `oauth_callback`, a write from
    // elsewhere never reaches `cancel_callback`.
    oauth_callback: (
        origins = ["https://app.example.com", "https://*.example.com"],
        methods = [GET, POST],
        credentials,
        dangerously_allow_cross_origin_writes,
    );
    cancel_callback: (origins = ["https://app.example.com"], methods = [DELETE]);
}

/// The routes, for `$callback!`: each path and the handlers mounted on it, in mounting
/// order.
macro_rules! routes {
    ($callback:ident) => {
        $callback! {
            "/orders" => [list_orders, create_order],
            "/items" => [read_item, write_item, purge_item],
            "/open" => [anything],
            "/admin" => [delete_admin],
            "/callback" => [oauth_callback, cancel_callback],
        }
    };
}

/// Every route's path and handler names.
macro_rules! names {
    ($($path:literal => [$($handler:ident),*],)*) => {
        &[$(($path, &[$(stringify!($handler)),*])),*]
    };
}

/// Every route on an axum `Router`, by `route![...]`.
macro_rules! axum_router {
    ($($path:literal => [$($handler:ident),*],)*) => {
        Router::new()$(.route($path, route![$($handler),*]))*
    };
}

/// Every route as an actix-web resource, by `actix_resource!`.
macro_rules! actix_resources {
    ($($path:literal => [$($handler:ident),*],)*) => {
        |config: &mut actix_web::web::ServiceConfig| {
            config$(.service(actix_resource!($path, $($handler),*)))*;
        }
    };
}

/// The routes: path and the handlers mounted on it, in `route![...]` order.
pub const ROUTES: &[(&str, &[&str])] = routes!(names);

/// The routes over the handlers as written and over their env-resolved and live twins:
/// every request goes to each, and their answers must be identical.
pub fn router() -> Router {
    let literal = {
        use literal::*;
        routes!(axum_router)
    };
    env::resolve();
    let env = {
        use env::*;
        routes!(axum_router)
    };
    live::fill();
    let live = {
        use live::*;
        routes!(axum_router)
    };
    crate::twins::pair(crate::twins::pair(literal, env), live)
}

/// The same routes on actix-web, over the handlers as written (the axum routes check
/// that their twins answer alike): for `App::configure`.
pub fn resources(config: &mut actix_web::web::ServiceConfig) {
    use literal::*;
    routes!(actix_resources)(config);
}

/// The spec of handler `name`.
pub fn spec(name: &str) -> &'static Spec {
    static SPECS: OnceLock<Vec<(&'static str, Spec)>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        HANDLERS
            .iter()
            .map(|(name, args)| (*name, Spec::parse(args).expect("handler arguments")))
            .collect()
    });
    &specs.iter().find(|(n, _)| *n == name).expect("a handler").1
}

/// The handler of `route` that serves `method` as `route!` mounts them: the first whose
/// policy lists it (or `"*"`), a `HEAD` falling back to the `GET` handler.
pub fn handler_for(route: usize, method: &str) -> Option<&'static str> {
    let serves = |name: &&str, method: &str| {
        let spec = spec(name);
        spec.any_method || spec.methods.iter().any(|m| m == method)
    };
    let handlers = ROUTES[route].1;
    handlers
        .iter()
        .find(|h| serves(h, method))
        .or_else(|| {
            (method == "HEAD")
                .then(|| handlers.iter().find(|h| serves(h, "GET")))
                .flatten()
        })
        .copied()
}
