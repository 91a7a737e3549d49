//! Opens Amazon's pages in the system browser, for the app and the CLI alike: the
//! platform's own opener, so no plugin (and its D-Bus stack) is needed for one process
//! spawn. `BROWSER` is honoured first: the end-to-end tests drive sign-in through it.
//!
//! A sign-in address never goes on a command line: every local user can read command
//! lines (`/proc/<pid>/cmdline`, `ps`), and its `state` and PKCE challenge would let
//! another user finish a sign-in of their own into ours. The browser is given a private
//! page instead, in a private folder, that forwards to the address (SECURITY.md).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where forwarding pages are written, inside the (private) data folder.
const PAGES: &str = "browser";
/// Query parameters that make an address a sign-in secret.
const SECRET_PARAMS: [&str; 2] = ["state", "code_challenge"];

/// `BROWSER` lists commands the way `PATH` lists folders: `;` on Windows (whose paths
/// contain `:`), `:` elsewhere.
pub const BROWSER_SEPARATOR: char = if cfg!(windows) { ';' } else { ':' };

/// Opens `url` with `$BROWSER` when set, else the platform opener. A sign-in address
/// (one carrying `state` or `code_challenge`) is opened through a private page in the
/// data folder. Does not wait for the browser to close.
pub fn open(url: &str) -> std::io::Result<()> {
    if carries_sign_in_secrets(url) {
        let data = crate::data_folder::locate().map_err(std::io::Error::other)?;
        return open_privately(url, &data);
    }
    launch(url)
}

/// Opens `url` through a private forwarding page in `data_dir`'s `browser` folder; only
/// the page's `file:` address is on the command line. [`remove_page`] deletes it.
pub fn open_privately(url: &str, data_dir: &Path) -> std::io::Result<()> {
    let page = write_forwarding_page(&data_dir.join(PAGES), url)?;
    let page_url = url::Url::from_file_path(&page)
        .map_err(|()| std::io::Error::other("the forwarding page has no absolute path"))?;
    launch(page_url.as_str())
}

/// Deletes the forwarding page of `url` in `data_dir`, if any (its sign-in is over).
pub fn remove_page(data_dir: &Path, url: &str) {
    let _ = std::fs::remove_file(data_dir.join(PAGES).join(page_name(url)));
}

/// One page per sign-in: named after a hash of its `state` (fresh for each attempt, and
/// the same however the address is written), which the name does not reveal.
fn page_name(url: &str) -> String {
    use sha2::{Digest, Sha256};
    let state = url::Url::parse(url).ok().and_then(|u| {
        u.query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
    });
    let digest = Sha256::digest(state.as_deref().unwrap_or(url).as_bytes());
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("sign-in-{hex}.html")
}

/// True when `url`'s query has a parameter that must not be seen by other local users.
pub fn carries_sign_in_secrets(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.query_pairs()
            .any(|(k, _)| SECRET_PARAMS.contains(&k.as_ref()))
    })
}

/// Writes a page that sends the browser on to `url`, readable by the user only (0600 in
/// a 0700 folder on Unix). Returns its path.
pub fn write_forwarding_page(dir: &Path, url: &str) -> std::io::Result<PathBuf> {
    crate::data_folder::prepare(dir).map_err(std::io::Error::other)?;
    let href = escape(url);
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<meta http-equiv=\"refresh\" content=\"0;url={href}\">\
<title>Sign in with Amazon</title></head>\
<body><p>Opening the sign-in page&hellip; If nothing happens, \
<a id=\"continue\" href=\"{href}\">continue to sign in</a>.</p></body></html>\n"
    );
    let path = dir.join(page_name(url));
    crate::data_folder::write_private(&path, html.as_bytes())?;
    Ok(path)
}

/// The address a forwarding page sends the browser to (for scripted browsers and tests).
pub fn forwarded_url(page: &str) -> Option<String> {
    let start = page.find("content=\"0;url=")? + "content=\"0;url=".len();
    let end = start + page[start..].find('"')?;
    Some(unescape(&page[start..end]))
}

fn launch(target: &str) -> std::io::Result<()> {
    let browser = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let mut cmd = match browser {
        Some(b) => browser_command(&b, target)?,
        None => platform_command(target),
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

/// The command for `$BROWSER` on this platform (see [`browser_argv`]).
pub fn browser_command(browser: &str, url: &str) -> std::io::Result<Command> {
    let argv = browser_argv(browser, url, BROWSER_SEPARATOR, |p| Path::new(p).is_file())?;
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]);
    Ok(cmd)
}

