//! Writes the benchmark policies into `$OUT_DIR/policies.rs`: for 1, 10, 100 and 1000
//! exact origins and for a subdomain pattern, the same arguments three times over (as a
//! `policy!` for `CorsLayer`, as a `#[cors]` handler for `route![...]`, and as the plain
//! origin list tower-http gets), so every variant is configured identically.

use std::fmt::Write as _;
use std::path::PathBuf;

/// The origin every "allowed" request sends; it is the last one of every list.
const REQUEST_ORIGIN: &str = "https://app.example.com";

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
        let args = format!(
            "origins = [{}], methods = [GET, POST, DELETE], \
             allow_headers = [\"content-type\", \"x-request-id\"], \
             expose_headers = [\"x-request-id\"], credentials, max_age = 600",
            quoted(origins)
        );
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
    let path = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("policies.rs");
    std::fs::write(path, out).unwrap();
}
