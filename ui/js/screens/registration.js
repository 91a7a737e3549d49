// Step 4: a live view of the registration, fed by core's progress events. The screen is
// built once; updates change its parts in place. When the registration reaches an
// outcome, focus moves to the outcome's title (the live region says it, see progress.js).
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button } from "../dom.js";
import { page, footer } from "../layout.js";
import { focusTitle } from "../announce.js";
import { rejected } from "./rejected.js";
import { drawTimeline } from "./timeline.js";
import { drawNotice, noticeKey, refreshNotice, IN_PROGRESS } from "./registration-notice.js";
import { progressCard } from "./registration-card.js";

/** Outcomes the focus moves to, once each. */
const OUTCOMES = new Set(["CREATED", "PARTIALLY_CREATED", "PARTLY_REFUSED", "DISABLED", "REJECTED", "TIMED_OUT"]);

function frame(screen, s) {
  return h(
    "div.screen",
    page({
      eyebrow: "Step 4 of 5",
      title: `Registering ${screen.reg.accountName || screen.reg.details?.accountName || "the account"}`,
      lead: s.info?.sandbox
        ? "The sandbox finishes in seconds. You can close the app at any time and resume from History."
        : "Amazon usually takes 3–30 seconds to create an account; verifying a business takes a few seconds more. You can close the app and resume from History.",
      body: h("div.stack", screen.card.el, screen.notice, screen.timeline),
      footer: footer({ left: [screen.stopBtn], right: [screen.checkBtn, screen.viewBtn] }),
    }),
  );
}

/** Runs a command on the registration shown and draws its answer; a failure stays until the next try. */
async function act(screen, fn) {
  try {
    const r = await fn(screen.reg.id);
    screen.failure = null;
    if (store.get().resumeFailure) store.set({ resumeFailure: null });
    // After unmount, drawing would restart the 1 s ticker on a detached screen, for good.
    if (screen.alive && r && r.id === screen.reg.id) ((screen.reg = r), draw(screen));
  } catch (e) {
    if (!screen.alive) return;
    e.again = () => act(screen, fn);
    screen.failure = e;
    draw(screen, false);
    screen.notice.querySelector(".callout")?.focus();
  }
}

/** Every second: the card's clocks, and when the notice's next try is. */
function tick(screen) {
  screen.card.tick();
  refreshNotice(screen.notice, screen.reg, screen.card.retrying());
}

function ticking(screen, on) {
  if (on && !screen.tick) screen.tick = setInterval(() => tick(screen), 1000);
  if (!on) (clearInterval(screen.tick), (screen.tick = null));
}

/** The footer's buttons, as core's facts about the registration say. */
function buttons(screen, reg) {
  screen.viewBtn.disabled = !["CREATED", "PARTIALLY_CREATED", "PARTLY_REFUSED"].includes(reg.status);
  // Core says whether following it again makes sense.
  screen.stopBtn.hidden = !reg.polling && !reg.resumable;
  const stopWords = reg.polling ? "Stop checking" : "Resume checking";
  const label = screen.stopBtn.querySelector("span");
  if (label.textContent !== stopWords) label.textContent = stopWords;
  screen.checkBtn.disabled = reg.status === "SUBMITTING";
}

function draw(screen, fresh = true) {
  const reg = screen.reg;
  if (reg.status === "DISABLED") {
    ticking(screen, false);
    if (screen.shown !== "rejected") {
      screen.shown = "rejected";
      clear(screen.root, rejected(reg, screen.app));
    }
    return;
  }
  if (screen.shown !== "progress") {
    screen.shown = "progress";
    clear(screen.root, frame(screen, store.get()));
  }
  screen.card.update(reg, fresh);
  drawTimeline(screen.timeline, reg);
  const key = noticeKey(reg, screen.failure);
  if (key !== screen.noticeKey) {
    screen.noticeKey = key;
    drawNotice(screen.notice, reg, {
      app: screen.app,
      retry: () => act(screen, (id) => api.checkNow(id)),
      failure: screen.failure,
    });
  }
  refreshNotice(screen.notice, reg, screen.card.retrying());
  buttons(screen, reg);
  ticking(screen, IN_PROGRESS.has(reg.status));
}

/** Where the focus goes when `reg` reaches an outcome: its title on the screen shown. */
function focusOutcome(screen) {
  const title = screen.shown === "rejected" ? screen.root.querySelector(".title") : screen.card.title;
  focusTitle(title);
}

export function mount(root, app, s) {
  if (!s.registration) return app.go("details");
  const screen = { root, app, reg: s.registration, tick: null, shown: null, alive: true, failure: null };
  screen.card = progressCard();
  screen.timeline = h("ol.card.timeline", { "aria-label": "Registration stages" });
  screen.notice = h("div.slot.stack-sm");
  screen.viewBtn = button("View account", { kind: "primary", id: "view-account", onClick: () => app.go("account") });
  screen.checkBtn = button("Check now", {
    iconName: "refresh",
    id: "check-now",
    onClick: () => act(screen, (id) => api.checkNow(id)),
  });
  const toggle = () => act(screen, screen.reg.polling ? (id) => api.stopChecking(id) : (id) => api.resume(id));
  screen.stopBtn = button("Stop checking", { kind: "ghost", id: "stop-checking", onClick: toggle });
  // A resume that failed when the window opened is shown here, where it can be retried.
  const resumeFailed = (st) => {
    if (st.resumeFailure?.id !== screen.reg.id || screen.failure === st.resumeFailure.error) return false;
    screen.failure = Object.assign(st.resumeFailure.error, { again: () => act(screen, (id) => api.resume(id)) });
    return true;
  };
  resumeFailed(s);
  draw(screen);
  return {
    update(st) {
      if (resumeFailed(st)) draw(screen, false);
      if (!st.registration || st.registration === screen.reg) return;
      const before = screen.reg.status;
      screen.reg = st.registration;
      draw(screen);
      if (before !== screen.reg.status && OUTCOMES.has(screen.reg.status)) focusOutcome(screen);
    },
    unmount() {
      screen.alive = false;
      ticking(screen, false);
    },
  };
}
