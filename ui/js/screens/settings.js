// Settings: where Ads Onboard signs in and registers. Stored by core, so the CLI sees the
// same. Save sits in the footer, always in view, which also says when changes are unsaved;
// each value core refuses says why under its own input.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { callout, problem } from "../layout.js";
import { announce } from "../announce.js";
import { controls, drawEnv, rows, settingsInput, FIELDS, LABELS } from "./settings-form.js";
import { checkSetup, drawUsers } from "./settings-users.js";

function say(el, iconName, text, tone) {
  clear(el, icon(iconName, 14), h("span", { text }));
  el.className = `footer-hint-inner ${tone || ""}`;
}

/** Core's messages under their inputs; the footer counts them. Gives how many there are. */
function showProblems(card, fields) {
  const shown = new Set(Object.keys(fields || {}));
  for (const msg of card.querySelectorAll(".field-msg[data-field]")) {
    const said = fields?.[msg.dataset.field] || "";
    msg.textContent = said;
    msg.closest(".set-row").classList.toggle("invalid", Boolean(said));
    const input = msg.parentElement.querySelector("input, select");
    input?.setAttribute("aria-invalid", String(Boolean(said)));
  }
  return shown.size;
}

/** The footer's word on the form: problems, unsaved changes, or nothing. */
function status(c, msg, n, fields) {
  if (n) {
    const [field, message] = Object.entries(fields)[0];
    const first = `${LABELS[field] || field}: ${message}`;
    return say(msg, "alert", n === 1 ? first : `${n} settings need attention. ${first}`, "bad");
  }
  if (c.touched.size) return say(msg, "pencil", "Unsaved changes", "unsaved");
  clear(msg);
  msg.className = "footer-hint-inner";
}

/** Asks core about the form as it changes; an answer overtaken by a later one is dropped. */
function checker(c, card, msg, discard) {
  let asked = 0;
  return async () => {
    const mine = ++asked;
    discard.hidden = !c.touched.size;
    const fields = await api.checkSettings(settingsInput(c)).catch(() => null);
    if (mine !== asked || !fields) return;
    status(c, msg, showProblems(card, fields), fields);
  };
}

async function save(c, card, msg, reload) {
  try {
    const input = settingsInput(c);
    const info = await api.saveSettings(input, c.secret.value || null);
    // The wizard's region changes only when the user changed it here.
    store.set("region" in input ? { info, region: info.region } : { info });
    showProblems(card, {});
    say(msg, "check", "Saved", "ok");
    announce("Settings saved.");
    await reload({ keep: msg });
  } catch (e) {
    const n = showProblems(card, e.fields);
    if (n) status(c, msg, n, e.fields);
    else say(msg, "alert", e.title || e.message, "bad");
    announce(`Settings were not saved. ${msg.textContent}`);
    card.querySelector('[aria-invalid="true"]')?.focus();
  }
}

function wire(c, check) {
  const touch = (key) => () => (c.touched.add(key), check());
  for (const key of Object.keys(FIELDS)) {
    const el = c[key];
    el.addEventListener(el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change", touch(key));
  }
  c.secret.addEventListener("input", touch("secret"));
  c.changed = check;
}

/** The screen's frame: header, a body to fill, and the footer with Check setup and Save. */
function frame(root) {
  const f = {
    body: h("div.stack", h("div.card.loading", spinner(14), h("span", { text: "Loading settings…" }))),
    msg: h("span.footer-hint-inner", { role: "status", id: "settings-status" }),
    findings: h("div"),
    saveBtn: button("Save settings", { kind: "primary", id: "settings-save" }),
    discard: button("Discard changes", { kind: "ghost", id: "settings-discard", hidden: true }),
  };
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
  const check = button("Check setup", { iconName: "shield", id: "check-setup", onClick: () => checkSetup(f.findings) });
  const bar = h(
    "footer.footer",
    h("div.footer-left", check, f.discard),
    h("div.footer-right", h("div.footer-hint", f.msg), f.saveBtn),
  );
  clear(root, h("div.screen", h("div.scroll", h("div.content", head, f.body)), bar));
  return f;
}

/** Reads the settings and draws the form in `f.body`; gives its controls and card. */
async function fill(f, app, keep) {
  let s;
  try {
    s = await api.settings();
  } catch (e) {
    clear(f.body, problem(e, { title: "Couldn't read settings" }));
    return null;
  }
  const c = controls(s);
  const card = h("section.card.settings-card", { "aria-label": "Settings" });
  wire(c, checker(c, card, f.msg, f.discard));
  drawEnv(c);
  clear(card, rows(c, s));
  const overrides = s.envOverrides?.length
    ? callout(
        "info",
        "info",
        null,
        `Set by environment variables, which take precedence: ${s.envOverrides.join(", ")}.`,
      )
    : null;
  const users = h("div");
  clear(f.body, overrides, card, f.findings, users);
  drawUsers(users, app);
  f.discard.hidden = true;
  if (!keep) status(c, f.msg, 0);
  return { c, card };
}

export function mount(root, app) {
  const f = frame(root);
  let current = null;
  const load = async ({ keep } = {}) => (current = (await fill(f, app, keep)) || current);
  f.saveBtn.addEventListener("click", () => current && save(current.c, current.card, f.msg, load));
  f.discard.addEventListener("click", async () => {
    await load();
    announce("Changes discarded.");
    document.getElementById("settings-title")?.focus();
  });
  load();
  return null;
}
