//! Opens Amazon's pages in the system browser, for the app and the CLI alike: the
//! platform's own opener, so no plugin (and its D-Bus stack) is needed for one process
//! spawn. `BROWSER` is honoured first: the end-to-end tests drive sign-in through it.

use std::process::{Command, Stdio};

/// Opens `url` with `$BROWSER` when set, else the platform opener. Does not wait for the
/// browser to close.
pub fn open(url: &str) -> std::io::Result<()> {
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let mut cmd = match browser {
        Some(b) => browser_command(&b, url)?,
        None => platform_command(url),
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reap it in the background so no zombie is left behind.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// `BROWSER` may list several commands (":"-separated, first one used); `%s` stands
/// for the URL, otherwise the URL is the last argument.
pub fn browser_command(browser: &str, url: &str) -> std::io::Result<Command> {
    let first = browser
        .split(':')
        .find(|c| !c.trim().is_empty())
        .unwrap_or("");
    let mut words = first.split_whitespace();
    let program = words
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "BROWSER is empty"))?;
    let mut cmd = Command::new(program);
    let mut substituted = false;
    for w in words {
        if w.contains("%s") {
            substituted = true;
            cmd.arg(w.replace("%s", url));
        } else {
            cmd.arg(w);
        }
    }
    if !substituted {
        cmd.arg(url);
    }
    Ok(cmd)
}

fn platform_command(url: &str) -> Command {
    #[cfg(target_os = "macos")]
    {
        let mut c = Command::new("open");
        c.arg(url);
        c
    }
    #[cfg(windows)]
    {
        // `cmd /C start` would reparse the `&` in the URL; this hands it over verbatim.
        let mut c = Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler").arg(url);
        c
    }
    #[cfg(not(any(target_os = "macos", windows)))]
    {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(c: &Command) -> Vec<String> {
        std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn browser_variable_forms() {
        let u = "http://x/ap/oa?a=1&b=2";
        assert_eq!(
            args(&browser_command("firefox", u).unwrap()),
            ["firefox", u]
        );
        assert_eq!(
            args(&browser_command("my-browser --new-tab %s:firefox", u).unwrap()),
            ["my-browser", "--new-tab", u]
        );
        assert!(browser_command("  ", u).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn browser_command_runs_with_the_url() {
        let dir = std::env::temp_dir().join(format!("ao-browser-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("opened");
        let script = dir.join("browser.sh");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > {}\n", out.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut cmd =
            browser_command(script.to_str().unwrap(), "http://127.0.0.1:1/a?b=c").unwrap();
        assert!(cmd.status().unwrap().success());
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "http://127.0.0.1:1/a?b=c"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// With no BROWSER, each platform's own opener gets the URL as one argument, as is:
    /// on Windows the URL handler through rundll32 (`cmd /C start` would cut it at `&`).
    #[test]
    fn platform_opener_gets_the_url_whole() {
        let u = "https://www.amazon.com/ap/oa?client_id=a&scope=b%20c&state=d^e";
        let expected: &[&str] = if cfg!(windows) {
            &["rundll32", "url.dll,FileProtocolHandler", u]
        } else if cfg!(target_os = "macos") {
            &["open", u]
        } else {
            &["xdg-open", u]
        };
        assert_eq!(args(&platform_command(u)), expected);
    }
}
