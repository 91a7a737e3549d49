//! Accessibility measured in the real window: axe-core (pinned in tests/js, a test-only
//! npm dependency that this module injects; nothing of it ships in the app), WCAG 1.4.11
//! non-text contrast computed from the window's computed styles, and small helpers for
//! what a screen reader hears (the live region) and where the focus is.

use ads_onboard_e2e::Session;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::OnceLock;

/// axe-core's source, installed by `scripts/lint-ui.sh --install` when missing.
fn axe_source() -> Result<&'static str, String> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let file = root.join("tests/js/node_modules/axe-core/axe.min.js");
            if !file.exists() {
                let ok = std::process::Command::new(root.join("scripts/lint-ui.sh"))
                    .arg("--install")
                    .status()
                    .map_err(|e| format!("scripts/lint-ui.sh --install: {e}"))?;
                if !ok.success() {
                    return Err("installing the pinned axe-core failed (needs npm)".into());
                }
            }
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))
        })
        .as_ref()
        .map(String::as_str)
        .map_err(Clone::clone)
}

/// Runs axe-core on the window as it is now. Fails on any serious or critical violation,
/// naming each with the elements at fault; gives how many rules passed.
pub fn audit(s: &Session, state: &str) -> Result<u64, String> {
    settle(s)?;
    let loaded = s.execute("return typeof window.axe === 'object'", vec![])?;
    if loaded != json!(true) {
        s.execute(&format!("{}\n;return true", axe_source()?), vec![])?;
    }
    s.execute(
        "window.__axeResult = null; \
         axe.run(document, {resultTypes: ['violations']}) \
           .then((r) => (window.__axeResult = {passes: r.passes.length, violations: r.violations.map((v) => \
              ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}))}), \
                 (e) => (window.__axeResult = {error: String(e)}))",
        vec![],
    )?;
    let result = s.wait_for(
        "axe-core's audit",
        "return window.__axeResult",
        std::time::Duration::from_secs(60),
    )?;
    if let Some(e) = result.get("error") {
        return Err(format!("{state}: axe-core failed: {e}"));
    }
    let serious: Vec<String> = result["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            format!(
                "{} ({}): {} at {}",
                v["id"], v["impact"], v["help"], v["nodes"]
            )
        })
        .collect();
    let minor: Vec<String> = result["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| !matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{} ({})", v["id"], v["impact"]))
        .collect();
    if !minor.is_empty() {
        eprintln!("{state}: also found (not failing): {}", minor.join(", "));
    }
    let passes = result["passes"].as_u64().unwrap_or(0);
    if !serious.is_empty() {
        return Err(format!("{state}: {}", serious.join("\n")));
    }
    // A run that checked nothing would pass too: the screens are checked by 30-odd rules.
    if passes < 20 {
        return Err(format!("{state}: only {passes} axe rules applied"));
    }
    eprintln!("{state}: no serious or critical violation, {passes} rules passed");
    Ok(passes)
}

/// Waits until nothing is mid-transition (a screen fading in would be measured at half
/// its contrast); spinners turn for ever and are left out.
pub fn settle(s: &Session) -> Result<(), String> {
    s.wait_for(
        "the screen to settle",
        "return document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)",
        std::time::Duration::from_secs(10),
    )
    .map(|_| ())
}

/// Sets the page zoom (Ctrl + does the same); 2.0 is 200%.
pub fn zoom(s: &Session, factor: f64) -> Result<(), String> {
    s.execute(
        "return window.__TAURI_INTERNALS__.invoke('plugin:webview|set_webview_zoom', {value: arguments[0]})",
        vec![json!(factor)],
    )?;
    // Let the narrower layout settle before it is measured.
    std::thread::sleep(std::time::Duration::from_millis(300));
    Ok(())
}

/// Audits the window at 100% and at 200% zoom.
pub fn audit_zoomed(s: &Session, state: &str) -> Result<(), String> {
    audit(s, state)?;
    zoom(s, 2.0)?;
    let at_200 = audit(s, &format!("{state} at 200%"));
    zoom(s, 1.0)?;
    at_200.map(|_| ())
}

/// Whether the window renders its dark theme (the harness sets GTK_THEME for it).
pub fn is_dark(s: &Session) -> Result<bool, String> {
    Ok(s.execute(
        "return matchMedia('(prefers-color-scheme: dark)').matches",
        vec![],
    )? == json!(true))
}

