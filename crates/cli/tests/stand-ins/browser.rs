//! The browser in the CLI's tests, the same program on Linux, macOS and Windows (it replaces
//! `curl` and shell scripts, which a Windows machine does not have). The tests set
//! `BROWSER="<this program> [--post | --idle]"` and `STAND_IN_BROWSER_DIR`; the CLI runs it
//! with the URL to open. It notes the URL in `opened.txt` in that folder, then:
//! - by default, GETs the URL and follows redirects, as a browser does when the sandbox's
//!   consent page approves at once: the CLI's loopback listener gets the callback, and the
//!   page it answers is kept in `page.html`;
//! - `--post`: POSTs to the URL, as clicking Accept on the Ads Agreement page does;
//! - `--idle`: nothing more, a browser window nobody looks at.
//!
//! Failures go to `browser.log` there: the CLI does not show its browser's output.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir =
        PathBuf::from(std::env::var_os("STAND_IN_BROWSER_DIR").expect("STAND_IN_BROWSER_DIR"));
    let note = |file: &str, line: &str| {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(file))
            .expect("the browser's folder is writable");
        writeln!(f, "{line}").unwrap();
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, url) = match args.as_slice() {
        [url] => ("--get", url.as_str()),
        [mode, url] => (mode.as_str(), url.as_str()),
        _ => {
            note(
                "browser.log",
                &format!("usage: browser [--post | --idle] URL, not {args:?}"),
            );
            std::process::exit(2);
        }
    };
    // A sign-in comes as a private page that forwards to it: follow that, as a browser
    // does, and note where it led.
    let forwarded = forwarded_to(url);
    let url = forwarded.as_deref().unwrap_or(url);
    note("opened.txt", url);
    let client = ads_onboard_core::http::client_builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let sent = match mode {
        "--get" => client.get(url).send().await,
        "--post" => client.post(url).send().await,
        "--idle" => return,
        other => {
            note("browser.log", &format!("unknown mode {other}"));
            std::process::exit(2);
        }
    };
    let body = match sent {
        Ok(r) => r.text().await,
        Err(e) => Err(e),
    };
    match body {
        Ok(page) if mode == "--get" => std::fs::write(dir.join("page.html"), page).unwrap(),
        Ok(_) => {}
        Err(e) => {
            note("browser.log", &format!("{mode} {url}: {e}"));
            std::process::exit(1);
        }
    }
}

/// Where a private forwarding page (`file:` URL) sends the browser.
fn forwarded_to(url: &str) -> Option<String> {
    let path = url::Url::parse(url).ok()?.to_file_path().ok()?;
    ads_onboard_core::auth::browser::forwarded_url(&std::fs::read_to_string(path).ok()?)
}
