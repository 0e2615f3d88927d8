//! Writes the benchmark policies into `$OUT_DIR/policies.rs`: for 1, 10, 100 and 1000
//! exact origins and for a subdomain pattern, the same arguments three times over (as a
//! `policy!` for `CorsLayer`, as a `#[cors]` handler for `route![...]`, and as the plain
//! origin list tower-http gets), so every variant is configured identically.
//!
//! For 1 and 1000 origins, also the same policy and handler with `origins = env("NAME")`
//! in place of the list, and the variable's name: the benchmark sets the variable to the
//! same origins, so the two configurations differ only in where the origins come from.
//! And the same policy once more as a `Policy::builder()` call, built at run time from
//! the same origin list and the same other arguments.
//!
//! For 1 and 1000 origins, also the same policy and handler with `origins = [live(NAME)]`
//! in place of the list, and the empty `static` `OriginSet` it names: the benchmark fills
//! the set with the same origins, so the two configurations differ only in where the
//! origins are kept.
//!
//! For 1 origin, also the same policy and handler with `dangerously_allow_cross_origin_writes`
//! added (`UNGUARDED_POLICY_1`, `unguarded_route_1`): the guard on writes and WebSocket
//! handshakes off, everything else alike.

use std::fmt::Write as _;
use std::path::PathBuf;

/// The origin every "allowed" request sends; it is the last one of every list.
const REQUEST_ORIGIN: &str = "https://app.example.com";

// Every argument of the benchmark policies but their origins, written once: `rest()`
// spells them for `policy!` and `#[cors]`, `builder_calls()` for `Policy::builder()`.
const METHODS: [&str; 3] = ["GET", "POST", "DELETE"];
const ALLOW_HEADERS: [&str; 2] = ["content-type", "x-request-id"];
const EXPOSE_HEADERS: [&str; 1] = ["x-request-id"];
const CREDENTIALS: bool = true;
const MAX_AGE: u32 = 600;

/// The arguments but the origins, as the attribute takes them:
/// `methods = [GET, POST, DELETE], allow_headers = ["content-type", "x-request-id"], ...`.
fn rest() -> String {
    let mut rest = format!(
        "methods = [{}], allow_headers = [{}], expose_headers = [{}]",
        METHODS.join(", "),
        quoted(&ALLOW_HEADERS),
        quoted(&EXPOSE_HEADERS)
    );
    if CREDENTIALS {
        rest.push_str(", credentials");
    }
    write!(rest, ", max_age = {MAX_AGE}").unwrap();
    rest
}

/// The same arguments as `PolicyBuilder` calls:
/// `.methods(["GET", "POST", "DELETE"]).allow_headers([...])...max_age(600)`.
fn builder_calls() -> String {
    format!(
        ".methods([{}]).allow_headers([{}]).expose_headers([{}]).credentials({CREDENTIALS})\
         .max_age({MAX_AGE})",
        quoted(&METHODS),
        quoted(&ALLOW_HEADERS),
        quoted(&EXPOSE_HEADERS)
    )
}

fn origins(n: usize) -> Vec<String> {
    let mut list: Vec<String> = (1..n)
        .map(|i| format!("https://app{i}.example.org"))
        .collect();
    list.push(REQUEST_ORIGIN.to_owned());
    list
}

fn quoted<S: AsRef<str>>(strings: &[S]) -> String {
    strings
        .iter()
        .map(AsRef::as_ref)
        .map(|o| format!("{o:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let rest = rest();
    let mut out = String::new();
    let mut emit = |name: &str, origins: &[String]| {
        let args = format!("origins = [{}], {rest}", quoted(origins));
        let upper = name.to_uppercase();
        writeln!(
            out,
            "const ORIGINS_{upper}: &[&str] = &[{}];",
            quoted(origins)
        )
        .unwrap();
        writeln!(out, "static POLICY_{upper}: Policy = policy!({args});").unwrap();
        writeln!(out, "#[cors({args})]").unwrap();
        writeln!(
            out,
            "async fn handler_{name}() -> &'static str {{ \"ok\" }}"
        )
        .unwrap();
        writeln!(
            out,
            "fn route_{name}() -> MethodRouter {{ route![handler_{name}] }}\n"
        )
        .unwrap();
    };
    for n in [1, 10, 100, 1000] {
        emit(&format!("{n}"), &origins(n));
    }
    emit("pattern", &["https://*.example.com".to_owned()]);
    // The env-resolved twins of the 1- and 1000-origin policies: the same arguments but
    // the origins, read at startup from `CORS_BENCHES_ORIGINS_<n>`.
    for n in [1, 1000] {
        let variable = format!("CORS_BENCHES_ORIGINS_{n}");
        let args = format!("origins = env({variable:?}), {rest}");
        writeln!(out, "const ENV_VARIABLE_{n}: &str = {variable:?};").unwrap();
        writeln!(out, "static ENV_POLICY_{n}: Policy = policy!({args});").unwrap();
        writeln!(out, "#[cors({args})]").unwrap();
        writeln!(
            out,
            "async fn env_handler_{n}() -> &'static str {{ \"ok\" }}"
        )
        .unwrap();
        writeln!(
            out,
            "fn env_route_{n}() -> MethodRouter {{ route![env_handler_{n}] }}\n"
        )
        .unwrap();
    }
    // The live twins of the 1- and 1000-origin policies (SPEC 11): the same arguments but
    // the origins, kept in `LIVE_SET_<n>`, which starts empty.
    for n in [1, 1000] {
        let args = format!("origins = [live(LIVE_SET_{n})], {rest}");
        writeln!(out, "static LIVE_SET_{n}: OriginSet = OriginSet::new();").unwrap();
        writeln!(out, "static LIVE_POLICY_{n}: Policy = policy!({args});").unwrap();
        writeln!(out, "#[cors({args})]").unwrap();
        writeln!(
            out,
            "async fn live_handler_{n}() -> &'static str {{ \"ok\" }}"
        )
        .unwrap();
        writeln!(
            out,
            "fn live_route_{n}() -> MethodRouter {{ route![live_handler_{n}] }}\n"
        )
        .unwrap();
    }
    // The guard's twin of the 1-origin policy (SPEC 10): the same arguments with the guard
    // on writes and WebSocket handshakes turned off.
    let args = format!(
        "origins = [{}], {rest}, dangerously_allow_cross_origin_writes",
        quoted(&origins(1))
    );
    writeln!(out, "static UNGUARDED_POLICY_1: Policy = policy!({args});").unwrap();
    writeln!(out, "#[cors({args})]").unwrap();
    writeln!(
        out,
        "async fn unguarded_handler_1() -> &'static str {{ \"ok\" }}"
    )
    .unwrap();
    writeln!(
        out,
        "fn unguarded_route_1() -> MethodRouter {{ route![unguarded_handler_1] }}\n"
    )
    .unwrap();
    // The builder-built twins: the literal policies' origin lists (`ORIGINS_<n>`) and the
    // same other arguments, given to `Policy::builder()` at run time.
    let calls = builder_calls();
    for n in [1, 1000] {
        writeln!(
            out,
            "fn build_policy_{n}() -> Result<&'static Policy, cors_runtime::PolicyError> {{\n    \
             Policy::builder().origins(ORIGINS_{n}){calls}.build()\n}}\n"
        )
        .unwrap();
    }
    let path = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("policies.rs");
    std::fs::write(path, out).unwrap();
}
