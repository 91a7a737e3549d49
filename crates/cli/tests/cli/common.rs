//! Test harness: a sandbox on a loopback port (in this process), a private data folder,
//! and the real `ads-onboard-cli` binary pointed at both.

use ads_onboard_sandbox::{Audit, RunningSandbox, SandboxConfig};
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_ads-onboard-cli");

/// A folder removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "ao-cli-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A sandbox for one test, its data folder and the environment the CLI runs with.
pub struct Env {
    pub rt: tokio::runtime::Runtime,
    pub sandbox: RunningSandbox,
    pub base: String,
    pub dir: TempDir,
    pub redirect_uri: String,
}

impl Env {
    /// Zero delays, auto-approved consent; `tweak` adjusts the sandbox's knobs.
    pub fn new(name: &str, tweak: impl FnOnce(&mut SandboxConfig)) -> Env {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let redirect_uri = format!("http://127.0.0.1:{}/callback", free_port());
        let mut cfg = SandboxConfig::for_tests();
        cfg.allowed_return_urls = vec![redirect_uri.clone()];
        tweak(&mut cfg);
        let sandbox = rt
            .block_on(ads_onboard_sandbox::start(
                cfg,
                SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            ))
            .unwrap();
        let dir = TempDir::new(name);
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        Env {
            base: sandbox.base_url(),
            rt,
            sandbox,
            dir,
            redirect_uri,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The "browser" that follows the authorize URL (so the loopback callback is hit).
    pub fn browser(&self) -> String {
        stand_in_browser("")
    }

    /// A "browser" that clicks Accept on the agreement page (a plain POST to termsUrl).
    pub fn accepting_browser(&self) -> String {
        stand_in_browser("--post")
    }

    /// The last page the sign-in browser ended on.
    pub fn browser_page(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("page.html")).unwrap_or_default()
    }

    /// URLs the scripted browsers were asked to open.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("opened.txt"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The real binary with this test's environment and nothing from the caller's.
    pub fn command(&self) -> Command {
        let mut c = Command::new(BIN);
        for (k, _) in std::env::vars() {
            if k.starts_with("ADS_ONBOARD_") || k == "BROWSER" {
                c.env_remove(k);
            }
        }
        c.env("ADS_ONBOARD_DATA_DIR", self.data_dir())
            .env("ADS_ONBOARD_INSECURE_STORAGE", "1")
            .env("ADS_ONBOARD_SANDBOX_URL", &self.base)
            .env("ADS_ONBOARD_REDIRECT_URI", &self.redirect_uri)
            .env("ADS_ONBOARD_POLL_INTERVAL", "0.02")
            // By default a browser that notes what it is given and opens nothing.
            .env("BROWSER", stand_in_browser("--idle"))
            .env("STAND_IN_BROWSER_DIR", self.dir.path())
            .stdin(Stdio::null());
        c
    }

    pub fn cli(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.command())
    }

    pub fn audit(&self) -> Audit {
        self.sandbox.control().audit()
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Signs in through the scripted browser; returns the user JSON.
    pub fn sign_in(&self) -> serde_json::Value {
        let out = self
            .cli()
            .args(["sign-in", "--timeout", "30"])
            .env("BROWSER", self.browser())
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sign-in failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// `BROWSER` for the tests' own browser (`tests/stand-ins/browser.rs`), which `cargo test`
/// builds beside the CLI as an example.
fn stand_in_browser(mode: &str) -> String {
    let bin = Path::new(BIN).parent().unwrap();
    let exe = bin
        .join("examples")
        .join(format!("stand-in-browser{}", std::env::consts::EXE_SUFFIX));
    assert!(
        exe.exists(),
        "{} is missing: `cargo test -p ads-onboard-cli` builds it; with `--test`, run `cargo build -p ads-onboard-cli --example stand-in-browser` first",
        exe.display()
    );
    format!("{} {mode}", exe.display()).trim_end().to_string()
}

pub fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// A running CLI whose stderr is read line by line as it comes.
pub struct Running {
    pub child: Child,
    lines: Receiver<String>,
    pub stderr: Arc<Mutex<String>>,
}

impl Running {
    pub fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let stderr = Arc::new(Mutex::new(String::new()));
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&format!("{line}\n"));
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines: rx,
            stderr,
        }
    }

    /// The first stderr line satisfying `pred` (panics after 30 s).
    pub fn wait_line(&self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if pred(&l) => return l,
                Ok(_) => {}
                Err(_) => panic!(
                    "no such stderr line; stderr so far:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// Waits for exit (panics after 60 s); returns the exit code and stdout.
    pub fn finish(mut self) -> (Option<i32>, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut out = String::new();
                if let Some(mut o) = self.child.stdout.take() {
                    use std::io::Read;
                    o.read_to_string(&mut out).unwrap();
                }
                return (status.code(), out);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "the CLI did not exit; stderr:\n{}",
                    self.stderr.lock().unwrap()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const HAVEN_HOTEL: &str = r#"{"accountName":"Haven Hotel","countryCodes":["US"],
 "associations":[{"business":{"name":"Haven Hotel Inc.","phone":"555-555-5555","websiteUrl":"www.havenhotel.com",
   "addressLine1":"450 W 33rd St.","addressLine2":"7th Floor","city":"New York","state":"NY",
   "zipCode":"10001","countryCode":"US"}}]}"#;

/// The `--json` error object: the last stderr line (progress lines may come before it).
pub fn err_json(stderr: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(stderr);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("no JSON error line ({e}): {text}"))
}
