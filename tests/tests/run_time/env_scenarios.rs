//! What happens at startup for each kind of value: every policy here reads its own
//! variable, set (or left unset) by `main` before the harness starts.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use axum::Router;
use cors_runtime::{CorsLayer, Decision, Policy, PolicyError, cors, policy, route};
use http::{HeaderMap, HeaderValue, Method};
use libtest_mimic::Trial;

use crate::trial;

static UNSET: Policy = policy!(origins = env("CORS_ST_UNSET"), methods = [GET]);
static UNSET_DEFAULT: Policy = policy!(
    origins = env(
        "CORS_ST_UNSET_DEFAULT",
        default = ["https://app.example.com", "http://localhost:*"]
    ),
    methods = [GET],
    credentials,
);
static EMPTY: Policy = policy!(
    origins = env("CORS_ST_EMPTY", default = ["https://app.example.com"]),
    methods = [GET],
);
static SEPARATORS: Policy = policy!(
    origins = env("CORS_ST_SEPARATORS", default = ["https://app.example.com"]),
    methods = [GET],
);
static NOT_UTF8: Policy = policy!(origins = env("CORS_ST_NOT_UTF8"), methods = [GET]);
static LISTS: Policy = policy!(origins = env("CORS_ST_LISTS"), methods = [GET], credentials);
static THOUSAND: Policy = policy!(origins = env("CORS_ST_THOUSAND"), methods = [GET]);
static STAR: Policy = policy!(origins = env("CORS_ST_STAR"), methods = [GET]);
static STAR_CREDENTIALS: Policy = policy!(
    origins = env("CORS_ST_STAR_CREDENTIALS"),
    methods = [GET],
    credentials,
);
static UNNEEDED_FLAG: Policy = policy!(
    origins = env("CORS_ST_UNNEEDED_FLAG"),
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
);
static INSECURE_ALLOWED: Policy = policy!(
    origins = env("CORS_ST_INSECURE_ALLOWED"),
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
);
static TRY_NEW: Policy = policy!(origins = env("CORS_ST_TRY_NEW"), methods = [GET]);
static LAYER: Policy = policy!(origins = env("CORS_ST_LAYER"), methods = [GET]);
static FAILED: Policy = policy!(
    origins = env("CORS_ST_FAILED"),
    methods = [GET, PUT],
    allow_headers = ["x-a"],
);
static TWICE: Policy = policy!(origins = env("CORS_ST_TWICE"), methods = [GET]);

#[cors(origins = env("CORS_ST_ORDERS"), methods = [GET, PUT], credentials)]
#[allow(dead_code)] // Only its policy is used.
async fn orders() -> &'static str {
    "[]"
}

#[cors(origins = env("CORS_ST_ROUTE"), methods = [GET])]
async fn routed() -> &'static str {
    "[]"
}

/// Several mistakes in one value: each is reported, with the compiler's words.
const SEVERAL: &str = "https://app.example.com/ http://api.example.com,HTTPS://X.example.com *";
/// A value with one bad entry among good ones.
const ONE_BAD: &str = "https://ok.example https://bad.example/";

/// The 1000 origins of `CORS_ST_THOUSAND`.
fn thousand() -> Vec<String> {
    (0..1000)
        .map(|i| format!("https://s{i}.example.com"))
        .collect()
}

/// The variables, as `main` sets them.
pub(crate) fn variables() -> Vec<(String, OsString)> {
    let set = |name: &str, value: &str| (name.to_owned(), OsString::from(value));
    vec![
        set("CORS_ST_EMPTY", ""),
        set("CORS_ST_SEPARATORS", " , ,\t\n, "),
        (
            "CORS_ST_NOT_UTF8".to_owned(),
            OsString::from_vec(b"https://caf\xe9.example".to_vec()),
        ),
        set(
            "CORS_ST_LISTS",
            "https://a.example,https://b.example  http://localhost:*\n\t https://*.c.example,",
        ),
        set("CORS_ST_THOUSAND", &thousand().join(", ")),
        set("CORS_ST_STAR", "*"),
        set("CORS_ST_STAR_CREDENTIALS", "*"),
        set("CORS_ST_UNNEEDED_FLAG", "https://app.example.com"),
        set("CORS_ST_INSECURE_ALLOWED", "http://intranet.example"),
        set("CORS_ST_TRY_NEW", ONE_BAD),
        set("CORS_ST_LAYER", ONE_BAD),
        set("CORS_ST_FAILED", ONE_BAD),
        set("CORS_ST_TWICE", "https://first.example"),
        set("CORS_ST_ORDERS", SEVERAL),
        set("CORS_ST_ROUTE", ONE_BAD),
    ]
}

/// What the second `resolve` of a policy saw after its variable changed.
pub(crate) struct SecondResolve {
    first: Result<(), PolicyError>,
    second: Result<(), PolicyError>,
}

