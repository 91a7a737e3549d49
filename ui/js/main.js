// Entry point: loads what the app knows, restores the wizard where it was left, wires the
// rail, mounts one screen at a time and marks the window ready for tests and users.
import { api, listen, EVENTS } from "./api.js";
import * as store from "./store.js";
import { h, clear, initials } from "./dom.js";
import { toast } from "./toast.js";
import { icon } from "./icons.js";
import * as signin from "./screens/signin.js";
import * as agreement from "./screens/agreement.js";
import * as details from "./screens/details.js";
import * as registration from "./screens/registration.js";
import * as account from "./screens/account.js";
import * as history from "./screens/history.js";
import * as settings from "./screens/settings.js";

const WIZARD = { signin, agreement, details, registration, account };
const mounted = { key: null, handle: null, token: null, root: null };

export const ctx = {
  go(step) {
    store.set({ view: "wizard", step });
  },
  show(view) {
    store.set({ view });
  },
  async refreshUsers() {
    const u = await api.users();
    store.set({ user: u.current || null, users: u.users || [] });
    return u;
  },
  async refreshHistoryCount() {
    try {
      store.set({ historyCount: await api.historyCount() });
    } catch {
      /* the count is a nicety; History itself shows the error */
    }
  },
  /** Opens a registration: the account view when created, else its progress. */
  openRegistration(reg) {
    const step = reg.status === "CREATED" || reg.status === "PARTIALLY_CREATED" ? "account" : "registration";
    store.set({ registration: reg, view: "wizard", step });
  },
};

function screenKey(s) {
  return s.view === "wizard" ? `wizard:${s.step}` : s.view;
}

