//! The app's web-facing configuration, checked from the files that set it: the CSP forbids
//! remote and inline scripts, no window loads remote content, no capability reaches a
//! remote origin or a plugin, and the UI never turns data into markup.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn csp_allows_only_the_apps_own_scripts_and_ipc() {
    let conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let security = &conf["app"]["security"];
    let csp = security["csp"]
        .as_object()
        .expect("a CSP is set, as directives");
    let directive = |k: &str| csp.get(k).and_then(Value::as_str).unwrap_or_default();
    assert_eq!(directive("default-src"), "'self'");
    assert_eq!(
        directive("script-src"),
        "'self'",
        "no inline, eval or remote scripts"
    );
    assert_eq!(directive("object-src"), "'none'");
    assert_eq!(directive("frame-src"), "'none'");
    assert_eq!(directive("base-uri"), "'none'");
    for (k, v) in csp {
        let v = v.as_str().unwrap_or_default();
        assert!(!v.contains("unsafe-eval"), "{k}: {v}");
        if k != "style-src" {
            assert!(!v.contains("unsafe-inline"), "{k}: {v}");
        }
        assert!(
            !v.contains("https:") && !v.contains("http://") || k == "connect-src",
            "{k}: {v}"
        );
    }
    let connect = directive("connect-src");
    assert!(
        connect
            .split_whitespace()
            .all(|s| s == "ipc:" || s == "http://ipc.localhost"),
        "the page talks to nothing but the app: {connect}"
    );
    assert_ne!(security["freezePrototype"], Value::Bool(false));
    assert!(security
        .get("dangerousDisableAssetCspModification")
        .is_none());
    assert!(security.get("dangerousRemoteDomainIpcAccess").is_none());
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false));
    for w in conf["app"]["windows"].as_array().unwrap() {
        let url = w.get("url").and_then(Value::as_str).unwrap_or("index.html");
        assert!(
            !url.contains("://"),
            "window {} loads remote content: {url}",
            w["label"]
        );
    }
}

#[test]
fn no_capability_reaches_a_remote_origin_or_a_plugin() {
    let dir = repo().join("src-tauri/capabilities");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let cap: Value = serde_json::from_str(&text).unwrap();
        assert!(cap.get("remote").is_none(), "remote IPC: {text}");
        for p in cap["permissions"].as_array().unwrap() {
            let name = p.as_str().or_else(|| p["identifier"].as_str()).unwrap();
            for plugin in [
                "opener:",
                "shell:",
                "fs:",
                "http:",
                "dialog:",
                "clipboard",
                "store:",
            ] {
                assert!(!name.starts_with(plugin), "the page is granted {name}");
            }
        }
    }
}

/// Strips `//` and `/* */` comments so prose about the rule does not trip it.
fn code_only(js: &str) -> String {
    let mut out = String::new();
    let mut rest = js;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(|l| match l.find("//") {
            Some(i)
                if !l[..i].contains("http") && !l[..i].contains('\'') && !l[..i].contains('"') =>
            {
                &l[..i]
            }
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            js_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "js") {
            out.push(p);
        }
    }
}

#[test]
fn the_ui_never_turns_data_into_markup_or_code() {
    let mut files = vec![];
    js_files(&repo().join("ui"), &mut files);
    assert!(files.len() > 3, "found the UI scripts: {files:?}");
    for f in files {
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "javascript:",
            "srcdoc",
        ] {
            assert!(!code.contains(sink), "{} uses {sink}", f.display());
        }
    }
    let html = read("ui/index.html");
    assert!(!html.contains("<script>"), "no inline script");
    let handler = html.match_indices(" on").any(|(i, _)| {
        let name: String = html[i + 3..]
            .chars()
            .take_while(char::is_ascii_lowercase)
            .collect();
        !name.is_empty() && html[i + 3 + name.len()..].starts_with('=')
    });
    assert!(!handler, "no inline event handler attribute");
}
