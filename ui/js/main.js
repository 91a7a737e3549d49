// Entry point: loads what the app knows, restores the wizard where it was left, wires the
// rail, mounts one screen at a time and marks the window ready for tests and users.
import { api } from "./api.js";
import { app } from "./app.js";
import * as store from "./store.js";
import { button, clear } from "./dom.js";
import { announce, focusTitle } from "./announce.js";
import { listenToProgress } from "./progress.js";
import { renderRail, wireRail } from "./rail.js";
import { persist, restore, schedulePersist } from "./restore.js";
import { showStartupFailure } from "./failure.js";
import { problem } from "./layout.js";

// Each screen's modules load when it is first shown (index.html preloads only the sign-in's):
// a start fetches and parses the one screen it draws, and memory holds only the screens the
// user has opened. A first visit waits for its module, a few milliseconds from the app's
// own files.
const SCREENS = {
  "wizard:signin": () => import("./screens/signin.js"),
  "wizard:agreement": () => import("./screens/agreement.js"),
  "wizard:details": () => import("./screens/details.js"),
  "wizard:registration": () => import("./screens/registration.js"),
  "wizard:account": () => import("./screens/account.js"),
  history: () => import("./screens/history.js"),
  settings: () => import("./screens/settings.js"),
};
const loaded = new Map();
const loading = new Map();
const mounted = { key: null, handle: null, token: null, root: null };

const screenKey = (s) => (s.view === "wizard" ? `wizard:${s.step}` : s.view);

/** The screen's module, loaded once (a failed load is tried again next time). */
function load(key) {
  if (!loading.has(key)) {
    const once = SCREENS[key]().then(
      (m) => (loaded.set(key, m), m),
      (e) => {
        loading.delete(key);
        throw e;
      },
    );
    loading.set(key, once);
  }
  return loading.get(key);
}

/** Empties the screen being left (and lets it be used again, see render). */
function leave() {
  mounted.handle?.unmount?.();
  if (!mounted.root) return;
  clear(mounted.root);
  mounted.root.inert = false;
}

/**
 * Said where the screen would be, once: it counts as shown, so later changes do not say it
 * again; the rail still leads elsewhere, and coming back tries the load again.
 */
function unloadable(s, key, e) {
  leave();
  const root = document.getElementById(`view-${s.view}`);
  clear(root);
  Object.assign(mounted, { key, handle: null, token: null, root });
  const reload = button("Reload", { size: "sm", onClick: () => location.reload() });
  root.append(problem(e, { title: "This screen could not load", action: reload }));
  announce("This screen could not load");
}

/** Replaces the screen shown by the one `s` asks for. */
function mountScreen(s, key) {
  // The view being left is emptied too: hidden, it kept its screen (History's rows, a
  // wizard step) and all their closures alive until it was shown again.
  leave();
  const root = document.getElementById(`view-${s.view}`);
  clear(root);
  mounted.root = root;
  // A screen may send the wizard elsewhere while mounting (e.g. signed out): the
  // inner render then owns `mounted`, and this one stops here.
  const token = {};
  Object.assign(mounted, { key, token, handle: null });
  const handle = loaded.get(key).mount(root, app, s) || null;
  if (mounted.token !== token) return;
  mounted.handle = handle;
  root.classList.remove("enter");
  void root.offsetWidth;
  root.classList.add("enter");
  // Where the screen asks (a field to fix), else its title.
  const first = handle?.focus?.();
  if (first) first.focus();
  else focusTitle(root.querySelector(".title"));
  persist(s);
}

function render() {
  const s = store.get();
  renderRail(s);
  schedulePersist();
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${s.view}`;
  const onSignIn = s.view === "wizard" && s.step === "signin";
  document.getElementById("sandbox-banner").hidden = !(s.info?.sandbox && onSignIn);
  const key = screenKey(s);
  if (key === mounted.key) mounted.handle?.update?.(s);
  else if (loaded.has(key)) mountScreen(s, key);
  else {
    // Until the module is here the screen being left stays in view but takes no input.
    if (mounted.root) mounted.root.inert = true;
    // By then the user may have gone on: render() draws where they are.
    load(key).then(render, (e) => screenKey(store.get()) === key && unloadable(store.get(), key, e));
  }
}

// Marks split the start-up for benches/startup.sh (see src-tauri/bench.rs); they cost nothing.
async function start() {
  performance.mark("modules");
  store.subscribe(render);
  wireRail(app);
  // One round of calls, not one after another: start-up time is what users feel most.
  // The sign-in screen (preloaded) is loaded meanwhile: restoring draws the first screen.
  const [, , info, users, ui] = await Promise.all([
    listenToProgress(app),
    load("wizard:signin"),
    api.appInfo(),
    api.users().catch(() => ({ current: null, users: [] })),
    api.uiState().catch(() => null),
  ]);
  performance.mark("ipc");
  await restore(info, users, ui);
  await load(screenKey(store.get()));
  performance.mark("restored");
  render();
  performance.mark("rendered");
  app.refreshHistoryCount();
  document.documentElement.dataset.ready = "true";
}

start().catch((e) => {
  document.documentElement.dataset.ready = "error";
  document.documentElement.dataset.error = e?.message || String(e);
  console.error(e);
  showStartupFailure(e);
});
