//! The browser demo: an API whose routes carry compile-time checked CORS policies, and,
//! on a second origin, a page whose buttons call the API with `fetch` and show what the
//! browser allowed, and open the two doors CORS does not cover: real HTML forms posting
//! to the API and WebSockets, which the same policies guard (refused before the handler
//! from an origin they do not list).
//!
//! ```sh
//! cargo run --example demo                       # API on 127.0.0.1:3000, page on 127.0.0.1:3001
//! cargo run --example demo -- --api-addr 127.0.0.1:4000 --page-addr 127.0.0.1:4001
//! ```
//!
//! Every refusal the policies make is logged through the `tracing` feature; the demo keeps
//! them in memory and the page shows them next to the calls the browser blocked.
//!
//! The `/orders` handlers take their origins from `DEMO_ORIGINS` when it is set
//! (`DEMO_ORIGINS="https://app.example.com http://localhost:*" cargo run --example demo`);
//! a value that breaks a rule is reported, every problem of it, and the demo exits before
//! it listens.

mod api;
mod page;
mod refusals;

use std::net::SocketAddr;
use std::process::ExitCode;

use crate::refusals::RefusalLog;

/// Addresses the demo listens on.
struct Options {
    api: SocketAddr,
    page: SocketAddr,
}

const USAGE: &str = "usage: demo [--api-addr HOST:PORT] [--page-addr HOST:PORT]
  --api-addr   where the API listens (default 127.0.0.1:3000)
  --page-addr  where the page listens, a second origin (default 127.0.0.1:3001)";

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        api: SocketAddr::from(([127, 0, 0, 1], 3000)),
        page: SocketAddr::from(([127, 0, 0, 1], 3001)),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg.clone(), None),
        };
        let slot = match flag.as_str() {
            "--api-addr" => &mut options.api,
            "--page-addr" => &mut options.page,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
        };
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("`{flag}` needs an address such as 127.0.0.1:3000"))?;
        *slot = value
            .parse()
            .map_err(|_| format!("`{value}` is not an address such as 127.0.0.1:3000"))?;
    }
    Ok(options)
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
    let errors = api::resolve_policies();
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

    println!("API  {api_base}");
    println!("page http://{page_addr}");
    println!(
        "Open http://{page_addr} in a browser and press \"Run all\": each row shows what the \
         browser allowed or blocked, and why. Ctrl-C stops."
    );

    let api = axum::serve(api_listener, api::router());
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
