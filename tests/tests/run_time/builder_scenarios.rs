//! `Policy::builder()` and `PolicyConfig` (SPEC section 8): structural problems come back
//! together; configurations read from TOML and JSON; unknown keys and wrong types are
//! named; a built policy is the policy `policy!` compiles from the same arguments.

use cors_runtime::{Policy, PolicyConfig, PolicyError, policy};
use libtest_mimic::Trial;

use crate::trial;

fn messages(error: &PolicyError) -> Vec<(String, String)> {
    error
        .problems()
        .map(|p| (p.entry().to_owned(), p.message().to_owned()))
        .collect()
}

fn ensure(condition: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(what()) }
}

/// The same arguments as `policy!` compiles them.
static COMPILED: Policy = policy!(
    origins = [
        "https://app.example.com",
        "https://*.example.org:*",
        "http://localhost:*"
    ],
    methods = [GET, PUT, "PURGE"],
    allow_headers = ["content-type", "X-Request-Id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

const TOML: &str = r#"
origins = ["https://app.example.com", "https://*.example.org:*", "http://localhost:*"]
methods = ["GET", "PUT", "PURGE"]
allow_headers = ["content-type", "X-Request-Id"]
expose_headers = ["x-request-id"]
credentials = true
max_age = 600
"#;

const JSON: &str = r#"{
    "origins": ["https://app.example.com", "https://*.example.org:*", "http://localhost:*"],
    "methods": ["GET", "PUT", "PURGE"],
    "allow_headers": ["content-type", "X-Request-Id"],
    "expose_headers": ["x-request-id"],
    "credentials": true,
    "max_age": 600
}"#;

/// A built policy describes, and answers, as the compiled one.
fn same_as_compiled(built: &'static Policy) -> Result<(), String> {
    ensure(built.to_string() == COMPILED.to_string(), || {
        format!("built:\n{built}\ncompiled:\n{COMPILED}")
    })?;
    for origin in [
        "https://app.example.com",
        "https://a.example.org:8443",
        "http://localhost:5173",
        "https://example.org",
        "https://evil.example",
    ] {
        ensure(
            built.allows_origin(origin.as_bytes()) == COMPILED.allows_origin(origin.as_bytes()),
            || origin.to_string(),
        )?;
    }
    Ok(())
}

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        trial("builder_structural_problems_come_back_together", || {
            let error = Policy::builder()
                .allow_headers(["X-A", "x-a"])
                .expose_headers(Vec::<String>::new())
                .max_age(86_401)
                .build()
                .expect_err("every key is wrong");
            let want = [
                ("", "`expose_headers` is an empty list"),
                (
                    "",
                    "missing `origins`: a CORS policy must say which origins it allows",
                ),
                (
                    "",
                    "missing `methods`: a CORS policy must say which methods it allows",
                ),
                (
                    "86401",
                    "`max_age = 86401` is over the 86400 seconds (24 hours) allowed",
                ),
                ("x-a", "`x-a` appears twice in `allow_headers`"),
            ];
            let got = messages(&error);
            ensure(
                got.iter()
                    .map(|(e, m)| (e.as_str(), m.as_str()))
                    .eq(want.iter().copied()),
                || format!("{got:#?}"),
            )?;
            let error = Policy::builder()
                .origins(Vec::<&str>::new())
                .methods(["get", "GET", "get"])
                .build()
                .expect_err("wrong lists");
            let got = messages(&error);
            let help = error.problems().nth(1).map(|p| p.help().to_owned());
            ensure(
                got == [
                    ("".to_owned(), "`origins` is an empty list".to_owned()),
                    (
                        "get".to_owned(),
                        "method `get` is not upper-case".to_owned(),
                    ),
                    (
                        "get".to_owned(),
                        "method `get` is not upper-case".to_owned(),
                    ),
                ] && help.is_some_and(|h| h.starts_with("write `GET`")),
                || format!("{error}"),
            )?;
            ensure(error.policy() == "`Policy::builder()`", || {
                error.policy().into()
            })
        }),
        trial("builder_policy_equals_the_compiled_one", || {
            let built = Policy::builder()
                .origins([
                    "https://app.example.com",
                    "https://*.example.org:*",
                    "http://localhost:*",
                ])
                .methods(["GET", "PUT", "PURGE"])
                .allow_headers(["content-type", "X-Request-Id"])
                .expose_headers(["x-request-id"])
                .credentials(true)
                .max_age(600)
                .build()
                .map_err(|e| e.to_string())?;
            same_as_compiled(built)
        }),
        trial("an_unneeded_flag_is_not_an_error_at_run_time", || {
            Policy::builder()
                .origins(["https://app.example.com"])
                .methods(["GET"])
                .dangerously_allow_insecure_origins()
                .dangerously_allow_public_suffix_subdomains()
                .build()
                .map(|_| ())
                .map_err(|e| e.to_string())?;
            // Nor the guard's escape hatch on a `"*"` policy, which trusts everyone anyway.
            let open = Policy::builder()
                .origins(["*"])
                .methods(["POST"])
                .dangerously_allow_cross_origin_writes()
                .build()
                .map_err(|e| e.to_string())?;
            ensure(!open.guards_cross_origin_writes(), || open.to_string())
        }),
        trial("config_reads_the_escape_hatch_of_the_guard", || {
            // SPEC 10: the escape hatch is a key of the configuration too, off by default.
            let base = "origins = [\"https://app.example.com\"]\nmethods = [\"POST\"]\n";
            let guarded: PolicyConfig = toml::from_str(base).map_err(|e| e.to_string())?;
            let open: PolicyConfig = toml::from_str(&format!(
                "{base}dangerously_allow_cross_origin_writes = true\n"
            ))
            .map_err(|e| e.to_string())?;
            let guarded = guarded.build().map_err(|e| e.to_string())?;
            let open = open.build().map_err(|e| e.to_string())?;
            ensure(guarded.guards_cross_origin_writes(), || guarded.to_string())?;
            ensure(!open.guards_cross_origin_writes(), || open.to_string())?;
            let error =
                toml::from_str::<PolicyConfig>("dangerously_allow_cross_origin_writes = 1\n")
                    .expect_err("a wrong type")
                    .to_string();
            ensure(
                error.contains("`dangerously_allow_cross_origin_writes`: "),
                || error.clone(),
            )?;
            // A form from another site: refused by the guarded policy, let through by the
            // other.
            let mut form = http::HeaderMap::new();
            form.insert(
                "origin",
                http::HeaderValue::from_static("https://evil.example"),
            );
            form.insert(
                "sec-fetch-site",
                http::HeaderValue::from_static("cross-site"),
            );
            ensure(
                matches!(
                    guarded.decide(&http::Method::POST, &form),
                    cors_runtime::Decision::Untrusted(_)
                ),
                || "the guarded policy let the form through".into(),
            )?;
            ensure(
                open.decide(&http::Method::POST, &form).runs_handler(),
                || "the open policy refused the form".into(),
            )
        }),
        trial("config_from_toml", || {
            let config: PolicyConfig = toml::from_str(TOML).map_err(|e| e.to_string())?;
            same_as_compiled(config.build().map_err(|e| e.to_string())?)
        }),
        trial("config_from_json", || {
            let config: PolicyConfig = serde_json::from_str(JSON).map_err(|e| e.to_string())?;
            same_as_compiled(config.build().map_err(|e| e.to_string())?)
        }),
        trial("config_unknown_key_is_named", || {
            let toml = toml::from_str::<PolicyConfig>("orgins = [\"https://a.example\"]\n")
                .expect_err("an unknown key")
                .to_string();
            let json = serde_json::from_str::<PolicyConfig>(r#"{"timeout": 30}"#)
                .expect_err("an unknown key")
                .to_string();
            ensure(
                toml.contains("unknown key `orgins`") && toml.contains("did you mean `origins`?"),
                || toml.clone(),
            )?;
            ensure(
                json.contains("unknown key `timeout`") && json.contains("valid keys are: origins"),
                || json.clone(),
            )
        }),
        trial("config_wrong_type_names_the_key", || {
            for (text, key) in [
                ("max_age = \"600\"\n", "max_age"),
                ("max_age = -1\n", "max_age"),
                ("credentials = \"yes\"\n", "credentials"),
                ("origins = \"https://a.example\"\n", "origins"),
                ("methods = [1]\n", "methods"),
            ] {
                let error = toml::from_str::<PolicyConfig>(text)
                    .expect_err("a wrong type")
                    .to_string();
                ensure(error.contains(&format!("`{key}`: ")), || {
                    format!("{text:?}: {error}")
                })?;
            }
            let error = serde_json::from_str::<PolicyConfig>(r#"{"allow_headers": "x-a"}"#)
                .expect_err("a wrong type")
                .to_string();
            ensure(error.contains("`allow_headers`: "), || error.clone())
        }),
        trial("config_problems_come_back_together", || {
            let config: PolicyConfig = serde_json::from_str(
                r#"{"origins": ["*"], "methods": ["patch"], "credentials": true, "max_age": 100000}"#,
            )
            .map_err(|e| e.to_string())?;
            let error = config.build().expect_err("three problems");
            let got: Vec<String> = error.problems().map(|p| p.message().to_owned()).collect();
            ensure(
                got == [
                    "`max_age = 100000` is over the 86400 seconds (24 hours) allowed",
                    "`\"*\"` (any origin) in `origins` cannot be used with `credentials`",
                    "method `patch` is not upper-case",
                ],
                || format!("{error}"),
            )?;
            ensure(error.policy() == "`PolicyConfig`", || error.policy().into())
        }),
    ]
}
