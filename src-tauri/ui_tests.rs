//! The page's first screen loads in one round: index.html preloads each module main.js
//! imports, directly or not, and the sign-in screen's, so start-up does not wait one import
//! level after another. The other screens load on demand (`import()` in main.js) and are not
//! preloaded: fetching all of them held the first screen back. The platform is known before
//! the stylesheets apply, so the first layout looks up no missing fonts.

use std::collections::BTreeSet;
use std::path::Path;

/// The one classic script: it must run before any layout, so it is not a module.
const PLATFORM: &str = "js/platform.js";
/// The screen a first start draws, preloaded with the entry point's own imports.
const FIRST_SCREEN: &str = "js/screens/signin.js";

fn modules(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("ui/js") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            modules(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            let rel = path.strip_prefix(base).expect("under ui/");
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `./x.js` or `../x.js` as seen from `from` (a path under ui/), normalised.
fn resolve(from: &str, spec: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in spec.split('/') {
        match piece {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The quoted module paths after `marker` in `text` (`from "` for imports, `import("` for lazy ones).
fn specifiers<'a>(text: &'a str, marker: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(marker).filter_map(move |(i, _)| {
        let rest = &text[i + marker.len()..];
        let spec = &rest[..rest.find('"')?];
        spec.starts_with('.').then_some(spec)
    })
}

/// Every module `entry` imports statically, directly or not, itself included.
fn closure(ui: &Path, entry: &str, out: &mut BTreeSet<String>) {
    if !out.insert(entry.to_string()) {
        return;
    }
    let text = std::fs::read_to_string(ui.join(entry)).unwrap_or_else(|e| panic!("{entry}: {e}"));
    for spec in specifiers(&text, "from \"") {
        closure(ui, &resolve(entry, spec), out);
    }
}

#[test]
fn the_first_screen_is_preloaded_and_every_other_module_loads_on_demand() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let index = std::fs::read_to_string(ui.join("index.html")).expect("index.html");
    let marker = "rel=\"modulepreload\" href=\"";
    let preloaded: BTreeSet<String> = index
        .match_indices(marker)
        .map(|(i, _)| {
            let rest = &index[i + marker.len()..];
            rest[..rest.find('"').expect("closing quote")].to_string()
        })
        .collect();
    let mut first = BTreeSet::new();
    closure(&ui, "js/main.js", &mut first);
    closure(&ui, FIRST_SCREEN, &mut first);
    first.remove("js/main.js");
    assert!(first.len() > 5, "{first:?}");
    assert_eq!(
        preloaded, first,
        "index.html preloads exactly the first screen's modules"
    );

    // Everything else is reachable through a screen main.js loads on demand.
    let main = std::fs::read_to_string(ui.join("js/main.js")).expect("main.js");
    let mut reachable = BTreeSet::new();
    closure(&ui, "js/main.js", &mut reachable);
    let lazy: Vec<String> = specifiers(&main, "import(\"")
        .map(|s| resolve("js/main.js", s))
        .collect();
    assert!(lazy.len() >= 7, "every screen loads on demand: {lazy:?}");
    for screen in lazy.iter().filter(|s| *s != FIRST_SCREEN) {
        assert!(
            !first.contains(screen),
            "{screen} is loaded at start (imported or preloaded), not on demand"
        );
    }
    for screen in &lazy {
        closure(&ui, screen, &mut reachable);
    }
    let mut found = BTreeSet::new();
    modules(&ui.join("js"), &ui, &mut found);
    found.remove(PLATFORM);
    let orphans: Vec<_> = found.difference(&reachable).collect();
    assert!(orphans.is_empty(), "modules nothing loads: {orphans:?}");
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
