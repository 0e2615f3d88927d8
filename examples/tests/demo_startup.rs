//! `cargo run --example demo` with `DEMO_ORIGINS` (SPEC section 6): a valid value replaces
//! the four default origins of the `/orders` handlers; an invalid one is reported, naming
//! the variable, and the demo exits with a failure before it listens. (Unset, the demo is
//! what the browser suite drives.) Each test runs the demo with each framework of
//! `--framework`: the actix-web API's `/orders` handlers read the same variable.
//!
//! The demo binary is the one `cargo test` builds for this package's examples.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Demo, FRAMEWORKS, demo};

#[test]
fn an_invalid_value_is_reported_and_the_demo_does_not_start() {
    for framework in FRAMEWORKS {
        an_invalid_value_is_reported(framework);
    }
}

fn an_invalid_value_is_reported(framework: &str) {
    let output = demo(framework)
        .env(
            "DEMO_ORIGINS",
            "https://app.example.com/ http://localhost:*",
        )
        .output()
        .expect("the demo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{framework}: {stderr}");
    assert!(
        output.stdout.is_empty(),
        "{framework}: it printed its addresses: it listened"
    );
    for part in [
        "origins from the environment variable `DEMO_ORIGINS`: 1 problem",
        "`https://app.example.com/`: origin `https://app.example.com/` ends with `/`",
        "help: remove the trailing `/`: browsers send `https://app.example.com`",
        "the demo did not start",
    ] {
        assert!(
            stderr.contains(part),
            "{framework}: {part:?} missing from:\n{stderr}"
        );
    }
}

#[test]
fn a_valid_value_replaces_the_default_origins() {
    for framework in FRAMEWORKS {
        a_valid_value_replaces(framework);
    }
}

fn a_valid_value_replaces(framework: &str) {
    let demo = Demo::start(framework, Some("https://shop.example, http://127.0.0.1:*"));
    let api = &demo.api;
    let allow_origin = |origin: &str| -> Option<String> {
        let mut stream = TcpStream::connect(api).expect("connect to the API");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        write!(
            stream,
            "GET /orders HTTP/1.1\r\nhost: {api}\r\norigin: {origin}\r\nconnection: close\r\n\r\n"
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("an answer");
        response.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("access-control-allow-origin")
                .then(|| value.trim().to_owned())
        })
    };
    let results = [
        allow_origin("https://shop.example"),
        allow_origin("http://127.0.0.1:5173"),
        // One of the defaults, no longer listed.
        allow_origin("https://app.example.com"),
    ];
    drop(demo);
    assert_eq!(
        results,
        [
            Some("https://shop.example".to_owned()),
            Some("http://127.0.0.1:5173".to_owned()),
            None
        ],
        "{framework}"
    );
}
