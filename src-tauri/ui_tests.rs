//! The page loads every module in one round: index.html preloads each one main.js imports,
//! directly or not, so start-up does not wait one import level after another. The platform
//! is known before the stylesheets apply, so the first layout looks up no missing fonts.

use std::path::Path;

/// The one classic script: it must run before any layout, so it is not a module.
const PLATFORM: &str = "js/platform.js";

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
    let entry_points = ["js/main.js", PLATFORM];
    for m in found.iter().filter(|m| !entry_points.contains(&m.as_str())) {
        assert!(
            // `>` or prettier's ` />`.
            index.contains(&format!("<link rel=\"modulepreload\" href=\"{m}\"")),
            "{m} is not preloaded in ui/index.html"
        );
    }
}

#[test]
fn the_platform_is_marked_before_the_stylesheets_and_linux_uses_generic_fonts() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let index = std::fs::read_to_string(ui.join("index.html")).expect("index.html");
    let script = index
        .find(&format!("<script src=\"{PLATFORM}\"></script>"))
        .expect("platform.js is a classic, blocking script in <head>");
    let first_style = index.find("rel=\"stylesheet\"").expect("a stylesheet");
    assert!(
        script < first_style,
        "platform.js must come before the stylesheets"
    );
    let js = std::fs::read_to_string(ui.join(PLATFORM)).expect("platform.js");
    assert!(js.contains("dataset.platform = \"linux\""), "{js}");
    let css = std::fs::read_to_string(ui.join("styles/base.css")).expect("base.css");
    assert!(
        css.contains(r#":root[data-platform="linux"] { --font: sans-serif; --mono: monospace; }"#),
        "base.css overrides the font stacks on Linux"
    );
}
