//! `cargo run --example tenants` (SPEC section 11) on loopback: an origin added through the
//! admin route is allowed by `/orders` at once and no longer once removed; a bad one is
//! answered `422` with the problems `OriginSet::insert` reports, and changes nothing; the
//! admin route refuses writes from other sites.
//!
//! The binary is the one `cargo test` builds for this package's examples.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use cors_runtime::OriginSet;
use serde_json::{Value, json};

/// The example, serving on a free loopback port; stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Open while the example runs: it prints more after its address.
    _stdout: BufReader<ChildStdout>,
}

/// A response: its status, header lines (names lower-cased) and body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {:?}", self.body))
    }
}

impl Server {
    /// Starts `target/<profile>/examples/tenants` with `PORT=0` and reads its address.
    fn start() -> Server {
        let exe = std::env::current_exe().expect("the test's path");
        let profile = exe
            .parent()
            .and_then(|deps| deps.parent())
            .expect("target/<profile>/deps");
        let tenants = profile.join("examples").join("tenants");
        assert!(tenants.exists(), "{} was not built", tenants.display());
        let mut child = Command::new(tenants)
            .env("PORT", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the example starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("a line");
        let addr = first
            .trim_end()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        Server {
            child,
            addr,
            _stdout: stdout,
        }
    }

    /// Sends one HTTP/1.1 request and reads the whole response.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        let mut request = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.addr);
        for (name, value) in headers {
            request += &format!("{name}: {value}\r\n");
        }
        request += &format!(
            "content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("an answer");
        let (head, body) = response.split_once("\r\n\r\n").expect("a header block");
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    /// `GET /orders` from a page on `origin`: the `Access-Control-Allow-Origin` it gets.
    fn allowed(&self, origin: &str) -> Option<String> {
        let response = self.request("GET", "/orders", &[("origin", origin)], "");
        assert_eq!(response.status, 200);
        response
            .header("access-control-allow-origin")
            .map(str::to_owned)
    }

    /// `POST` or `DELETE /admin/tenants` with `{"origin": origin}`, from curl.
    fn admin(&self, method: &str, origin: &str) -> Response {
        self.admin_from(method, origin, &[])
    }

    /// The same, with the browser's headers `from`.
    fn admin_from(&self, method: &str, origin: &str, from: &[(&str, &str)]) -> Response {
        let mut headers = vec![("content-type", "application/json")];
        headers.extend_from_slice(from);
        let body = json!({ "origin": origin }).to_string();
        self.request(method, "/admin/tenants", &headers, &body)
    }

    /// `GET /admin/tenants`.
    fn list(&self) -> String {
        let response = self.request("GET", "/admin/tenants", &[], "");
        assert_eq!(response.status, 200);
        response.body
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_tenant_added_at_run_time_is_allowed_until_removed() {
    let server = Server::start();
    let shop = "https://shop.initech.test";
    // The rows seeded at startup, and the literal origin beside `live(TENANTS)`.
    for seeded in [
        "https://shop.acme.test",
        "https://eu.portal.globex.test",
        "https://app.example.com",
    ] {
        assert_eq!(server.allowed(seeded).as_deref(), Some(seeded));
    }
    assert_eq!(server.allowed(shop), None);

    assert_eq!(server.admin("POST", shop).status, 201);
    let response = server.request("GET", "/orders", &[("origin", shop)], "");
    assert_eq!(response.header("access-control-allow-origin"), Some(shop));
    assert_eq!(
        response.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(server.admin("POST", shop).status, 200, "already there");
    assert_eq!(
        server.list(),
        "tenants (3): https://shop.acme.test, https://shop.initech.test, \
         https://*.portal.globex.test\n"
    );

    assert_eq!(server.admin("DELETE", shop).status, 204);
    assert_eq!(server.allowed(shop), None);
    assert_eq!(server.admin("DELETE", shop).status, 404);
    assert_eq!(
        server
            .admin("DELETE", "https://*.portal.globex.test")
            .status,
        204
    );
    assert_eq!(server.allowed("https://eu.portal.globex.test"), None);
    assert_eq!(server.list(), "tenants (1): https://shop.acme.test\n");
}

#[test]
fn a_bad_origin_is_answered_422_with_every_problem() {
    static CHECK: OriginSet = OriginSet::new();
    let server = Server::start();
    let before = server.list();
    for bad in [
        "https://shop.example/",
        "http://shop.example",
        "https://Shop.example",
        "*",
        "https://*.github.io",
    ] {
        let response = server.admin("POST", bad);
        assert_eq!(response.status, 422, "{bad}: {}", response.body);
        let error = CHECK.insert(bad).expect_err(bad);
        let expected: Vec<Value> = error
            .problems()
            .map(|p| json!({ "entry": p.entry(), "message": p.message(), "help": p.help() }))
            .collect();
        assert_eq!(response.json(), json!({ "problems": expected }), "{bad}");
        assert_eq!(server.allowed(bad), None);
    }
    assert_eq!(server.list(), before, "nothing changed");
}

#[test]
fn the_admin_route_refuses_writes_from_other_sites() {
    let server = Server::start();
    let before = server.list();
    // A tenant's page, or any site the admin visits, posting with the admin's cookies.
    for site in ["https://shop.acme.test", "https://evil.example"] {
        let cross_site = [("origin", site), ("sec-fetch-site", "cross-site")];
        let response = server.admin_from("POST", "https://evil.example", &cross_site);
        assert_eq!(response.status, 403, "{site}");
        assert_eq!(response.body, "");
    }
    assert_eq!(server.list(), before, "the handler never ran");

    // The admin console's origin is the one the admin policy lists.
    let console = [
        ("origin", "https://admin.example.com"),
        ("sec-fetch-site", "same-site"),
    ];
    let response = server.admin_from("POST", "https://shop.hooli.test", &console);
    assert_eq!(response.status, 201);
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://admin.example.com")
    );
}
