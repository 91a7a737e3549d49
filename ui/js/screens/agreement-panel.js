// The agreement step's panel: preparing, waiting for acceptance (with the link to open or
// copy again and when core last asked Amazon), or what went wrong.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, externalButton, spinner, fmtTime } from "../dom.js";
import { icon } from "../icons.js";
import { errorCallout } from "../layout.js";

async function copyLink(btn, url) {
  await api.copyText(url);
  const label = btn.querySelector("span");
  if (!label) return;
  label.textContent = "Copied";
  setTimeout(() => (label.textContent = "Copy link"), 1600);
}

function statusLine(status, t) {
  if (t.problem) return clear(status, icon("warn", 14), h("span", { text: t.problem }));
  const every = Math.max(1, Math.round((store.get().info?.termsPollIntervalMs || 2000) / 1000));
  const last = t.checkedAt ? ` · last checked ${fmtTime(t.checkedAt)}` : "";
  clear(status, spinner(12), h("span", { text: `Checking every ${every} second${every === 1 ? "" : "s"}${last}` }));
}

function waitingCard(t, status, onError) {
  return h(
    "div.card.wait-panel",
    { dataset: { testid: "agreement-waiting" } },
    h("div.wait-orb", spinner(56), h("span.wait-orb-icon", icon("doc", 20))),
    h("h2.wait-big", { text: "Waiting for you to accept…" }),
    h(
      "p.wait-text-center",
      "Review the agreement on Amazon's page and choose ",
      h("strong", { text: "Accept and continue" }),
      ". Keep this window open — it continues on its own as soon as Amazon confirms.",
    ),
    h(
      "div.btn-row",
      externalButton("Open again", () => api.openUrl(t.termsUrl).catch(onError), { id: "terms-open" }),
      button("Copy link", {
        iconName: "copy",
        id: "terms-copy",
        onClick: (e) => copyLink(e.currentTarget, t.termsUrl),
      }),
    ),
    h("p.wait-hint", {
      text: "Signed in through a private window or another browser? Paste the link there, so the agreement is accepted by the same Amazon login.",
    }),
    status,
  );
}

/** The panel, drawn again as the agreement's progress arrives. */
export function panel() {
  const el = h("div.agreement-panel");
  const status = h("div.wait-status", { role: "status" });
  let shown = null;
  const view = {
    el,
    draw({ terms, error, retry }) {
      if (error) return (clear(el, errorCallout(error, retry)), (shown = null));
      if (!terms)
        return (
          clear(el, h("div.card.wait-panel", spinner(20), h("div.wait-title", { text: "Preparing the agreement…" }))),
          (shown = null)
        );
      if (shown !== terms.termsToken)
        clear(
          el,
          waitingCard(terms, status, (e) => view.draw({ error: e, retry: () => view.draw({ terms }) })),
        );
      shown = terms.termsToken;
      statusLine(status, terms);
    },
    problem(e) {
      clear(status, icon("warn", 14), h("span", { text: `Couldn't check just now: ${e.message}` }));
    },
  };
  return view;
}
