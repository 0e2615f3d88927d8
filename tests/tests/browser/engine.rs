//! The two browser engines, headless, one fresh browser per scenario: Chromium behind
//! Debian's `chromedriver`, and Firefox ESR behind `geckodriver`.
//!
//! Each [`Browser`] owns a temporary directory (the profile, config, cache and temporary
//! directories, and the driver's log), a driver listening on a free loopback port, and,
//! once [`Browser::session`] is called, one browser. Dropping it, on success, failure or
//! panic alike, closes nothing gracefully: it kills the driver and every process whose
//! command line names the temporary directory (the browser and all its helpers: Chromium
//! gets its `--user-data-dir` there, Firefox the profile geckodriver makes in its
//! `TMPDIR`), then removes the directory. Call [`Browser::close`] first for a clean
//! WebDriver shutdown.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// The Chromium flags that work headless in containers and keep the browser off the network.
const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
];

/// Names a Chromium executable goes by, in the order they are looked up on `PATH`.
const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome-stable",
    "google-chrome",
];

/// Names a Firefox executable goes by.
const FIREFOX_NAMES: &[&str] = &["firefox-esr", "firefox"];

/// A browser engine the suite runs every scenario in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Engine {
    /// Blink, in Chromium.
    Chromium,
    /// Gecko, in Firefox ESR.
    Firefox,
}

impl Engine {
    pub(crate) const ALL: [Engine; 2] = [Engine::Chromium, Engine::Firefox];

    /// The name trials are prefixed with.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }

    /// How to install what is missing.
    pub(crate) fn install_hint(self) -> &'static str {
        match self {
            Engine::Chromium => "apt-get install chromium chromium-driver",
            Engine::Firefox => "apt-get install firefox-esr; cargo install geckodriver",
        }
    }

    fn driver_name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromedriver",
            Engine::Firefox => "geckodriver",
        }
    }
}

/// Prefix of the temporary directories; the rest is `<pid>-<n>`.
const DIR_PREFIX: &str = "cors-browser-test-";

/// The two programs an engine needs.
#[derive(Clone, Debug)]
pub(crate) struct Tools {
    pub(crate) engine: Engine,
    pub(crate) browser: PathBuf,
    pub(crate) driver: PathBuf,
}

/// Looks `name` up on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The browser and driver of `engine` from `PATH` (geckodriver also from
/// `~/.cargo/bin`, where `cargo install` puts it), or what is missing.
pub(crate) fn find_tools(engine: Engine) -> Result<Tools, String> {
    let (names, browser_name) = match engine {
        Engine::Chromium => (CHROMIUM_NAMES, "chromium"),
        Engine::Firefox => (FIREFOX_NAMES, "firefox-esr"),
    };
    let browser = names.iter().find_map(|name| which(name));
    let driver_name = engine.driver_name();
    let driver = which(driver_name).or_else(|| {
        let home = std::env::var_os("HOME")?;
        let cargo_bin = PathBuf::from(home).join(".cargo/bin").join(driver_name);
        cargo_bin.is_file().then_some(cargo_bin)
    });
    match (browser, driver) {
        (Some(browser), Some(driver)) => Ok(Tools {
            engine,
            browser,
            driver,
        }),
        (None, None) => Err(format!("{browser_name} and {driver_name} not found")),
        (None, Some(_)) => Err(format!("{browser_name} not found")),
        (Some(_), None) => Err(format!("{driver_name} not found")),
    }
}

/// Removes the temporary directories of earlier runs that were killed before they could
/// clean up (their process is gone).
pub(crate) fn remove_stale_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next() else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            kill_processes_naming(&entry.path());
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// One driver and, once a session is open, one browser, with their own directory.
pub(crate) struct Browser {
    dir: PathBuf,
    driver: Option<Child>,
    url: String,
    tools: Tools,
    client: Option<Client>,
}

