// The agreement step's panel: preparing, waiting for acceptance (with the link to open or
// copy again and when core last asked Amazon), or what went wrong. Drawn once per
// agreement; later progress only updates its status line, and a screen reader hears
// changes (a problem, its end), never the ticks of "last checked".
import * as store from "../store.js";
import { h, clear, button, externalButton, spinner, fmtTime } from "../dom.js";
import { icon } from "../icons.js";
import { errorCallout, problem, copyButton, openLink } from "../layout.js";
import { announce } from "../announce.js";

function every() {
  const n = Math.max(1, Math.round((store.get().info?.termsPollIntervalMs || 2000) / 1000));
  return `Checking every ${n} second${n === 1 ? "" : "s"}`;
}

function waitingCard(t, status, slot) {
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
      externalButton("Open again", () => openLink(t.termsUrl, slot), { id: "terms-open" }),
      copyButton("Copy link", t.termsUrl, "agreement link", { id: "terms-copy" }),
    ),
    slot,
    h("p.wait-hint", {
      text: "Signed in through a private window or another browser? Paste the link there, so the agreement is accepted by the same Amazon login.",
    }),
    status,
  );
}

/** The status line in place (`p`: the panel's parts); a change of problem is announced once. */
function statusLine(p, t) {
  const now = t.expired ? "expired" : t.problem || null;
  if (t.expired) {
    clear(p.status);
  } else if (t.problem) {
    clear(p.status, icon("warn", 14), h("span", { text: t.problem }));
  } else {
    const last = t.checkedAt ? ` · last checked ${fmtTime(t.checkedAt)}` : "";
    const text = `${every()}${last}`;
    const span = p.status.querySelector(".status-text");
    if (span && !p.status.querySelector(".icon")) span.textContent = text;
    else clear(p.status, spinner(12), h("span.status-text", { text }));
  }
  if (now !== p.said && p.shown) {
    if (t.problem && !t.expired) announce(t.problem);
    else if (p.said && !now) announce("Checking with Amazon again.");
  }
  p.said = now;
}

function expiredCallout(renew) {
  return problem(
    {
      title: "This agreement link has expired",
      hint: "Amazon no longer knows it. Get a new link: it opens in your browser to accept again.",
    },
    {
      tone: "warning",
      action: button("Get a new link", { kind: "primary", size: "sm", id: "terms-renew", onClick: renew }),
    },
  );
}

/** The panel, drawn again as the agreement's progress arrives. `renew` gets a new agreement. */
export function panel(renew) {
  const p = { el: h("div.agreement-panel"), shown: null, said: null };
  p.status = h("div.wait-status", { dataset: { testid: "agreement-status" } });
  return {
    el: p.el,
    draw({ terms, error, retry }) {
      if (error) return (clear(p.el, errorCallout(error, retry)), (p.shown = null));
      if (!terms) {
        clear(p.el, h("div.card.wait-panel", spinner(20), h("div.wait-title", { text: "Preparing the agreement…" })));
        return (p.shown = null);
      }
      const key = `${terms.termsToken}${terms.expired ? ":expired" : ""}`;
      if (p.shown !== key) {
        clear(p.el, terms.expired ? expiredCallout(renew) : waitingCard(terms, p.status, h("div.slot")));
      }
      statusLine(p, terms);
      p.shown = key;
    },
    problem(e) {
      const said = `Couldn't check just now: ${e.title || e.message}`;
      clear(p.status, icon("warn", 14), h("span", { text: said }));
      announce(said);
      p.said = "checkFailed";
    },
  };
}