/// What the live region says now.
pub fn announced(s: &Session) -> Result<String, String> {
    let v = s.execute(
        "return document.getElementById('announcer').textContent",
        vec![],
    )?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Waits until the live region says something containing `part`.
pub fn wait_announced(s: &Session, part: &str) -> Result<String, String> {
    let script = format!(
        "const t = document.getElementById('announcer').textContent; return t.includes({}) ? t : null",
        super::js_str(part)
    );
    let v = super::wait(s, &format!("the live region to say {part:?}"), &script)?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The focused element: its id, classes, tag and text, for messages and checks.
pub fn focused(s: &Session) -> Result<Value, String> {
    s.execute(
        "const e = document.activeElement; return e ? {id: e.id, tag: e.tagName, cls: e.className?.baseVal ?? e.className, \
         text: (e.textContent || '').trim().slice(0, 120), role: e.getAttribute('role')} : null",
        vec![],
    )
}

/// Makes the page's `api.<method>` (api.js, the one door to the app's commands) fail as
/// a command failing in core would, with `error` ({kind, message, title, hint,
/// requestId}), until [`heal_api`]: for failures the sandbox cannot be made to give (a
/// clipboard, a disk, the store). The app's own module is patched, so every screen sees it.
pub fn fail_api(s: &Session, method: &str, error: Value) -> Result<(), String> {
    s.execute(
        "window.__patched = false; const [name, e] = arguments; \
         import('./js/api.js').then((m) => { window.__apiReal = window.__apiReal || {}; \
           window.__apiReal[name] = window.__apiReal[name] || m.api[name]; \
           m.api[name] = () => Promise.reject(Object.assign(new Error(e.message), e)); window.__patched = true; })",
        vec![json!(method), error],
    )?;
    s.wait_for(
        "the page's api to be patched",
        "return window.__patched",
        std::time::Duration::from_secs(10),
    )
    .map(|_| ())
}

pub fn heal_api(s: &Session, method: &str) -> Result<(), String> {
    s.execute(
        "window.__patched = false; const name = arguments[0]; \
         import('./js/api.js').then((m) => { m.api[name] = window.__apiReal[name]; window.__patched = true; })",
        vec![json!(method)],
    )?;
    s.wait_for(
        "the page's api to be restored",
        "return window.__patched",
        std::time::Duration::from_secs(10),
    )
    .map(|_| ())
}

/// Computes contrast from computed styles: colours are parsed, translucent layers
/// composed over what lies behind them, and WCAG's relative luminance compared.
const CONTRAST_JS: &str = r#"
const parse = (c) => {
  const m = /rgba?\(([^)]+)\)/.exec(c || '');
  if (!m) return null;
  const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const over = (top, base) => ({
  r: top.r * top.a + base.r * (1 - top.a), g: top.g * top.a + base.g * (1 - top.a),
  b: top.b * top.a + base.b * (1 - top.a), a: 1,
});
const lum = (c) => {
  const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
// What is painted behind `el`: its ancestors' backgrounds, composed down to an opaque one.
const behind = (el) => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let base = parse(getComputedStyle(document.documentElement).backgroundColor);
  if (!base || base.a < 1) base = matchMedia('(prefers-color-scheme: dark)').matches ? {r: 26, g: 26, b: 30, a: 1} : {r: 255, g: 255, b: 255, a: 1};
  for (const l of layers.reverse()) base = over(l, base);
  return base;
};
const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${String(e.className?.baseVal ?? e.className).trim().replace(/\s+/g, '.')} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
const visible = (e) => e.offsetParent !== null || getComputedStyle(e).position === 'fixed';
const measure = (e, colour, against, what, min) => {
  const c = parse(colour);
  if (!c || c.a === 0) return {what, el: name(e), ratio: 0, colour, min};
  const bg = behind(against);
  return {what, el: name(e), ratio: Math.round(ratio(over(c, bg), bg) * 100) / 100, colour, min};
};
"#;

/// Non-text contrast of every visible control's edge (fields, selects, checkboxes, choice
/// cards, radios, secondary buttons, filter chips, step dots and timeline nodes), and of
/// danger colours used for text and marks: each `{what, el, ratio, min}`.
pub fn edge_contrasts(s: &Session) -> Result<Vec<Value>, String> {
    let script = format!(
        r#"{CONTRAST_JS}
const out = [];
const edges = '.input, .select, .select-quiet, input[type=checkbox]:not(:checked), .choice, .radio, .btn-secondary, .filter-chip, .step:not(.done):not(.failed) .step-dot, .tl-upcoming .tl-node';
for (const e of document.querySelectorAll(edges)) {{
  if (!visible(e) || e.disabled) continue;
  out.push(measure(e, getComputedStyle(e).borderTopColor, e.parentElement, 'edge', 3));
}}
for (const e of document.querySelectorAll('.step.failed .step-dot, .tl-failed .tl-node')) {{
  if (visible(e)) out.push(measure(e, getComputedStyle(e).backgroundColor, e.parentElement, 'failed mark', 3));
}}
const texts = '.callout-danger .callout-title, .field-msg, .footer-hint-inner.bad, .pill-danger, .reason-head, .copy-failed';
for (const e of document.querySelectorAll(texts)) {{
  if (visible(e) && e.textContent.trim()) out.push(measure(e, getComputedStyle(e).color, e, 'danger text', 4.5));
}}
return out;"#
    );
    let v = s.execute(&script, vec![])?;
    Ok(v.as_array().cloned().unwrap_or_default())
}

/// The focus ring of the focused element: its outline against what is behind it (a
/// field shows focus with its border instead). Null when nothing is focused.
pub fn focus_contrast(s: &Session) -> Result<Value, String> {
    let script = format!(
        r#"{CONTRAST_JS}
const e = document.activeElement;
if (!e || e === document.body) return null;
const st = getComputedStyle(e);
if (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0)
  return measure(e, st.outlineColor, e.parentElement, 'focus ring', 3);
return measure(e, st.borderTopColor, e.parentElement, 'focused field edge', 3);"#
    );
    s.execute(&script, vec![])
}
