// Step 4: a live view of the registration, fed by core's progress events.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, spinner, rawPill, pill, fmtTime, fmtElapsed } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyField, callout } from "../layout.js";
import { rejected } from "./rejected.js";
import { stages, headline, eventAt, drawTimeline } from "./timeline.js";
import { notice, IN_PROGRESS } from "./registration-notice.js";

function checkingWords(reg) {
  if (reg.polling && IN_PROGRESS.has(reg.status)) {
    const every = Math.max(1, Math.round((reg.pollIntervalMs || store.get().info?.pollIntervalMs || 4000) / 1000));
    return `Checking every ${every} second${every === 1 ? "" : "s"}`;
  }
  return reg.status === "CREATED" ? "Checks finished" : "Not checking right now";
}

function accountId(reg) {
  const at = eventAt(reg, "PENDING", "PARTIALLY_CREATED", "CREATED") || reg.submittedAt;
  return h(
    "div.progress-id",
    h("div.field-label", h("span", { text: "Account ID" }), pill("CREATED", `Received ${fmtTime(at)}`, "success")),
    copyField(reg.accountId, { ariaLabel: "Copy account ID", testid: "account-id" }),
  );
}

function drawProgress(el, reg) {
  const done = stages(reg).filter((x) => x.state === "done").length;
  const started = reg.submittedAt ? new Date(reg.submittedAt) : new Date();
  const end = IN_PROGRESS.has(reg.status) ? Date.now() : new Date(reg.updatedAt || Date.now()).getTime();
  const busy = IN_PROGRESS.has(reg.status) || (reg.status === "CREATED" && done < 5);
  clear(
    el,
    h(
      "div.progress-head",
      busy ? spinner(16) : icon(reg.status === "CREATED" ? "checkCircle" : "clock", 18),
      h("h2.progress-title", { text: headline(reg) }),
      rawPill(reg.status),
      h("span.progress-elapsed.mono", { text: `Elapsed ${fmtElapsed(end - started)}` }),
    ),
    h(
      "div.bar",
      {
        role: "progressbar",
        "aria-valuemin": "0",
        "aria-valuemax": "5",
        "aria-valuenow": String(done),
        "aria-label": "Stages done",
      },
      h("div.bar-fill", { style: `width:${(done / 5) * 100}%` }),
    ),
    h("div.progress-meta", h("span", { text: checkingWords(reg) }), h("span", { text: `${done} of 5 stages` })),
    reg.accountId ? accountId(reg) : null,
  );
}

function frame(screen, app, s) {
  return h(
    "div.screen",
    page({
      eyebrow: "Step 4 of 5",
      title: `Registering ${screen.reg.accountName || screen.reg.details?.accountName || "the account"}`,
      lead: s.info?.sandbox
        ? "The sandbox finishes in seconds. You can close the app at any time and resume from History."
        : "Amazon usually takes 3–30 seconds to create an account; verifying a business takes a few seconds more. You can close the app and resume from History.",
      body: h("div.stack", screen.progress, screen.notice, screen.timeline),
      footer: footer({ left: [screen.stopBtn], right: [screen.checkBtn, screen.viewBtn] }),
    }),
  );
}

/** Runs a command on the registration shown and draws its answer. */
async function act(screen, fn) {
  try {
    const r = await fn(screen.reg.id);
    // After unmount, drawing would restart the 1 s ticker on a detached screen, for good.
    if (screen.alive && r && r.id === screen.reg.id) ((screen.reg = r), draw(screen));
  } catch (e) {
    if (screen.alive) clear(screen.notice, callout("warning", "warn", null, e.message));
  }
}

function ticking(screen, on) {
  if (on && !screen.tick) screen.tick = setInterval(() => drawProgress(screen.progress, screen.reg), 1000);
  if (!on) (clearInterval(screen.tick), (screen.tick = null));
}

function draw(screen) {
  const reg = screen.reg;
  if (reg.status === "DISABLED") {
    ticking(screen, false);
    screen.shown = "rejected";
    return clear(screen.root, rejected(reg, screen.app));
  }
  if (screen.shown !== "progress") {
    screen.shown = "progress";
    clear(screen.root, frame(screen, screen.app, store.get()));
    screen.root.querySelector(".title")?.focus({ preventScroll: true });
  }
  drawProgress(screen.progress, reg);
  drawTimeline(screen.timeline, reg);
  clear(
    screen.notice,
    notice(reg, screen.app, () => act(screen, api.checkNow)),
  );
  screen.viewBtn.disabled = !(reg.status === "CREATED" || reg.status === "PARTIALLY_CREATED");
  // Core says whether following it again makes sense.
  screen.stopBtn.hidden = !reg.polling && !reg.resumable;
  screen.stopBtn.querySelector("span").textContent = reg.polling ? "Stop checking" : "Resume checking";
  screen.checkBtn.disabled = reg.status === "SUBMITTING";
  ticking(screen, IN_PROGRESS.has(reg.status));
}

export function mount(root, app, s) {
  if (!s.registration) return app.go("details");
  const screen = { root, app, reg: s.registration, tick: null, shown: null, alive: true };
  screen.progress = h("div.card.progress-card");
  screen.timeline = h("ol.card.timeline", { "aria-label": "Registration progress" });
  screen.notice = h("div");
  screen.viewBtn = button("View account", { kind: "primary", id: "view-account", onClick: () => app.go("account") });
  screen.checkBtn = button("Check now", {
    iconName: "refresh",
    id: "check-now",
    onClick: () => act(screen, api.checkNow),
  });
  const toggle = () => act(screen, screen.reg.polling ? api.stopChecking : api.resume);
  screen.stopBtn = button("Stop checking", { kind: "ghost", id: "stop-checking", onClick: toggle });
  draw(screen);
  return {
    update(st) {
      if (!st.registration || st.registration === screen.reg) return;
      const wasReady = !screen.viewBtn.disabled;
      screen.reg = st.registration;
      draw(screen);
      const away = document.activeElement?.closest("#view-wizard") == null;
      if (!wasReady && !screen.viewBtn.disabled && away) screen.viewBtn.focus();
    },
    unmount() {
      screen.alive = false;
      ticking(screen, false);
    },
  };
}
