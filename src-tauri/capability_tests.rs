//! The page's access to the app, checked from the files that grant it: only the wizard
//! window has a capability, it grants exactly the app's own commands (every one listed
//! in build.rs), event listening and page zoom, no plugin's commands and no remote origin. So any
//! other window, such as one showing remote content, gets no IPC at all.

const CAPABILITY: &str = include_str!("capabilities/main.json");
const BUILD: &str = include_str!("build.rs");

fn commands() -> Vec<String> {
    let list = BUILD
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("COMMANDS in build.rs");
    list.split(',')
        .map(|c| c.trim().trim_matches('"').to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn only_the_wizard_window_gets_ipc_and_only_for_the_apps_commands() {
    let cap: serde_json::Value = serde_json::from_str(CAPABILITY).expect("capability JSON");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(
        cap.get("webviews").is_none(),
        "no webview is granted by label"
    );
    assert!(
        cap.get("remote").is_none(),
        "no remote origin may call commands"
    );
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission names"))
        .collect();
    let mut want: Vec<String> = vec![
        "core:event:allow-listen".into(),
        "core:event:allow-unlisten".into(),
        "core:webview:allow-set-webview-zoom".into(),
    ];
    want.extend(
        commands()
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-"))),
    );
    assert_eq!(granted, want.iter().map(String::as_str).collect::<Vec<_>>());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities");
    let files = std::fs::read_dir(dir).expect("capabilities dir").count();
    assert_eq!(files, 1, "one capability file, for the wizard window");
}

const SOURCES: [(&str, &str); 4] = [
    ("app.rs", include_str!("commands/app.rs")),
    ("flow.rs", include_str!("commands/flow.rs")),
    ("results.rs", include_str!("commands/results.rs")),
    ("signin.rs", include_str!("commands/signin.rs")),
];

/// A command's body, from the line after its signature's `{` to its closing `}`.
fn bodies(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim().starts_with("#[tauri::command") {
            i += 1;
            continue;
        }
        let sig = (i..lines.len())
            .find(|&k| lines[k].starts_with("pub "))
            .expect("signature");
        let name = lines[sig]
            .split("fn ")
            .nth(1)
            .unwrap_or("")
            .split(['<', '('])
            .next()
            .unwrap_or("");
        let open = (sig..lines.len())
            .find(|&k| lines[k].ends_with('{'))
            .expect("body");
        let close = (open..lines.len())
            .find(|&k| lines[k] == "}")
            .expect("end of body");
        out.push((name.to_string(), close - open - 1));
        i = close;
    }
    out
}

/// Every command is a few lines over core: take the arguments, call core, map the
/// error. A longer one is a rule growing in the shell; it belongs in core.
#[test]
fn every_command_is_ten_lines_or_fewer() {
    let mut seen = 0;
    for (file, text) in SOURCES {
        for (name, lines) in bodies(text) {
            assert!(
                lines <= 10,
                "{file}: `{name}` has {lines} lines; move its logic into core"
            );
            seen += 1;
        }
    }
    assert_eq!(
        seen,
        commands().len(),
        "every command in build.rs was measured"
    );
}

/// Tauri runs a command that is not `async` on the main thread, where it stalls the window
/// while it works (a disk read, the keychain, a process spawn). Every handler is async.
#[test]
fn no_command_runs_on_the_main_thread() {
    let mut handlers = 0;
    for (file, text) in SOURCES {
        let mut lines = text.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if !line.starts_with("#[tauri::command") {
                continue;
            }
            let signature = lines.find(|l| l.starts_with("pub ")).unwrap_or_default();
            assert!(
                signature.starts_with("pub async fn "),
                "{file}: `{signature}` is not async, so it would run on the main thread"
            );
            handlers += 1;
        }
    }
    assert_eq!(
        handlers,
        commands().len(),
        "every command in build.rs was checked"
    );
}
