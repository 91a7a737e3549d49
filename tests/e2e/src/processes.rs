//! The processes behind one end-to-end test: Xvfb and a D-Bus session bus when the
//! environment has none, and tauri-driver. Dropping the harness stops them in order.

use crate::webdriver::Session;
use crate::Result;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The app binary under test: `ADS_ONBOARD_APP`, else the workspace's debug build.
/// Always a `cargo build` binary: one from `tauri dev` points at a dev server.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ADS_ONBOARD_APP") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("debug").join("ads-onboard")
}

pub fn artifacts_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("e2e-artifacts")
}

#[derive(Default, Clone)]
pub struct HarnessOptions {
    /// Extra environment for the app (it inherits tauri-driver's environment).
    pub env: Vec<(String, String)>,
}

pub struct Harness {
    driver: Mutex<Child>,
    driver_env: Vec<(String, String)>,
    native: u16,
    dbus: Option<Child>,
    xvfb: Option<Child>,
    port: u16,
    pub data_dir: PathBuf,
}

fn free_port() -> Result<u16> {
    Ok(ads_onboard_test_support::free_port())
}

/// Free when no lock exists, or the lock's server is gone (a killed Xvfb leaves both behind).
fn display_is_free(n: u32) -> bool {
    match std::fs::read_to_string(format!("/tmp/.X{n}-lock")) {
        Err(_) => !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists(),
        Ok(pid) => {
            let alive = Path::new(&format!("/proc/{}", pid.trim())).exists();
            if !alive {
                let _ = std::fs::remove_file(format!("/tmp/.X{n}-lock"));
            }
            !alive
        }
    }
}

fn start_xvfb() -> Result<(Child, String)> {
    let n = (90..400)
        .find(|n| display_is_free(*n))
        .ok_or("no free X display number")?;
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
    let child = Command::new("Xvfb")
        .args([
            &format!(":{n}"),
            "-screen",
            "0",
            "1280x860x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Xvfb (install the xvfb package): {e}"))?;
    let socket = format!("/tmp/.X11-unix/X{n}");
    let start = Instant::now();
    while !Path::new(&socket).exists() {
        if start.elapsed() > Duration::from_secs(10) {
            return Err("Xvfb did not come up".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((child, format!(":{n}")))
}

fn start_dbus() -> Result<(Child, String)> {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start dbus-daemon: {e}"))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok((child, line.trim().to_string()))
}

/// Starts tauri-driver and waits until it and WebKitWebDriver behind it listen.
fn spawn_driver(port: u16, native: u16, env: &[(String, String)]) -> Result<Child> {
    let mut driver = Command::new("tauri-driver")
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start tauri-driver (cargo install tauri-driver): {e}"))?;
    let start = Instant::now();
    while crate::http::request(port, "GET", "/status", None).is_err() {
        if start.elapsed() > Duration::from_secs(20) {
            terminate(&mut driver);
            return Err("tauri-driver did not answer /status".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // tauri-driver answers /status itself; a session request sent before
    // WebKitWebDriver listens on the native port is dropped without an answer.
    while std::net::TcpStream::connect(("127.0.0.1", native)).is_err()
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(driver)
}

impl Harness {
    pub fn start(options: HarnessOptions) -> Result<Harness> {
        let app = app_binary();
        if !app.exists() {
            return Err(format!(
                "{} is missing: build the app first (cargo build -p ads-onboard)",
                app.display()
            ));
        }
        let data_dir = std::env::temp_dir().join(format!(
            "ads-onboard-e2e-{}-{}",
            std::process::id(),
            free_port()?
        ));
        std::fs::create_dir_all(&data_dir).map_err(|e| e.to_string())?;

        let mut env: Vec<(String, String)> = Vec::new();
        let (xvfb, dbus) = (
            match std::env::var_os("DISPLAY") {
                Some(_) => None,
                None => {
                    let (child, display) = start_xvfb()?;
                    env.push(("DISPLAY".into(), display));
                    Some(child)
                }
            },
            // Always a private bus: services already on the caller's bus (a keyring, portals)
            // can stall WebKitWebDriver's session, and the app must not touch the user's.
            {
                let (child, address) = start_dbus()?;
                env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address));
                Some(child)
            },
        );
        let (port, native) = (free_port()?, free_port()?);
        env.extend(
            [
                ("ADS_ONBOARD_DATA_DIR", data_dir.to_string_lossy().as_ref()),
                ("ADS_ONBOARD_INSECURE_STORAGE", "1"),
                ("NO_AT_BRIDGE", "1"),
                ("GTK_A11Y", "none"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        env.extend(options.env.iter().cloned());
        let driver = spawn_driver(port, native, &env)?;
        Ok(Harness {
            driver: Mutex::new(driver),
            driver_env: env,
            dbus,
            xvfb,
            port,
            native,
            data_dir,
        })
    }

    /// A fresh tauri-driver on the same ports, for when WebKitWebDriver wedged.
    fn restart_driver(&self) -> Result<()> {
        let mut driver = self.driver.lock().unwrap_or_else(|e| e.into_inner());
        terminate(&mut driver);
        let start = Instant::now();
        while (TcpListener::bind(("127.0.0.1", self.port)).is_err()
            || TcpListener::bind(("127.0.0.1", self.native)).is_err())
            && start.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(100));
        }
        *driver = spawn_driver(self.port, self.native, &self.driver_env)?;
        Ok(())
    }

    /// Launches the app and waits for the readiness marker the UI sets.
    /// The X display the app runs on (the harness's own Xvfb, or the caller's).
    pub fn display(&self) -> Option<String> {
        self.driver_env
            .iter()
            .find(|(k, _)| k == "DISPLAY")
            .map(|(_, v)| v.clone())
            .or_else(|| std::env::var("DISPLAY").ok())
    }

    pub fn open_app(&self) -> Result<Session> {
        let app = app_binary().to_string_lossy().into_owned();
        let mut attempt = 0;
        let session = loop {
            attempt += 1;
            match Session::start(self.port, &app) {
                Ok(s) => break s,
                Err(e) if attempt < 3 => {
                    eprintln!("starting a WebDriver session failed ({e}); restarting tauri-driver");
                    self.restart_driver()?;
                }
                Err(e) => return Err(e),
            }
        };
        session.wait_for(
            "the wizard to be ready",
            "return document.documentElement.dataset.ready === 'true'",
            Duration::from_secs(30),
        )?;
        Ok(session)
    }

    /// Runs one scenario; on failure saves a screenshot to look at, then fails.
    pub fn run(&self, name: &str, scenario: impl FnOnce(&Session) -> Result<()>) {
        let session = self.open_app().unwrap_or_else(|e| panic!("{name}: {e}"));
        let outcome = scenario(&session);
        if let Err(e) = &outcome {
            let dir = artifacts_dir();
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{name}.png"));
            match session.screenshot_png() {
                Ok(png) if std::fs::write(&path, &png).is_ok() => {
                    eprintln!("{name}: screenshot saved to {}", path.display())
                }
                _ => eprintln!("{name}: no screenshot could be taken"),
            }
            let _ = session.end();
            panic!("{name}: {e}");
        }
        session
            .end()
            .unwrap_or_else(|e| panic!("{name}: ending session: {e}"));
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver instead of orphaning
        // it, and Xvfb removes its lock and socket.
        terminate(self.driver.get_mut().unwrap_or_else(|e| e.into_inner()));
        for child in [self.dbus.as_mut(), self.xvfb.as_mut()]
            .into_iter()
            .flatten()
        {
            terminate(child);
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// SIGTERM, a few seconds' grace, then SIGKILL.
fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
