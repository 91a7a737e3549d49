//! Readiness probe for `benches/`: inert unless `ADS_ONBOARD_BENCH_READY` is set, so a
//! normal start pays for one empty plugin and nothing else. When set, an init script waits
//! for the page's `data-ready` and signals it by a navigation this plugin cancels; the shell
//! then prints `ads-onboard-ready <state> <unix seconds> nav=<s> dcl=<s>` on stdout (and
//! exits if the variable is `exit`): `nav` is when the page's navigation started and `dcl`
//! when its DOMContentLoaded handlers ended, both Unix seconds, so a benchmark can split the
//! start into shell, page load and the page's own start-up; `marks` lists the page's
//! `performance.mark`s (ms after navigation start) to split the last part. No IPC command is added, so the
//! page's ACL is unchanged.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};
use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime};

const ENV: &str = "ADS_ONBOARD_BENCH_READY";
const SIGNAL_HOST: &str = "ads-onboard-ready.invalid";

const SCRIPT: &str = r#"(function () {
  var sent = false;
  function check() {
    var el = document.documentElement;
    var state = el && el.dataset.ready;
    if (sent || !state) return;
    sent = true;
    observer.disconnect();
    var t0 = performance.timeOrigin;
    var nav = performance.getEntriesByType("navigation")[0];
    var dcl = nav ? t0 + nav.domContentLoadedEventEnd : 0;
    var marks = performance.getEntriesByType("mark").map(function (m) {
      return m.name + ":" + m.startTime.toFixed(1);
    }).join(",");
    location.href = "https://ads-onboard-ready.invalid/" + encodeURIComponent(state) +
      "?nav=" + (t0 / 1000).toFixed(6) + "&dcl=" + (dcl / 1000).toFixed(6) +
      "&marks=" + encodeURIComponent(marks);
  }
  var observer = new MutationObserver(check);
  observer.observe(document, { attributes: true, subtree: true, childList: true, attributeFilter: ["data-ready"] });
})();"#;

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    let builder = Builder::new("ads-bench");
    let Ok(mode) = std::env::var(ENV) else {
        return builder.build();
    };
    builder
        .js_init_script(SCRIPT)
        .on_navigation(move |webview, url| {
            if url.host_str() != Some(SIGNAL_HOST) {
                return true;
            }
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs_f64();
            let state = url.path().trim_start_matches('/');
            let mark = |name: &str| {
                url.query_pairs()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, v)| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let (nav, dcl) = (mark("nav"), mark("dcl"));
            let marks = url
                .query_pairs()
                .find(|(k, _)| k == "marks")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "ads-onboard-ready {state} {now:.6} nav={nav:.6} dcl={dcl:.6} marks={marks}"
            );
            let _ = out.flush();
            if mode == "exit" {
                webview.app_handle().exit(0);
            }
            false
        })
        .build()
}
