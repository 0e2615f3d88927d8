//! The demo binary, as the tests of this package run it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The values of `--framework`.
#[allow(dead_code)] // Not every test file runs both.
pub(crate) const FRAMEWORKS: [&str; 2] = ["axum", "actix"];

/// `target/<profile>/examples/demo`, next to the test's `deps/` directory, serving its API
/// with `framework` on ephemeral loopback ports.
pub(crate) fn demo(framework: &str) -> Command {
    let exe = std::env::current_exe().expect("the test's path");
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let demo: PathBuf = profile.join("examples").join("demo");
    assert!(demo.exists(), "{} was not built", demo.display());
    let mut command = Command::new(demo);
    command.args(["--api-addr", "127.0.0.1:0", "--page-addr", "127.0.0.1:0"]);
    command.args(["--framework", framework]);
    command
}

/// A running demo, killed when dropped.
pub(crate) struct Demo {
    child: Child,
    /// `host:port` of its API.
    pub(crate) api: String,
}

impl Demo {
    /// Starts the demo with `framework`, `DEMO_ORIGINS` set to `origins` (unset for
    /// `None`), and waits for the address of its API.
    pub(crate) fn start(framework: &str, origins: Option<&str>) -> Demo {
        let mut command = demo(framework);
        match origins {
            Some(origins) => command.env("DEMO_ORIGINS", origins),
            None => command.env_remove("DEMO_ORIGINS"),
        };
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the demo starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let first = lines.next().expect("a line").expect("text");
        let api = first
            .strip_prefix("API  http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_owned();
        // Keep reading, so the demo never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Demo { child, api }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