function render() {
  const s = store.get();
  renderRail(s);
  schedulePersist();
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${s.view}`;
  document.getElementById("sandbox-banner").hidden = !(s.info?.sandbox && s.view === "wizard" && s.step === "signin");
  const key = screenKey(s);
  if (key === mounted.key) {
    mounted.handle?.update?.(s);
    return;
  }
  mounted.handle?.unmount?.();
  // The view being left is emptied too: hidden, it kept its screen (History's rows, a
  // wizard step) and all their closures alive until it was shown again.
  if (mounted.root) clear(mounted.root);
  const root = document.getElementById(`view-${s.view}`);
  clear(root);
  mounted.root = root;
  const mod = s.view === "wizard" ? WIZARD[s.step] : s.view === "history" ? history : settings;
  // A screen may send the wizard elsewhere while mounting (e.g. signed out): the
  // inner render then owns `mounted`, and this one stops here.
  const token = {};
  mounted.key = key;
  mounted.token = token;
  mounted.handle = null;
  const handle = mod.mount(root, ctx, s) || null;
  if (mounted.token !== token) return;
  mounted.handle = handle;
  root.classList.remove("enter");
  void root.offsetWidth;
  root.classList.add("enter");
  root.querySelector(".title")?.focus({ preventScroll: true });
  persist(s);
}

let persistTimer = null;
function schedulePersist() {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(() => persist(store.get()), 400);
}

function renderRail(s) {
  for (const btn of document.querySelectorAll(".step[data-step]")) {
    const step = btn.dataset.step;
    const st = store.stepStatus(s, step);
    btn.classList.toggle("done", st === "done");
    btn.classList.toggle("failed", st === "failed");
    const current = s.view === "wizard" && s.step === step;
    if (current) btn.setAttribute("aria-current", "step");
    else btn.removeAttribute("aria-current");
    const reachable = st === "done" || st === "failed" || step === s.step;
    btn.setAttribute("aria-disabled", String(!reachable));
    const dot = btn.querySelector(".step-dot");
    if (st === "done") dot.replaceChildren(icon("check", 12));
    else if (st === "failed") dot.replaceChildren(icon("x", 12));
    else dot.textContent = String(store.STEPS.indexOf(step) + 1);
    const waiting = current && ((step === "signin" && s.signin.phase === "waiting") ||
      (step === "agreement" && s.terms && s.terms.status !== "ACCEPTED") ||
      (step === "registration" && s.registration && s.registration.status === "PENDING"));
    btn.classList.toggle("waiting", Boolean(waiting));
  }
  for (const b of document.querySelectorAll(".rail-row[data-view]")) {
    if (b.dataset.view === s.view) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  document.getElementById("history-count").textContent = s.historyCount ? String(s.historyCount) : "";
  document.getElementById("brand-env").hidden = !s.info?.sandbox;
  const chip = document.getElementById("user-chip");
  const u = s.user;
  clear(chip,
    h("span.avatar", { "aria-hidden": "true", class: u ? "avatar filled" : "avatar" }, u ? initials(u.name, u.email) : icon("user", 14)),
    h("span.user-text",
      h("span.user-name", { text: u ? u.name || u.email : "Not signed in" }),
      u && u.email ? h("span.user-email", { text: u.email }) : null));
}

let lastPersist = "";
function persist(s) {
  if (!s.info) return;
  const ui = {
    step: s.step,
    region: s.region,
    registrationId: s.registration?.id || null,
    terms: s.terms ? { termsToken: s.terms.termsToken, termsUrl: s.terms.termsUrl, userId: s.terms.userId } : null,
    draft: s.draft,
  };
  const text = JSON.stringify(ui);
  if (text === lastPersist) return;
  lastPersist = text;
  api.saveUiState(ui).catch(() => {});
}

async function restore(info, users, ui) {
  const patch = { info, user: users.current || null, users: users.users || [], region: info.region || "NA" };
  if (ui && typeof ui === "object") {
    if (ui.region) patch.region = ui.region;
    if (ui.draft && typeof ui.draft === "object") patch.draft = { kind: "business", fields: {}, attested: false, ...ui.draft };
    if (ui.terms?.termsToken) patch.terms = { ...ui.terms, status: "CREATED" };
    if (ui.registrationId && patch.user) {
      try {
        patch.registration = await api.registration(ui.registrationId);
      } catch {
        patch.registration = null;
      }
    }
    const step = store.STEPS.includes(ui.step) ? ui.step : "signin";
    if (!patch.user) patch.step = "signin";
    else if ((step === "registration" || step === "account") && !patch.registration) patch.step = "details";
    else patch.step = step;
  } else if (patch.user) {
    patch.step = "agreement";
  }
  store.set(patch);
  // Coming back to a registration still in progress: follow it again.
  const reg = store.get().registration;
  if (reg && (reg.status === "PENDING" || reg.status === "PARTIALLY_CREATED" || reg.status === "TIMED_OUT")) {
    api.resume(reg.id).catch((e) => toast(e.message, "danger"));
  }
}

// Marks split the start-up for benches/startup.sh (see src-tauri/bench.rs); they cost nothing.
async function start() {
  performance.mark("modules");
  store.subscribe(render);
  for (const el of document.querySelectorAll("[data-view]")) {
    el.addEventListener("click", () => ctx.show(el.dataset.view));
  }
  for (const btn of document.querySelectorAll(".step[data-step]")) {
    btn.addEventListener("click", () => {
      if (btn.getAttribute("aria-disabled") === "true") return;
      ctx.go(btn.dataset.step);
    });
  }
  // One round of calls, not one after another: start-up time is what users feel most.
  const [, info, users, ui] = await Promise.all([
    listen(EVENTS.registration, (reg) => {
      const cur = store.get().registration;
      if (!cur || cur.id === reg.id) store.set({ registration: reg });
    }),
    api.appInfo(),
    api.users().catch(() => ({ current: null, users: [] })),
    api.uiState().catch(() => null),
  ]);
  performance.mark("ipc");
  await restore(info, users, ui);
  performance.mark("restored");
  render();
  performance.mark("rendered");
  ctx.refreshHistoryCount();
  document.documentElement.dataset.ready = "true";
}

start().catch((e) => {
  document.documentElement.dataset.ready = "error";
  document.documentElement.dataset.error = e?.message || String(e);
  console.error(e);
});