impl Browser {
    /// Starts the engine's driver on a free loopback port, in a new temporary directory.
    pub(crate) fn launch(tools: &Tools) -> Result<Browser, String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "{DIR_PREFIX}{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        // From here on, `Drop` cleans up whatever was made.
        let mut browser = Browser {
            dir,
            driver: None,
            url: String::new(),
            tools: tools.clone(),
            client: None,
        };
        for sub in ["profile", "config", "cache", "tmp"] {
            std::fs::create_dir_all(browser.dir.join(sub))
                .map_err(|e| format!("cannot create {}: {e}", browser.dir.display()))?;
        }
        // With `--port=0`, chromedriver takes a free port on one loopback address and then
        // binds the same port on the other; when that one is taken (the servers of other
        // scenarios bind ephemeral ports too), it exits at once. geckodriver gets a port
        // that was free a moment ago, which another server may take first. Start it again.
        const ATTEMPTS: usize = 5;
        let mut attempt = 1;
        let port = loop {
            match browser.start_driver() {
                Ok(port) => break port,
                Err(_) if attempt < ATTEMPTS => {
                    browser.stop_driver();
                    attempt += 1;
                }
                Err(e) => return Err(format!("{e} (after {ATTEMPTS} attempts)")),
            }
        };
        browser.url = format!("http://127.0.0.1:{port}");
        Ok(browser)
    }

    /// The driver's log file, in the directory.
    fn log_name(&self) -> &'static str {
        match self.tools.engine {
            Engine::Chromium => "chromedriver.log",
            Engine::Firefox => "geckodriver.log",
        }
    }

    /// Starts the driver on a free port and returns that port.
    fn start_driver(&mut self) -> Result<u16, String> {
        let log = std::fs::File::create(self.dir.join(self.log_name()))
            .map_err(|e| format!("cannot create the driver's log: {e}"))?;
        let mut command = Command::new(&self.tools.driver);
        match self.tools.engine {
            Engine::Chromium => {
                command.arg("--port=0");
            }
            Engine::Firefox => {
                let port = std::net::TcpListener::bind("127.0.0.1:0")
                    .and_then(|listener| listener.local_addr())
                    .map_err(|e| format!("no free port: {e}"))?
                    .port();
                command.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
            }
        }
        let mut driver = command
            // The browser inherits these: its crash reports, caches and (Firefox) the
            // profile the driver makes stay in our directory.
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .env("TMPDIR", self.dir.join("tmp"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.tools.driver.display()))?;
        let stdout = driver.stdout.take();
        self.driver = Some(driver);

        // The driver says which port it listens on: "ChromeDriver was started
        // successfully on port 41234.", "Listening on 127.0.0.1:41234". The thread then
        // keeps draining its output so it never blocks on it; if the driver exits first,
        // the channel closes and the wait ends at once.
        let (port_tx, port_rx) = mpsc::channel();
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                let mut port_tx = Some(port_tx);
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    let port = if let Some(rest) = line.split("successfully on port ").nth(1) {
                        rest.trim_end_matches('.').trim().parse::<u16>().ok()
                    } else if let Some(rest) = line.split("Listening on ").nth(1) {
                        rest.trim()
                            .rsplit(':')
                            .next()
                            .and_then(|p| p.parse::<u16>().ok())
                    } else {
                        None
                    };
                    if let Some(port) = port
                        && let Some(tx) = port_tx.take()
                    {
                        let _ = tx.send(port);
                    }
                }
            });
        }
        port_rx.recv_timeout(Duration::from_secs(20)).map_err(|_| {
            format!(
                "{} did not report its port{}",
                self.tools.engine.driver_name(),
                self.log_tail(self.log_name())
            )
        })
    }

    /// Kills chromedriver, if it was started, and waits for it.
    fn stop_driver(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }

    /// Opens the WebDriver session: the browser starts with a fresh profile.
    pub(crate) async fn session(&mut self) -> Result<Client, String> {
        let timeouts = json!({ "script": 30_000, "pageLoad": 30_000, "implicit": 0 });
        let capabilities = match self.tools.engine {
            Engine::Chromium => {
                let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
                args.push(format!(
                    "--user-data-dir={}",
                    self.dir.join("profile").display()
                ));
                json!({
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": timeouts,
                    "goog:chromeOptions": { "binary": self.tools.browser, "args": args },
                })
            }
            Engine::Firefox => json!({
                "browserName": "firefox",
                "pageLoadStrategy": "normal",
                "timeouts": timeouts,
                "moz:firefoxOptions": {
                    "binary": self.tools.browser,
                    "args": ["-headless", "-width", "1280", "-height", "1000"],
                    "prefs": {
                        // Off the network: no update, telemetry or remote settings calls.
                        "app.update.enabled": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "toolkit.telemetry.enabled": false,
                        "network.connectivity-service.enabled": false,
                        "network.captive-portal-service.enabled": false,
                        "browser.safebrowsing.malware.enabled": false,
                        "browser.safebrowsing.phishing.enabled": false,
                    },
                },
            }),
        };
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("an object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .map_err(|e| {
                format!(
                    "cannot open a {} session: {e}{}",
                    self.tools.engine.name(),
                    self.log_tail(self.log_name())
                )
            })?;
        self.client = Some(client.clone());
        Ok(client)
    }

    /// Ends the WebDriver session (Chromium quits); `Drop` does the rest.
    pub(crate) async fn close(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        }
    }

    /// The last lines of a log in the directory, for error messages.
    fn log_tail(&self, name: &str) -> String {
        let text = std::fs::read_to_string(self.dir.join(name)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        if tail.trim().is_empty() {
            String::new()
        } else {
            format!("\n--- {name} ---\n{tail}")
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A `Client` still alive would try to end its session on a runtime that may be
        // gone; the processes are killed below either way.
        self.client = None;
        self.stop_driver();
        kill_processes_naming(&self.dir);
        for attempt in 0..20 {
            match std::fs::remove_dir_all(&self.dir) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound && attempt < 19 => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                _ => break,
            }
        }
    }
}

/// Kills every process whose command line mentions `dir` (Chromium passes its
/// `--user-data-dir` to the browser and all its helpers), and waits until they are gone.
fn kill_processes_naming(dir: &Path) {
    let needle = dir.as_os_str().as_encoded_bytes().to_vec();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pids = processes_naming(&needle);
        if pids.is_empty() || Instant::now() > deadline {
            return;
        }
        let _ = Command::new("kill")
            .arg("-KILL")
            .args(&pids)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn processes_naming(needle: &[u8]) -> Vec<String> {
    let own = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()) && *pid != own)
        .filter(|pid| {
            // Zombies have an empty command line and are not ours to reap.
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| cmdline.windows(needle.len()).any(|w| w == needle))
        })
        .collect()
}
