//! The browser demo: an API whose routes carry compile-time checked CORS policies, and,
//! on a second origin, a page whose buttons call the API with `fetch` and show what the
//! browser allowed, and open the two doors CORS does not cover: real HTML forms posting
//! to the API and WebSockets, which the same policies guard (refused before the handler
//! from an origin they do not list).
//!
//! ```sh
//! cargo run --example demo                       # API on 127.0.0.1:3000, page on 127.0.0.1:3001
//! cargo run --example demo -- --api-addr 127.0.0.1:4000 --page-addr 127.0.0.1:4001
//! cargo run --example demo -- --framework actix  # the same API served by actix-web
//! ```
//!
//! `--framework axum` (the default) serves the API with axum (`api.rs`, `route![...]`);
//! `--framework actix` with actix-web (`actix_api.rs`, `actix_resource!`): the same routes,
//! policies and answers, so the page (served by axum either way, from its own origin) shows
//! the same rows.
//!
//! Every refusal the policies make is logged through the `tracing` feature; the demo keeps
//! them in memory and the page shows them next to the calls the browser blocked.
//!
//! The `/orders` handlers take their origins from `DEMO_ORIGINS` when it is set
//! (`DEMO_ORIGINS="https://app.example.com http://localhost:*" cargo run --example demo`);
//! a value that breaks a rule is reported, every problem of it, and the demo exits before
//! it listens.

mod actix_api;
mod api;
mod page;
mod refusals;

use std::net::SocketAddr;
use std::pin::Pin;
use std::process::ExitCode;

use crate::refusals::RefusalLog;

/// The web framework that serves the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framework {
    /// axum: `api.rs`, handlers mounted with `route![...]`.
    Axum,
    /// actix-web: `actix_api.rs`, handlers mounted with `actix_resource!`.
    Actix,
}

impl Framework {
    /// The framework `--framework` names (`axum` or `actix`).
    fn parse(name: &str) -> Option<Framework> {
        match name {
            "axum" => Some(Framework::Axum),
            "actix" | "actix-web" => Some(Framework::Actix),
            _ => None,
        }
    }

    /// Its name, as printed at start.
    fn name(self) -> &'static str {
        match self {
            Framework::Axum => "axum",
            Framework::Actix => "actix-web",
        }
    }
}

/// Addresses the demo listens on, and the framework of its API.
struct Options {
    api: SocketAddr,
    page: SocketAddr,
    framework: Framework,
}

const USAGE: &str =
    "usage: demo [--api-addr HOST:PORT] [--page-addr HOST:PORT] [--framework axum|actix]
  --api-addr   where the API listens (default 127.0.0.1:3000)
  --page-addr  where the page listens, a second origin (default 127.0.0.1:3001)
  --framework  what serves the API: axum (default) or actix (actix-web); same routes,
               policies and answers";

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        api: SocketAddr::from(([127, 0, 0, 1], 3000)),
        page: SocketAddr::from(([127, 0, 0, 1], 3001)),
        framework: Framework::Axum,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let expects = match flag.as_str() {
            "--api-addr" | "--page-addr" => "an address such as 127.0.0.1:3000",
            "--framework" => "`axum` or `actix`",
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        };
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("`{flag}` needs {expects}"))?;
        let invalid = || format!("`{value}` is not {expects}");
        match flag.as_str() {
            "--framework" => {
                options.framework = Framework::parse(&value).ok_or_else(invalid)?;
            }
            "--api-addr" => options.api = value.parse().map_err(|_| invalid())?,
            _ => options.page = value.parse().map_err(|_| invalid())?,
        }
    }
    Ok(options)
}

/// A running API server; its output is the server's error, if it stops on one.
type Serving = Pin<Box<dyn Future<Output = std::io::Result<()>>>>;

/// Serves the API on `listener` with `framework`.
fn serve_api(framework: Framework, listener: tokio::net::TcpListener) -> std::io::Result<Serving> {
    Ok(match framework {
        Framework::Axum => Box::pin(axum::serve(listener, api::router()).into_future()),
        Framework::Actix => {
            let counts = api::Counts::default();
            // actix-web runs its workers on threads of their own, each with its own
            // single-threaded runtime; Ctrl-C is handled below, as for axum.
            let server = actix_web::HttpServer::new(move || {
                actix_web::App::new().configure(actix_api::routes(counts.clone()))
            })
            .disable_signals()
            .listen(listener.into_std()?)?
            .run();
            Box::pin(server)
        }
    })
}

/// Prints each failed policy's report; policies that fail alike (the four `/orders`
/// handlers share `DEMO_ORIGINS`) are named together under one report.
fn report(errors: &[cors_runtime::PolicyError]) {
    let mut shown: Vec<&cors_runtime::PolicyError> = Vec::new();
    for error in errors {
        let same = |other: &&cors_runtime::PolicyError| {
            other.variable() == error.variable() && other.problems().eq(error.problems())
        };
        if shown.iter().any(same) {
            continue;
        }
        shown.push(error);
        eprintln!("{error}");
        let alike: Vec<&str> = errors
            .iter()
            .filter(|other| !std::ptr::eq(*other, error) && same(other))
            .map(|other| other.policy())
            .collect();
        if !alike.is_empty() {
            eprintln!("  (the same for the policies of {})", alike.join(", "));
        }
    }
    eprintln!("the demo did not start: fix the value and run it again");
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let errors = match options.framework {
        Framework::Axum => api::resolve_policies(),
        Framework::Actix => actix_api::resolve_policies(),
    };
    if !errors.is_empty() {
        report(&errors);
        return ExitCode::FAILURE;
    }
    let log = RefusalLog::install();

    let api_listener = match tokio::net::TcpListener::bind(options.api).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {} for the API: {error}", options.api);
            return ExitCode::FAILURE;
        }
    };
    let page_listener = match tokio::net::TcpListener::bind(options.page).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on {} for the page: {error}", options.page);
            return ExitCode::FAILURE;
        }
    };
    let api_addr = api_listener.local_addr().unwrap_or(options.api);
    let page_addr = page_listener.local_addr().unwrap_or(options.page);
    let api_base = format!("http://{api_addr}");

    let page_app = page::router(api_base.clone(), log);
    let api = match serve_api(options.framework, api_listener) {
        Ok(api) => api,
        Err(error) => {
            eprintln!("cannot serve the API on {api_addr}: {error}");
            return ExitCode::FAILURE;
        }
    };

    println!("API  {api_base}");
    println!("page http://{page_addr}");
    println!(
        "The API runs on {}. Open http://{page_addr} in a browser and press \"Run all\": \
         each row shows what the browser allowed or blocked, and why. Ctrl-C stops.",
        options.framework.name()
    );

    let page = axum::serve(page_listener, page_app);
    let result = tokio::select! {
        result = api => result,
        result = page => result,
        _ = tokio::signal::ctrl_c() => Ok(()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server error: {error}");
            ExitCode::FAILURE
        }
    }
}
