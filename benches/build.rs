//! Writes the benchmark policies into `$OUT_DIR/policies.rs`: for 1, 10, 100 and 1000
//! exact origins and for a subdomain pattern, the same arguments three times over (as a
//! `policy!` for `CorsLayer`, as a `#[cors]` handler for `route![...]`, and as the plain
//! origin list tower-http gets), so every variant is configured identically.
//!
//! For 1 and 1000 origins, also the same policy and handler with `origins = env("NAME")`
//! in place of the list, and the variable's name: the benchmark sets the variable to the
//! same origins, so the two configurations differ only in where the origins come from.

use std::fmt::Write as _;
use std::path::PathBuf;

/// The origin every "allowed" request sends; it is the last one of every list.
const REQUEST_ORIGIN: &str = "https://app.example.com";

/// Every argument of the benchmark policies but their origins.
const REST: &str = "methods = [GET, POST, DELETE], \
                    allow_headers = [\"content-type\", \"x-request-id\"], \
                    expose_headers = [\"x-request-id\"], credentials, max_age = 600";

fn origins(n: usize) -> Vec<String> {
    let mut list: Vec<String> = (1..n)
        .map(|i| format!("https://app{i}.example.org"))
        .collect();
    list.push(REQUEST_ORIGIN.to_owned());
    list
}

fn quoted(origins: &[String]) -> String {
    origins
        .iter()
        .map(|o| format!("{o:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::new();
    let mut emit = |name: &str, origins: &[String]| {
        let args = format!("origins = [{}], {REST}", quoted(origins));
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
        let args = format!("origins = env({variable:?}), {REST}");
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
    let path = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("policies.rs");
    std::fs::write(path, out).unwrap();
}