/// Resolves `TWICE`, sets its variable to an invalid value, and resolves it again. Runs
/// in `main` before any thread exists.
pub(crate) fn resolve_twice() -> SecondResolve {
    let first = TWICE.resolve();
    // SAFETY: called by `main` before the harness starts any thread.
    unsafe { std::env::set_var("CORS_ST_TWICE", "https://second.example/") };
    let second = TWICE.resolve();
    SecondResolve { first, second }
}

/// The first problem's message of a failed resolution.
fn messages(error: &PolicyError) -> Vec<String> {
    error.problems().map(|p| p.message().to_owned()).collect()
}

fn expect_err(policy: &'static Policy) -> Result<PolicyError, String> {
    match policy.resolve() {
        Ok(()) => Err(format!("resolved:\n{policy}")),
        Err(error) => Ok(error),
    }
}

fn ensure(condition: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(what()) }
}

/// The panic message of `f`, if it panicked.
fn panic_message(f: impl FnOnce()) -> Option<String> {
    let payload = catch_unwind(AssertUnwindSafe(f)).err()?;
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
}

pub(crate) fn trials(second: SecondResolve) -> Vec<Trial> {
    vec![
        trial("unset_without_default", || {
            let error = expect_err(&UNSET)?;
            ensure(
                messages(&error) == ["the environment variable `CORS_ST_UNSET` is not set"],
                || format!("{error}"),
            )?;
            let help = error.problems().next().map(|p| p.help().to_owned());
            ensure(help.is_some_and(|h| h.contains("default = [...]")), || {
                format!("{error}")
            })?;
            ensure(error.to_string().contains("`policy!` at "), || {
                format!("the report does not name the policy: {error}")
            })
        }),
        trial("unset_with_default", || {
            UNSET_DEFAULT.resolve().map_err(|e| e.to_string())?;
            ensure(
                UNSET_DEFAULT.allows_origin(b"https://app.example.com")
                    && UNSET_DEFAULT.allows_origin(b"http://localhost:5173")
                    && !UNSET_DEFAULT.allows_origin(b"https://other.example"),
                || format!("{UNSET_DEFAULT}"),
            )
        }),
        trial("set_but_empty_is_not_the_default", || {
            for (policy, name) in [
                (&EMPTY, "CORS_ST_EMPTY"),
                (&SEPARATORS, "CORS_ST_SEPARATORS"),
            ] {
                let error = expect_err(policy)?;
                ensure(
                    messages(&error)
                        == [format!(
                            "the environment variable `{name}` is set but holds no origin"
                        )],
                    || format!("{error}"),
                )?;
                ensure(!policy.allows_origin(b"https://app.example.com"), || {
                    "a failed policy allowed its default".into()
                })?;
            }
            Ok(())
        }),
        trial("not_utf8", || {
            let error = expect_err(&NOT_UTF8)?;
            ensure(
                messages(&error)
                    == ["the environment variable `CORS_ST_NOT_UTF8` is not valid UTF-8"],
                || format!("{error}"),
            )
        }),
        trial("comma_and_whitespace_separated_lists", || {
            LISTS.resolve().map_err(|e| e.to_string())?;
            for origin in [
                "https://a.example",
                "https://b.example",
                "http://localhost",
                "http://localhost:8080",
                "https://x.c.example",
            ] {
                ensure(LISTS.allows_origin(origin.as_bytes()), || {
                    format!("{origin} refused by\n{LISTS}")
                })?;
            }
            ensure(!LISTS.allows_origin(b"https://c.example"), || {
                format!("{LISTS}")
            })?;
            let summary = LISTS.to_string();
            ensure(
                summary.contains(
                    "origins: from the environment variable `CORS_ST_LISTS`: https://a.example, \
                     https://b.example, http://localhost:*, https://*.c.example",
                ),
                || summary.clone(),
            )
        }),
        trial("a_thousand_origins", || {
            THOUSAND.resolve().map_err(|e| e.to_string())?;
            for origin in thousand() {
                ensure(THOUSAND.allows_origin(origin.as_bytes()), || {
                    format!("{origin} refused")
                })?;
            }
            for origin in [
                "https://s1000.example.com",
                "https://s1.example.com/",
                "https://x",
            ] {
                ensure(!THOUSAND.allows_origin(origin.as_bytes()), || {
                    format!("{origin} allowed")
                })?;
            }
            Ok(())
        }),
        trial("star_without_and_with_credentials", || {
            STAR.resolve().map_err(|e| e.to_string())?;
            ensure(STAR.allows_any_origin(), || format!("{STAR}"))?;
            let mut request = HeaderMap::new();
            request.insert("origin", HeaderValue::from_static("https://anyone.example"));
            let Decision::Actual(actual) = STAR.decide(&Method::GET, &request) else {
                return Err("not an actual request".into());
            };
            let mut response = HeaderMap::new();
            actual.write_headers(&mut response);
            ensure(
                response["access-control-allow-origin"] == "*" && response.get("vary").is_none(),
                || format!("{response:?}"),
            )?;
            let error = expect_err(&STAR_CREDENTIALS)?;
            ensure(
                messages(&error)
                    == ["`\"*\"` (any origin) in `origins` cannot be used with `credentials`"],
                || format!("{error}"),
            )
        }),
        trial("a_flag_the_value_does_not_need_is_not_an_error", || {
            UNNEEDED_FLAG.resolve().map_err(|e| e.to_string())?;
            INSECURE_ALLOWED.resolve().map_err(|e| e.to_string())?;
            ensure(
                INSECURE_ALLOWED.allows_origin(b"http://intranet.example"),
                || format!("{INSECURE_ALLOWED}"),
            )
        }),
        trial("several_problems_at_once", || {
            let error = expect_err(orders::POLICY)?;
            let entries: Vec<&str> = error.problems().map(|p| p.entry()).collect();
            ensure(
                entries
                    == [
                        "https://app.example.com/",
                        "http://api.example.com",
                        "HTTPS://X.example.com",
                        "*",
                        "*",
                    ],
                || format!("{error}"),
            )?;
            let report = error.to_string();
            for part in [
                "CORS policy of handler `orders`",
                "the environment variable `CORS_ST_ORDERS`: 5 problems",
                "`https://app.example.com/`: origin `https://app.example.com/` ends with `/`",
                "help: remove the trailing `/`: browsers send `https://app.example.com`",
                "is plain `http:` and not loopback",
                "has upper-case letters",
                "cannot be used with `credentials`",
                "cannot be mixed with other origins",
            ] {
                ensure(report.contains(part), || {
                    format!("the report lacks {part:?}:\n{report}")
                })?;
            }
            ensure(error.policy() == "handler `orders`", || {
                error.policy().into()
            })
        }),
        trial("try_new_returns_the_error", || {
            let error = match CorsLayer::try_new(&TRY_NEW) {
                Ok(_) => return Err("try_new built a layer".into()),
                Err(error) => error,
            };
            ensure(
                error.problems().map(|p| p.entry()).collect::<Vec<_>>() == ["https://bad.example/"],
                || format!("{error}"),
            )
        }),
        trial("cors_layer_new_panics_with_the_report", || {
            let message = panic_message(|| {
                let _ = CorsLayer::new(&LAYER);
            })
            .ok_or("CorsLayer::new did not panic")?;
            let report = LAYER.resolve().expect_err("a failed policy").to_string();
            ensure(message == report, || {
                format!("panic message:\n{message}\nreport:\n{report}")
            })
        }),
        trial("route_panics_with_the_report", || {
            let message = panic_message(|| {
                let _: Router = Router::new().route("/r", route![routed]);
            })
            .ok_or("route! did not panic")?;
            ensure(
                message.contains("CORS policy of handler `routed`")
                    && message.contains("`CORS_ST_ROUTE`")
                    && message.contains("`https://bad.example/`: origin"),
                || message.clone(),
            )
        }),
        trial("a_failed_policy_grants_nothing", || {
            let _ = expect_err(&FAILED)?;
            let mut request = HeaderMap::new();
            request.insert("origin", HeaderValue::from_static("https://ok.example"));
            let Decision::Actual(actual) = FAILED.decide(&Method::GET, &request) else {
                return Err("not an actual request".into());
            };
            let mut response = HeaderMap::new();
            actual.write_headers(&mut response);
            ensure(
                !actual.is_allowed()
                    && response.get("access-control-allow-origin").is_none()
                    && response["vary"] == "Origin",
                || format!("{response:?}"),
            )?;
            request.insert(
                "access-control-request-method",
                HeaderValue::from_static("PUT"),
            );
            let decision = FAILED.decide(&Method::OPTIONS, &request);
            let Decision::Preflight(preflight) = decision else {
                return Err("not a preflight".into());
            };
            let response: http::Response<()> = preflight.into_response();
            ensure(
                response.status() == 403
                    && !response
                        .headers()
                        .keys()
                        .any(|name| name.as_str().starts_with("access-control-")),
                || format!("{response:?}"),
            )?;
            ensure(!FAILED.allows_origin(b"https://ok.example"), || {
                "allows_origin".into()
            })?;
            let summary = FAILED.to_string();
            ensure(
                summary.contains("failed the checks: nothing is allowed"),
                || summary.clone(),
            )
        }),
        trial(
            "a_second_resolve_does_not_read_the_variable_again",
            move || {
                ensure(second.first.is_ok() && second.second.is_ok(), || {
                    format!("{:?} then {:?}", second.first, second.second)
                })?;
                ensure(
                    TWICE.allows_origin(b"https://first.example")
                        && !TWICE.allows_origin(b"https://second.example"),
                    || format!("{TWICE}"),
                )
            },
        ),
    ]
}