/// The program and arguments `BROWSER` asks for, as Python's `webbrowser` reads it:
/// commands separated by `separator` (the first non-empty one is used), `%s` standing for
/// the URL (else the URL is the last argument). A command that names an existing file as
/// a whole is that program, spaces and all (`C:\Program Files\...\firefox.exe`);
/// otherwise it is split into words, with double quotes keeping a word together.
pub fn browser_argv(
    browser: &str,
    url: &str,
    separator: char,
    is_file: impl Fn(&str) -> bool,
) -> std::io::Result<Vec<String>> {
    let first = browser
        .split(separator)
        .map(str::trim)
        .find(|c| !c.is_empty())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "BROWSER is empty"))?;
    let words = if is_file(first) {
        vec![first.to_string()]
    } else {
        split_words(first)
    };
    let mut substituted = false;
    let mut argv: Vec<String> = words
        .into_iter()
        .map(|w| {
            if w.contains("%s") {
                substituted = true;
                w.replace("%s", url)
            } else {
                w
            }
        })
        .collect();
    if !substituted {
        argv.push(url.to_string());
    }
    Ok(argv)
}

/// Whitespace-separated words; `"..."` keeps spaces. Backslashes are literal (Windows
/// paths).
fn split_words(s: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
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

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
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

    const U: &str = "http://x/ap/oa?a=1&b=2";

    #[test]
    fn browser_variable_forms() {
        assert_eq!(
            args(&browser_command("firefox", U).unwrap()),
            ["firefox", U]
        );
        assert!(browser_command("  ", U).is_err());
    }

    #[test]
    fn unix_browser_lists_split_on_colons() {
        let no_file = |_: &str| false;
        assert_eq!(
            browser_argv("my-browser --new-tab %s:firefox", U, ':', no_file).unwrap(),
            ["my-browser", "--new-tab", U]
        );
        assert_eq!(
            browser_argv(": :curl -sL -o /dev/null", U, ':', no_file).unwrap(),
            ["curl", "-sL", "-o", "/dev/null", U]
        );
        assert_eq!(
            browser_argv("/opt/My Browser/run", U, ':', |p| p
                == "/opt/My Browser/run")
            .unwrap(),
            ["/opt/My Browser/run", U]
        );
        assert!(browser_argv("::", U, ':', no_file).is_err());
    }

    #[test]
    fn windows_browser_lists_split_on_semicolons_and_keep_drive_letters() {
        let firefox = r"C:\Program Files\Mozilla Firefox\firefox.exe";
        let is_firefox = |p: &str| p == firefox;
        // A path with a drive letter and spaces, as the whole command.
        assert_eq!(
            browser_argv(firefox, U, ';', is_firefox).unwrap(),
            [firefox, U]
        );
        assert_eq!(
            browser_argv(
                &format!("{firefox};C:\\Windows\\explorer.exe"),
                U,
                ';',
                is_firefox
            )
            .unwrap(),
            [firefox, U]
        );
        // Quoted, with arguments and %s.
        assert_eq!(
            browser_argv(
                &format!("\"{firefox}\" -new-tab \"%s\";edge"),
                U,
                ';',
                |_| false
            )
            .unwrap(),
            [firefox, "-new-tab", U]
        );
        // Split on ':' (the old way) this would have been "C" and "\Program Files\...".
        assert_ne!(
            browser_argv(firefox, U, ':', is_firefox).unwrap()[0],
            firefox
        );
    }

    #[test]
    fn sign_in_addresses_are_recognised_and_forwarded_verbatim() {
        let sign_in = "https://www.amazon.com/ap/oa?client_id=c&state=s%26t&code_challenge=x&redirect_uri=http%3A%2F%2Flocalhost%3A1%2Fcallback";
        assert!(carries_sign_in_secrets(sign_in));
        assert!(carries_sign_in_secrets("http://127.0.0.1:9/ap/oa?state=s"));
        assert!(!carries_sign_in_secrets(
            "https://advertising.amazon.com/terms?token=x&statement=1"
        ));
        assert!(!carries_sign_in_secrets("not a url"));

        let data = std::env::temp_dir().join(format!("ao-fwd-{}", std::process::id()));
        let dir = data.join(PAGES);
        let page = write_forwarding_page(&dir, sign_in).unwrap();
        let html = std::fs::read_to_string(&page).unwrap();
        assert_eq!(forwarded_url(&html).as_deref(), Some(sign_in));
        assert!(!html.contains("&state"), "attribute is escaped: {html}");
        let other = write_forwarding_page(&dir, &sign_in.replace("state=s", "state=z")).unwrap();
        assert_ne!(page, other, "each sign-in has its own page");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&page), 0o600);
        }
        remove_page(&data, sign_in);
        assert!(
            !page.exists() && other.exists(),
            "only its own page is removed"
        );
        std::fs::remove_dir_all(&data).unwrap();
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
