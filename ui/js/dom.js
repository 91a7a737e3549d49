// Small DOM helpers. Data only ever reaches the page through textContent and attributes,
// never through innerHTML.
import { icon } from "./icons.js";

/** h("div.card#id", {attrs, on: {click}}, ...children) */
export function h(spec, props, ...children) {
  if (props === null || typeof props !== "object" || Array.isArray(props) || props instanceof Node) {
    if (props !== undefined && props !== null) children.unshift(props);
    props = {};
  }
  const [, tag = "div", rest = ""] = /^([a-z0-9-]*)(.*)$/i.exec(spec);
  const el = document.createElement(tag || "div");
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === ".") el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "text") el.textContent = v;
    // CSSOM, not the style attribute: the CSP allows no inline style attributes.
    else if (k === "style") el.style.cssText = v;
    else if (k === "value" || k === "checked" || k === "disabled" || k === "hidden") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function button(label, { kind = "secondary", size, iconName, trailing, onClick, ...rest } = {}) {
  const cls = ["btn", `btn-${kind}`, size ? `btn-${size}` : ""].filter(Boolean).join(" ");
  return h(
    "button",
    { type: "button", class: cls, on: onClick ? { click: onClick } : undefined, ...rest },
    iconName ? icon(iconName) : null,
    label ? h("span", { text: label }) : null,
    trailing ? icon(trailing, 14) : null,
  );
}

/** A button that opens something in the user's browser carries the external-link icon. */
export function externalButton(label, onClick, opts = {}) {
  return button(label, { trailing: "external", onClick, ...opts });
}

export function spinner(size = 16) {
  return h("span", { class: "spinner", style: `--s:${size}px`, role: "presentation" });
}

// The statuses the shell sends for a registration (and Amazon for an account).
const PILL_TONES = {
  SUBMITTING: "accent",
  PENDING: "accent",
  PARTIALLY_CREATED: "warning",
  CREATED: "success",
  DISABLED: "danger",
  TIMED_OUT: "warning",
  REJECTED: "danger",
};
const PILL_WORDS = {
  SUBMITTING: "Submitting",
  PENDING: "Pending",
  PARTIALLY_CREATED: "Partially created",
  CREATED: "Created",
  DISABLED: "Disabled",
  TIMED_OUT: "Timed out",
  REJECTED: "Refused",
};

/** A status pill: always a word, never color alone. */
export function pill(status, words, tone) {
  const t = tone || PILL_TONES[status] || "neutral";
  return h(`span.pill.pill-${t}`, h("span.pill-dot", { "aria-hidden": "true" }), words || PILL_WORDS[status] || status);
}

/** Raw API status, monospace and uppercase, next to the human wording. */
export function rawPill(status, tone) {
  return h(`span.raw-pill.pill-${tone || PILL_TONES[status] || "neutral"}`, { text: status });
}

export function fmtTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
}

export function fmtDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86400000);
  const hm = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  if (d.toDateString() === today.toDateString()) return `Today, ${hm}`;
  if (d.toDateString() === yesterday.toDateString()) return `Yesterday, ${hm}`;
  return d.toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
}

export function fmtElapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function initials(name, email) {
  const src = (name || email || "?").trim();
  const parts = src.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] || "?") + (parts[1]?.[0] || "")).toUpperCase();
}
