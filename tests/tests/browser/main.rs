//! The browser suite: real browsers decide whether each cross-origin `fetch` is allowed,
//! in both engines users run: Chromium (Blink) and Firefox ESR (Gecko). Real HTML forms
//! and WebSocket handshakes, which browsers send without asking, show that the server's
//! guard refuses them from origins a policy does not list (`doors.rs`).
//!
//! Every scenario is a named test per engine and per web framework serving the API
//! (`cargo test -p cors-tests --test browser -- 'firefox::NAME [actix]'`; the filter
//! `[axum]` or `[actix]` runs one framework), run in its own headless browser with a fresh
//! profile (no cache or cookie leaks from one scenario to the next), driven over WebDriver
//! by `chromedriver` or `geckodriver` (the `fantoccini` crate). The scenarios are written
//! once: `[axum]` serves the API of `routes.rs` with `route![...]` and `CorsLayer`,
//! `[actix]` its twin `routes_actix.rs` with `actix_resource!` and `actix::Cors` (and the
//! demo's API, `api.rs` or `actix_api.rs`).
//! The servers run in this process on ephemeral loopback ports and log every request, so a
//! scenario can also assert what the browser sent (how many preflights, which cookie).
//! Every `fetch`, form and WebSocket a scenario makes is also made by the model of
//! `cors_runtime::testing` (same origin, method, headers, body and credentials mode,
//! against the same API), and the model's verdict must be the browser's.
//!
//! Chromium (`chromium`, `chromium-browser`, `google-chrome-stable` or `google-chrome`) and
//! `chromedriver`, Firefox (`firefox-esr` or `firefox`) and `geckodriver` are looked up on
//! `PATH` (geckodriver also in `~/.cargo/bin`). When an engine's programs are missing, the
//! suite prints one line and skips that engine, unless the environment variable `CI` is
//! set (to anything but `false`): then its every scenario fails and says what is missing.

mod demo;
mod doors;
mod engine;
mod probe;
mod routes;
mod routes_actix;
mod scenarios;
mod server;

// The demo's own modules, shared with `cargo run --example demo`.
#[allow(dead_code)] // `policies` is for the demo's own test of the twins.
#[path = "../../../examples/demo/actix_api.rs"]
mod actix_api;
#[allow(dead_code)] // `router` is for the demo binary; the suite reads the counts it passes.
#[path = "../../../examples/demo/api.rs"]
mod api;
#[path = "../../../examples/demo/page.rs"]
mod page;
#[allow(dead_code)] // `install` is for the demo binary; the suite scopes its log instead.
#[path = "../../../examples/demo/refusals.rs"]
mod refusals;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};

use crate::engine::{Browser, Engine, Tools};
use crate::probe::Ctx;
use crate::scenarios::Scenario;

/// The machine this runs on has two cores: at most two browsers at once.
const MAX_PARALLEL: usize = 2;

/// The web framework that serves the API a scenario calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framework {
    /// axum: `routes.rs`, the demo's `api.rs`.
    Axum,
    /// actix-web: `routes_actix.rs`, the demo's `actix_api.rs`.
    Actix,
}

impl Framework {
    pub(crate) const ALL: [Framework; 2] = [Framework::Axum, Framework::Actix];

    /// Its name in the trials' names: `axum` or `actix`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Framework::Axum => "axum",
            Framework::Actix => "actix",
        }
    }
}

/// A scenario that takes longer than this has hung.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(90);

/// `CI` set to anything but the empty string or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

/// The runtime the servers and WebDriver clients of every scenario run on.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(MAX_PARALLEL)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// Cargo's target directory (where the demo screenshot goes).
pub(crate) fn target_dir() -> PathBuf {
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().map(PathBuf::from).unwrap_or(tmp)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "the scenario panicked".to_owned())
}

/// One scenario in its own browser; the browser is killed and its directory removed
/// whatever happens.
fn run(tools: &Tools, scenario: &Scenario, framework: Framework) -> Result<(), Failed> {
    let mut browser = Browser::launch(tools)?;
    let result = runtime().block_on(async {
        let client = browser.session().await?;
        let ctx = Ctx::start(client, tools.engine, framework).await?;
        // In a task of its own, so a failed assertion (a panic) still lets us close the
        // browser below.
        let mut task = tokio::spawn((scenario.run)(ctx));
        let result = match tokio::time::timeout(SCENARIO_TIMEOUT, &mut task).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) if error.is_panic() => Err(panic_message(error.into_panic())),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => {
                task.abort();
                Err(format!("timed out after {}s", SCENARIO_TIMEOUT.as_secs()))
            }
        };
        browser.close().await;
        result
    });
    drop(browser);
    result.map_err(Failed::from)
}

/// The actix-web twins of the scenarios' handlers (`routes_actix.rs`) have the policies of
/// their axum handlers (`routes.rs`), every one of which has a twin: the `[actix]` runs
/// test the same policies.
fn actix_twins_have_the_axum_policies() -> Result<(), Failed> {
    let twins = routes::twin_policies();
    let handlers = include_str!("routes.rs").matches("\n#[cors(").count();
    if twins.len() != handlers {
        return Err(format!(
            "routes.rs has {handlers} `#[cors]` handlers; routes::twin_policies lists {}",
            twins.len()
        )
        .into());
    }
    let differ: Vec<String> = twins
        .iter()
        .filter(|(_, axum, actix)| axum != actix)
        .map(|(name, axum, actix)| format!("`{name}`:\n  axum: {axum}\n  actix-web: {actix}"))
        .collect();
    if differ.is_empty() {
        Ok(())
    } else {
        Err(differ.join("\n").into())
    }
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    args.test_threads = Some(
        args.test_threads
            .unwrap_or(MAX_PARALLEL)
            .clamp(1, MAX_PARALLEL),
    );

    if !args.list {
        engine::remove_stale_dirs();
    }
    demo::prepare_tracing();

    let mut trials = vec![Trial::test(
        "actix_twins_have_the_axum_policies",
        actix_twins_have_the_axum_policies,
    )];
    for engine in Engine::ALL {
        let tools = match engine::find_tools(engine) {
            Ok(tools) => Ok(tools),
            Err(missing) if in_ci() => Err(format!(
                "{missing}, and CI is set, so the browser suite is mandatory ({})",
                engine.install_hint()
            )),
            Err(missing) => {
                println!(
                    "{} browser tests skipped: {missing} ({})",
                    engine.name(),
                    engine.install_hint()
                );
                continue;
            }
        };
        // Each scenario on both frameworks, one after the other (the longest first).
        for scenario in scenarios::all() {
            for framework in Framework::ALL {
                let tools = tools.clone();
                let name = format!(
                    "{}::{} [{}]",
                    engine.name(),
                    scenario.name,
                    framework.name()
                );
                trials.push(Trial::test(name, move || match &tools {
                    Ok(tools) => run(tools, &scenario, framework),
                    Err(message) => Err(message.into()),
                }));
            }
        }
    }
    libtest_mimic::run(&args, trials).exit_code()
}
