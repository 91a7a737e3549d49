// The registration's progress card: headline, raw status, elapsed time, the stage bar,
// how often core checks and when next, and the account ID once Amazon gave it. Built
// once; each update changes only the words and numbers that moved, so nothing the user
// is using (the Copy button, its "Copied") is rebuilt under them.
import * as store from "../store.js";
import { h, clear, spinner, rawPill, pill, fmtTime, fmtElapsed } from "../dom.js";
import { icon } from "../icons.js";
import { copyField } from "../layout.js";
import { stages, headline, eventAt } from "./timeline.js";
import { IN_PROGRESS } from "./registration-notice.js";

const secs = (ms) => Math.max(1, Math.round(ms / 1000));
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "retrying in 3 s" while core waits to try again (its notice says why), else null. */
function retrying(reg, heardAt, now) {
  if (!reg.notice || !reg.retryInMs || !IN_PROGRESS.has(reg.status)) return null;
  const left = heardAt + reg.retryInMs - now;
  return left > 0 ? `retrying in ${secs(left)} s` : "retrying now";
}

/** "Checking every 4 seconds · next check in 3 s", or why nothing is checked. */
function checking(reg, heardAt, now) {
  const polling = reg.polling && IN_PROGRESS.has(reg.status);
  const retry = retrying(reg, heardAt, now);
  if (retry) return retry[0].toUpperCase() + retry.slice(1);
  if (!polling) return reg.status === "CREATED" ? "Checks finished" : "Not checking right now";
  const every = reg.pollIntervalMs || store.get().info?.pollIntervalMs || 4000;
  if (every < 1000) return "Checking several times a second";
  // Core checks again `every` ms after its last answer, which is when progress was heard.
  const next = every - ((now - heardAt) % every);
  return `Checking every ${plural(secs(every), "second")} · next check in ${secs(next)} s`;
}

/** The card's parts, each to be changed in place. */
function parts() {
  const p = {
    lead: h("span.progress-lead"),
    title: h("h2.progress-title", { tabindex: "-1" }),
    raw: h("span.raw-slot"),
    elapsed: h("span.progress-elapsed.mono"),
    fill: h("div.bar-fill"),
    every: h("span.progress-every"),
    count: h("span"),
    idSlot: h("div.slot"),
    shown: { lead: null, raw: null, id: null },
  };
  p.bar = h(
    "div.bar",
    { role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "5", "aria-label": "Stages done" },
    p.fill,
  );
  p.el = h(
    "div.card.progress-card",
    h("div.progress-head", p.lead, p.title, p.raw, p.elapsed),
    p.bar,
    h("div.progress-meta", p.every, p.count),
    p.idSlot,
  );
  return p;
}

function drawLead(p, r, done) {
  const busy = IN_PROGRESS.has(r.status) || (r.status === "CREATED" && done < 5);
  const key = busy ? "busy" : r.status;
  if (p.shown.lead === key) return;
  const ok = r.status === "CREATED" || r.status === "PARTLY_REFUSED";
  clear(p.lead, busy ? spinner(16) : icon(ok ? "checkCircle" : "clock", 18));
  p.lead.className = `progress-lead ${ok ? "ok" : ""}`;
  p.shown.lead = key;
}

function drawAccountId(p, r) {
  if (!r.accountId || p.shown.id === r.accountId) return;
  const at = eventAt(r, "PENDING", "PARTIALLY_CREATED", "CREATED") || r.submittedAt;
  clear(
    p.idSlot,
    h(
      "div.progress-id",
      h("div.field-label", h("span", { text: "Account ID" }), pill("CREATED", `Received ${fmtTime(at)}`, "success")),
      copyField(r.accountId, { what: "account ID", testid: "account-id" }),
    ),
  );
  p.shown.id = r.accountId;
}

export function progressCard() {
  const p = parts();
  let reg = null;
  let heardAt = Date.now();
  const tick = () => {
    if (!reg) return;
    const started = reg.submittedAt ? Date.parse(reg.submittedAt) : Date.now();
    const end = IN_PROGRESS.has(reg.status) ? Date.now() : Date.parse(reg.updatedAt) || Date.now();
    p.elapsed.textContent = `Elapsed ${fmtElapsed(end - started)}`;
    p.every.textContent = checking(reg, heardAt, Date.now());
  };
  return {
    el: p.el,
    title: p.title,
    tick,
    /** When core tries again after a passing problem ("retrying in 3 s"), or null. */
    retrying: () => (reg ? retrying(reg, heardAt, Date.now()) : null),
    /** Draws `r`; `fresh` when it was just heard (the next check counts from now). */
    update(r, fresh = true) {
      reg = r;
      if (fresh) heardAt = Date.now();
      const done = stages(r).filter((x) => x.state === "done").length;
      drawLead(p, r, done);
      if (p.title.textContent !== headline(r)) p.title.textContent = headline(r);
      if (p.shown.raw !== r.status) (clear(p.raw, rawPill(r.status)), (p.shown.raw = r.status));
      p.fill.style.width = `${(done / 5) * 100}%`;
      p.bar.setAttribute("aria-valuenow", String(done));
      p.bar.setAttribute("aria-valuetext", `${done} of 5 stages`);
      p.count.textContent = `${done} of 5 stages`;
      drawAccountId(p, r);
      tick();
    },
  };
}
