// Building blocks shared by screens: page frame, footer bar, copyable IDs, disclosures.
import { h, button } from "./dom.js";
import { icon } from "./icons.js";
import { api } from "./api.js";
import { toast } from "./toast.js";

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

async function copyWithFeedback(btn, value, label) {
  try {
    await api.copyText(value);
  } catch (e) {
    toast(`Could not copy: ${e.message}`, "danger");
    return;
  }
  const before = [...btn.childNodes];
  btn.classList.add("copied");
  btn.replaceChildren(
    icon("check", 14),
    label ? h("span", { text: "Copied" }) : h("span.copied-word", { text: "Copied" }),
  );
  clearTimeout(btn._t);
  btn._t = setTimeout(() => {
    btn.classList.remove("copied");
    btn.replaceChildren(...before);
  }, 1600);
}

/** Field version: a subtle box with a monospace value and an attached Copy segment. */
export function copyField(value, { label = "Copy", ariaLabel, testid } = {}) {
  const btn = h(
    "button.copy-seg",
    { type: "button", "aria-label": ariaLabel || `Copy ${value}` },
    icon("copy", 14),
    h("span", { text: label }),
  );
  btn.addEventListener("click", () => copyWithFeedback(btn, value, true));
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
  btn.addEventListener("click", () => copyWithFeedback(btn, text, false));
  return h("span.copy-inline", h("span.mono", { text }), btn);
}

/** "Nothing happening?"-style card that opens into problem/fix pairs. */
export function disclosure(title, meta, content, { open = false } = {}) {
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
  return h("div.card.disclosure", head, body);
}

export function fix(title, text, extra) {
  return h("div.fix", h("div.fix-title", { text: title }), h("div.fix-text", text), extra || null);
}

export function callout(tone, iconName, title, text, action) {
  return h(
    `div.callout.callout-${tone}`,
    { role: tone === "danger" ? "alert" : "note" },
    icon(iconName, 16),
    h(
      "div.callout-body",
      title ? h("div.callout-title", { text: title }) : null,
      text ? h("div.callout-text", text) : null,
    ),
    action || null,
  );
}

export function errorCallout(err, retry) {
  return callout(
    "danger",
    "alert",
    null,
    err.message || String(err),
    retry ? button("Try again", { size: "sm", onClick: retry }) : null,
  );
}
