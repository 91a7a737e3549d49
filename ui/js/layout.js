// Building blocks shared by screens: page frame, footer bar, copyable IDs, disclosures.
import { h, clear, button } from "./dom.js";
import { icon } from "./icons.js";
import { api } from "./api.js";
import { announce } from "./announce.js";

/** The page frame: scrolling content with a header, and the 64px footer bar. */
export function page({ eyebrow, title, lead, actions, leading, body, footer: bar, id }) {
  const header = h(
    "header.page-head",
    leading || null,
    h(
      "div.page-head-text",
      eyebrow ? h("p.eyebrow", { text: eyebrow }) : null,
      h("h1.title", { tabindex: "-1", id: id || null, text: title }),
      lead ? (lead instanceof Node ? lead : h("p.lead", { text: lead })) : null,
    ),
    actions ? h("div.page-actions", actions) : null,
  );
  return [h("div.scroll", h("div.content", header, body)), bar || null];
}

export function footer({ left = [], hint = null, right = [] } = {}) {
  return h(
    "footer.footer",
    h("div.footer-left", left),
    h("div.footer-right", hint ? h("div.footer-hint", hint) : null, right),
  );
}

/**
 * Copies `value` and says so on `btn` and to a screen reader: "Copied" for 1.6 s, or
 * "Copy failed" (with why) until the next try. `what` names the value ("account ID").
 * The button itself stays, so focus never moves.
 */
export async function copyWithFeedback(btn, value, what, { word = true } = {}) {
  btn._before ||= [...btn.childNodes];
  clearTimeout(btn._t);
  btn.classList.remove("copied", "copy-failed");
  btn.removeAttribute("title");
  const show = (cls, iconName, text) => {
    btn.classList.add(cls);
    btn.replaceChildren(icon(iconName, 14), h(word ? "span" : "span.copied-word", { text }));
  };
  try {
    await api.copyText(value);
  } catch (e) {
    show("copy-failed", "alert", "Copy failed");
    btn.title = e.message;
    announce(`Couldn't copy the ${what}: ${e.message}`);
    return false;
  }
  show("copied", "check", "Copied");
  announce(`${what[0].toUpperCase()}${what.slice(1)} copied`);
  btn._t = setTimeout(() => {
    btn.classList.remove("copied");
    btn.replaceChildren(...btn._before);
  }, 1600);
  return true;
}

/** A button that copies `value()` (or `value`) with feedback; `what` names it. */
export function copyButton(label, value, what, opts = {}) {
  const b = button(label, { iconName: "copy", ...opts });
  b.addEventListener("click", () => copyWithFeedback(b, typeof value === "function" ? value() : value, what));
  return b;
}

/**
 * Opens `url` in the user's browser. If it fails, says why in `slot` (next to the button
 * that was used) until a later try works.
 */
export async function openLink(url, slot) {
  try {
    await api.openUrl(url);
    if (slot) clear(slot);
    return true;
  } catch (e) {
    if (slot) clear(slot, problem(e, { title: e.title || "The browser didn't open" }));
    return false;
  }
}

/** Field version: a subtle box with a monospace value and an attached Copy segment. */
export function copyField(value, { label = "Copy", what = "value", testid } = {}) {
  const btn = h(
    "button.copy-seg",
    { type: "button", "aria-label": `Copy ${what}` },
    icon("copy", 14),
    h("span", { text: label }),
  );
  btn.addEventListener("click", () => copyWithFeedback(btn, value, what));
  return h(
    "div.copy-field",
    { dataset: testid ? { testid } : undefined },
    h("span.copy-value.mono", { title: value, text: value }),
    btn,
  );
}

/** Table version: the monospace value, then a 26px ghost icon button. */
export function copyInline(value, what = "ID") {
  if (value === null || value === undefined || value === "") return h("span.muted.mono", { text: "—" });
  const text = String(value);
  const btn = h(
    "button.icon-btn",
    { type: "button", "aria-label": `Copy ${what} ${text}`, title: `Copy ${what}` },
    icon("copy", 14),
  );
  btn.addEventListener("click", () => copyWithFeedback(btn, text, what, { word: false }));
  return h("span.copy-inline", h("span.mono", { text }), btn);
}

/** "Nothing happening?"-style card that opens into problem/fix pairs. */
export function disclosure(title, meta, content, { open = false, flat = false } = {}) {
  const id = `disc-${Math.random().toString(36).slice(2, 8)}`;
  const body = h("div.disclosure-body", { id, hidden: !open }, content);
  const head = h(
    "button.disclosure-head",
    { type: "button", "aria-expanded": String(open), "aria-controls": id },
    icon("chevron", 14),
    h("span.disclosure-title", { text: title }),
    meta ? h("span.disclosure-meta", { text: meta }) : null,
  );
  head.addEventListener("click", () => {
    const now = head.getAttribute("aria-expanded") !== "true";
    head.setAttribute("aria-expanded", String(now));
    body.hidden = !now;
  });
  return h(flat ? "div.disclosure.flat" : "div.card.disclosure", head, body);
}

export function fix(title, text, extra) {
  return h("div.fix", h("div.fix-title", { text: title }), h("div.fix-text", text), extra || null);
}

export function callout(tone, iconName, title, text, action) {
  return h(
    `div.callout.callout-${tone}`,
    { role: tone === "danger" ? "alert" : "note" },
    icon(iconName, 16),
    h("div.callout-body", title ? h("div.callout-title", title) : null, text ? h("div.callout-text", text) : null),
    action || null,
  );
}

/** The technical side of an error, folded: core's message and Amazon's request ID. */
export function technical(message, requestId) {
  const lines = [message, requestId ? `Request ID: ${requestId}` : null].filter(Boolean).join("\n");
  const body = h(
    "div.tech-body",
    h("pre.tech", { text: lines }),
    requestId ? copyField(requestId, { what: "request ID", testid: "request-id" }) : null,
  );
  return disclosure("Technical details", requestId ? "For Amazon support" : null, body, { flat: true });
}

const AGAIN = "Try again. If it keeps happening, copy the technical details for support.";

/**
 * An error where it happened, until it is dealt with: core's plain words (what happened,
 * what to do), the technical detail folded. `title` overrides core's title for the place
 * ("Amazon didn't accept the registration"); `action` is a recovery button.
 */
export function problem(err, { title, action, tone = "danger" } = {}) {
  const e = typeof err === "string" ? { message: err } : err || {};
  const hasPlain = Boolean(e.title || e.hint);
  // A bare message under a plain title of this place is technical: it is folded.
  const plain = e.hint || (hasPlain ? null : title ? AGAIN : e.message);
  const detail = (hasPlain || title) && e.message ? technical(e.message, e.requestId) : null;
  const el = callout(
    tone,
    tone === "danger" ? "alert" : "warn",
    title || e.title || null,
    [plain ? h("div", { text: plain }) : null, detail],
    action || null,
  );
  el.dataset.kind = e.kind || "";
  // Focusable from code, so a failed action can take the user to why.
  el.tabIndex = -1;
  return el;
}

export function errorCallout(err, retry) {
  return problem(err, { action: retry ? button("Try again", { size: "sm", onClick: retry }) : null });
}
