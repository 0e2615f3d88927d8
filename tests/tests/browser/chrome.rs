//! Headless Chromium behind Debian's `chromedriver`, one fresh browser per scenario.
//!
//! Each [`Browser`] owns a temporary directory (the Chromium profile, its config and cache
//! directories, and the chromedriver log), a `chromedriver` listening on a free loopback port,
//! and, once [`Browser::session`] is called, one Chromium. Dropping it, on success, failure or
//! panic alike, closes nothing gracefully: it kills chromedriver and every process whose
//! command line names the temporary directory (Chromium and all its helpers), then removes
//! the directory. Call [`Browser::close`] first for a clean WebDriver shutdown.

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

/// Prefix of the temporary directories; the rest is `<pid>-<n>`.
const DIR_PREFIX: &str = "cors-browser-test-";

/// The two programs the suite needs.
#[derive(Clone, Debug)]
pub(crate) struct Tools {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

/// Looks `name` up on `PATH`.
fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Chromium and chromedriver from `PATH`, or what is missing.
pub(crate) fn find_tools() -> Result<Tools, String> {
    let chromium = CHROMIUM_NAMES.iter().find_map(|name| which(name));
    let chromedriver = which("chromedriver");
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Ok(Tools {
            chromium,
            chromedriver,
        }),
        (None, None) => Err("chromium and chromedriver not found".to_owned()),
        (None, Some(_)) => Err("chromium not found".to_owned()),
        (Some(_), None) => Err("chromedriver not found".to_owned()),
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

/// One chromedriver and, once a session is open, one Chromium, with their own directory.
pub(crate) struct Browser {
    dir: PathBuf,
    driver: Option<Child>,
    url: String,
    chromium: PathBuf,
    client: Option<Client>,
}

impl Browser {
    /// Starts chromedriver on a free loopback port, in a new temporary directory.
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
            chromium: tools.chromium.clone(),
            client: None,
        };
        for sub in ["profile", "config", "cache"] {
            std::fs::create_dir_all(browser.dir.join(sub))
                .map_err(|e| format!("cannot create {}: {e}", browser.dir.display()))?;
        }
        // With `--port=0`, chromedriver takes a free port on one loopback address and then
        // binds the same port on the other; when that one is taken (the servers of other
        // scenarios bind ephemeral ports too), it exits at once. Start it again.
        const ATTEMPTS: usize = 5;
        let mut attempt = 1;
        let port = loop {
            match browser.start_driver(tools) {
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

    /// Starts chromedriver on a port of its choosing and returns that port.
    fn start_driver(&mut self, tools: &Tools) -> Result<u16, String> {
        let log = std::fs::File::create(self.dir.join("chromedriver.log"))
            .map_err(|e| format!("cannot create the chromedriver log: {e}"))?;
        let mut driver = Command::new(&tools.chromedriver)
            .arg("--port=0")
            // Chromium inherits these: its crash reports and caches stay in our directory.
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", tools.chromedriver.display()))?;
        let stdout = driver.stdout.take();
        self.driver = Some(driver);

        // chromedriver says which port it took: "ChromeDriver was started successfully on
        // port 41234." The thread then keeps draining its output so it never blocks on it;
        // if chromedriver exits first, the channel closes and the wait ends at once.
        let (port_tx, port_rx) = mpsc::channel();
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                let mut port_tx = Some(port_tx);
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if let Some(rest) = line.split("successfully on port ").nth(1) {
                        let port = rest.trim_end_matches('.').trim().parse::<u16>();
                        if let (Some(tx), Ok(port)) = (port_tx.take(), port) {
                            let _ = tx.send(port);
                        }
                    }
                }
            });
        }
        port_rx.recv_timeout(Duration::from_secs(20)).map_err(|_| {
            format!(
                "chromedriver did not report its port{}",
                self.log_tail("chromedriver.log")
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

    /// Opens the WebDriver session: Chromium starts with a fresh profile.
    pub(crate) async fn session(&mut self) -> Result<Client, String> {
        let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!(
            "--user-data-dir={}",
            self.dir.join("profile").display()
        ));
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 30_000, "pageLoad": 30_000, "implicit": 0 },
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": args,
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("an object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .map_err(|e| {
                format!(
                    "cannot open a Chromium session: {e}{}",
                    self.log_tail("chromedriver.log")
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
