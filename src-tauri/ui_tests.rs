//! The page loads every module in one round: index.html preloads each one main.js imports,
//! directly or not, so start-up does not wait one import level after another.

use std::path::Path;

fn modules(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("ui/js") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            modules(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            let rel = path.strip_prefix(base).expect("under ui/");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_ui_module_is_preloaded() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let index = std::fs::read_to_string(ui.join("index.html")).expect("index.html");
    let mut found = Vec::new();
    modules(&ui.join("js"), &ui, &mut found);
    assert!(found.len() > 5, "{found:?}");
    for m in found.iter().filter(|m| *m != "js/main.js") {
        assert!(
            index.contains(&format!("<link rel=\"modulepreload\" href=\"{m}\">")),
            "{m} is not preloaded in ui/index.html"
        );
    }
}
