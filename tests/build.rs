//! Generates `random_policies.rs`: seeded random valid argument sets, each compiled by
//! `policy!` and kept next to its text, for the model-based tests that compare the macro's
//! policy with the one `Policy::builder()` builds from the same arguments. About one in
//! four policies that list their origins carries `dangerously_allow_cross_origin_writes`
//! (SPEC 10's escape hatch; on `origins = ["*"]` it is a compile error).

use std::fmt::Write as _;

/// How many policies.
const COUNT: usize = 48;

/// Entries valid in every combination: no plain `http:` off loopback, no pattern over a
/// public suffix, no duplicates after lowercasing.
const ORIGINS: &[&str] = &[
    "https://app.example.com",
    "https://*.example.org",
    "https://*.example.net:*",
    "http://localhost:*",
    "http://127.0.0.1:3000",
    "http://[::1]:*",
    "https://a.example.com:8443",
    "https://xn--bcher-kva.example",
    "https://*.dev.example.com",
    "http://*.localhost:*",
];
const METHODS: &[&str] = &[
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "OPTIONS",
    "\"PURGE\"",
    "\"LINK\"",
];
const ALLOW_HEADERS: &[&str] = &[
    "content-type",
    "x-request-id",
    "authorization",
    "X-Custom",
    "x-b",
];
const EXPOSE_HEADERS: &[&str] = &["x-request-id", "location", "etag", "x-b"];

/// xorshift64*: a fixed sequence, so the policies are the same on every build.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A non-empty random subset of `pool`, in pool order.
    fn subset<'a>(&mut self, pool: &[&'a str]) -> Vec<&'a str> {
        loop {
            let picked: Vec<&str> = pool
                .iter()
                .copied()
                .filter(|_| self.below(3) == 0)
                .collect();
            if !picked.is_empty() {
                return picked;
            }
        }
    }
}

fn list(entries: &[&str], quote: bool) -> String {
    let entries: Vec<String> = entries
        .iter()
        .map(|e| {
            if quote && !e.starts_with('"') {
                format!("\"{e}\"")
            } else {
                (*e).to_owned()
            }
        })
        .collect();
    format!("[{}]", entries.join(", "))
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut rng = Rng(0x5eed_c0de_cafe_f00d);
    // A stream of its own for the escape hatch: the other arguments stay as they were.
    let mut hatch = Rng(0x0a7c_4e5c_ab1e_d00d);
    let mut out = String::from(
        "/// Seeded random valid policies: their arguments, and `policy!`'s policy.\n\
         pub static RANDOM: &[(&str, &::cors_runtime::Policy)] = &[\n",
    );
    for _ in 0..COUNT {
        let credentials = rng.below(2) == 0;
        let mut args: Vec<String> = Vec::new();
        let origins = if !credentials && rng.below(6) == 0 {
            vec!["*"]
        } else {
            rng.subset(ORIGINS)
        };
        args.push(format!("origins = {}", list(&origins, true)));
        let methods = if !credentials && rng.below(8) == 0 {
            vec!["\"*\""]
        } else {
            rng.subset(METHODS)
        };
        args.push(format!("methods = {}", list(&methods, false)));
        if rng.below(3) != 0 {
            let mut names = rng.subset(ALLOW_HEADERS);
            if !credentials && rng.below(4) == 0 {
                // `*`, with `authorization` beside it or not: the one name it never covers.
                names.retain(|n| *n == "authorization");
                names.insert(0, "*");
            }
            args.push(format!("allow_headers = {}", list(&names, true)));
        }
        if rng.below(2) == 0 {
            let names = if !credentials && rng.below(5) == 0 {
                vec!["*"]
            } else {
                rng.subset(EXPOSE_HEADERS)
            };
            args.push(format!("expose_headers = {}", list(&names, true)));
        }
        if credentials {
            args.push("credentials".to_owned());
        }
        match rng.below(4) {
            0 => args.push("max_age = 0".to_owned()),
            1 => args.push("max_age = 600".to_owned()),
            2 => args.push("max_age = 86400".to_owned()),
            _ => {}
        }
        if hatch.below(4) == 0 && origins != ["*"] {
            args.push("dangerously_allow_cross_origin_writes".to_owned());
        }
        let args = args.join(", ");
        let _ = writeln!(
            out,
            "    ({args:?}, {{ static POLICY: ::cors_runtime::Policy = ::cors_runtime::policy!({args}); &POLICY }}),"
        );
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR"))
        .join("random_policies.rs");
    std::fs::write(path, out).expect("write random_policies.rs");
}
