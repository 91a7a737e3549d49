// Settings: where Ads Onboard signs in and registers. Stored by core, so the CLI sees the same.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { callout } from "../layout.js";
import { controls, drawEnv, rows, settingsInput, LABELS } from "./settings-form.js";
import { checkSetup, drawUsers } from "./settings-users.js";

/** The first of core's messages, named by the setting it is about. */
function problem(fields) {
  const [field, message] = Object.entries(fields || {})[0] || [];
  return field ? `${LABELS[field] || field}: ${message}` : null;
}

function say(el, iconName, text) {
  clear(el, icon(iconName, 14), h("span", { text }));
}

/** Asks core about the form as it changes; an answer overtaken by a later one is dropped. */
function checker(c, msg) {
  let asked = 0;
  return async () => {
    const mine = ++asked;
    const fields = await api.checkSettings(settingsInput(c)).catch(() => null);
    if (mine !== asked || !fields) return;
    const said = problem(fields);
    if (said) say(msg, "alert", said);
    else clear(msg);
  };
}

async function save(c, msg) {
  try {
    const info = await api.saveSettings(settingsInput(c), c.secret.value || null);
    c.secret.value = "";
    store.set({ info, region: info.region });
    // What core made of it: no client ID is the sandbox.
    c.useSandbox = info.sandbox;
    drawEnv(c);
    say(msg, "check", "Saved");
  } catch (e) {
    say(msg, "alert", problem(e.fields) || e.message);
  }
}

function card(s, app, below) {
  const c = controls(s);
  const msg = h("span.footer-hint-inner", { role: "status" });
  const check = checker(c, msg);
  c.changed = check;
  drawEnv(c);
  for (const el of [c.region, c.clientId, c.redirect, c.poll, c.billing, c.legacy, c.profile]) {
    el.addEventListener(el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change", check);
  }
  const actions = h(
    "div.set-actions",
    button("Check setup", { iconName: "shield", id: "check-setup", onClick: () => checkSetup(below.findings) }),
    h("span.spacer"),
    msg,
    button("Save settings", { kind: "primary", id: "settings-save", onClick: () => save(c, msg) }),
  );
  return h("section.card.settings-card", rows(c, s, actions));
}

async function load(body, app) {
  let s;
  try {
    s = await api.settings();
  } catch (e) {
    return clear(body, callout("danger", "alert", "Couldn't read settings", e.message));
  }
  const below = { findings: h("div"), users: h("div") };
  const overrides = s.envOverrides?.length
    ? callout(
        "info",
        "info",
        null,
        `Set by environment variables, which take precedence: ${s.envOverrides.join(", ")}.`,
      )
    : null;
  clear(body, overrides, card(s, app, below), below.findings, below.users);
  drawUsers(below.users, app);
}

export function mount(root, app) {
  const body = h("div.stack", h("div.card.loading", spinner(14), h("span", { text: "Loading settings…" })));
  const head = h(
    "header.page-head",
    h(
      "div.page-head-text",
      h("h1.title#settings-title", { tabindex: "-1", text: "Settings" }),
      h("p.lead", {
        text: "Where Ads Onboard signs in and registers accounts. The command-line tool reads the same settings.",
      }),
    ),
  );
  clear(root, h("div.screen", h("div.scroll", h("div.content", head, body))));
  load(body, app);
  return null;
}
