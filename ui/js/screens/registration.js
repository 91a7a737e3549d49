// Step 4: a live view of the registration, fed by the engine's progress events.
import { api } from "../api.js";
import { h, clear, button, spinner, rawPill, pill, fmtTime, fmtElapsed } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyField, callout } from "../layout.js";
import { rejected } from "./rejected.js";
import { countryName } from "./account.js";

const IN_PROGRESS = new Set(["SUBMITTING", "PENDING", "PARTIALLY_CREATED"]);

const eventAt = (reg, ...statuses) => (reg.events || []).find((e) => statuses.includes(e.status))?.at || null;

/** The five stages of the timeline, each done / current / upcoming / failed. */
export function stages(reg) {
  const st = reg.status;
  const countries = reg.countries || [];
  const withProfiles = countries.filter((c) => c.profileId).length;
  const created = st === "CREATED";
  const profilesDone = created && countries.length > 0 && withProfiles === countries.length;
  const verified = st === "PARTIALLY_CREATED" || created;
  const names = countries.map((c) => countryName(c.countryCode)).join(", ");
  const stopped = st === "TIMED_OUT" || st === "STOPPED" || st === "FAILED";
  const cur = (cond) => (cond ? (stopped ? "stopped" : "current") : "upcoming");
  return [
    { title: "Submitted", text: "Amazon accepted the registration request.", state: reg.submittedAt ? "done" : "current", at: reg.submittedAt },
    { title: "Account ID assigned", text: "Saved to History so you can resume if you close the app.", state: reg.accountId ? "done" : cur(Boolean(reg.submittedAt)), at: eventAt(reg, "PENDING", "PARTIALLY_CREATED", "CREATED", "DISABLED") },
    {
      title: "Pending verification", text: reg.kind === "business" ? "Amazon is checking the business name and address against public records." : "Amazon is checking access to the selling-partner account.",
      state: st === "DISABLED" ? "failed" : verified ? "done" : cur(Boolean(reg.accountId)), at: eventAt(reg, "PENDING"),
    },
    {
      title: "Creating country profiles",
      text: countries.length ? `One advertising profile for each country: ${withProfiles} of ${countries.length} ready${names ? ` (${names})` : ""}.` : "One advertising profile for each country.",
      state: profilesDone ? "done" : verified ? cur(true) : "upcoming", at: eventAt(reg, "PARTIALLY_CREATED", "CREATED"),
    },
    { title: "Account ready", text: "Profile IDs and billing are on the next step.", state: profilesDone ? "done" : "upcoming", at: profilesDone ? eventAt(reg, "CREATED") : null },
  ];
}

function headline(reg) {
  switch (reg.status) {
    case "SUBMITTING": return "Sending the registration to Amazon";
    case "PENDING": return reg.kind === "business" ? "Amazon is verifying the business" : "Amazon is checking the account";
    case "PARTIALLY_CREATED": return "Some countries are ready; the rest are on their way";
    case "CREATED": return stages(reg)[4].state === "done" ? "The account is ready" : "Waiting for profile IDs";
    case "TIMED_OUT": return "Amazon hasn't finished yet";
    case "STOPPED": return "Checking is paused";
    default: return "Registration";
  }
}

export function mount(root, ctx, s) {
  let reg = s.registration;
  let tick = null;
  let shownKind = null;
  let alive = true;

  const progressCard = h("div.card.progress-card");
  const timeline = h("ol.card.timeline", { "aria-label": "Registration progress" });
  const notice = h("div");
  const viewBtn = button("View account", { kind: "primary", id: "view-account", onClick: () => ctx.go("account") });
  const checkBtn = button("Check now", { iconName: "refresh", id: "check-now", onClick: () => act(() => api.checkNow(reg.id)) });
  const stopBtn = button("Stop checking", { kind: "ghost", id: "stop-checking", onClick: () => act(() => (reg.polling ? api.stopChecking(reg.id) : api.resume(reg.id))) });

  async function act(fn) {
    try {
      const r = await fn();
      // After unmount, drawing would restart the 1 s ticker on a detached screen, for good.
      if (alive && r && r.id === reg.id) { reg = r; draw(); }
    } catch (e) {
      if (alive) clear(notice, callout("warning", "warn", null, e.message));
    }
  }

  function drawProgress() {
    const st = stages(reg);
    const done = st.filter((x) => x.state === "done").length;
    const every = Math.max(1, Math.round((reg.pollIntervalMs || s.info?.pollIntervalMs || 4000) / 1000));
    const next = reg.nextCheckAt ? Math.max(0, Math.ceil((new Date(reg.nextCheckAt) - Date.now()) / 1000)) : null;
    const started = reg.submittedAt ? new Date(reg.submittedAt) : new Date();
    const end = IN_PROGRESS.has(reg.status) ? Date.now() : new Date(reg.updatedAt || Date.now()).getTime();
    const checking = reg.polling && IN_PROGRESS.has(reg.status)
      ? `Checking every ${every} second${every === 1 ? "" : "s"}${next !== null ? ` · next check in ${next} s` : ""}`
      : reg.status === "CREATED" ? "Checks finished" : "Not checking right now";
    clear(progressCard,
      h("div.progress-head",
        IN_PROGRESS.has(reg.status) || (reg.status === "CREATED" && done < 5) ? spinner(16) : icon(reg.status === "CREATED" ? "checkCircle" : "clock", 18),
        h("h2.progress-title", { text: headline(reg) }),
        rawPill(reg.status),
        h("span.progress-elapsed.mono", { text: `Elapsed ${fmtElapsed(end - started)}` })),
      h("div.bar", { role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "5", "aria-valuenow": String(done), "aria-label": "Stages done" },
        h("div.bar-fill", { style: `width:${(done / 5) * 100}%` })),
      h("div.progress-meta", h("span", { text: checking }), h("span", { text: `${done} of 5 stages` })),
      reg.accountId ? h("div.progress-id",
        h("div.field-label", h("span", { text: "Account ID" }), pill("CREATED", `Received ${fmtTime(eventAt(reg, "PENDING", "PARTIALLY_CREATED", "CREATED") || reg.submittedAt)}`, "success")),
        copyField(reg.accountId, { ariaLabel: "Copy account ID", testid: "account-id" })) : null);
  }

  function drawTimeline() {
    clear(timeline, stages(reg).map((x) => h(`li.tl-row.tl-${x.state}`,
      h("span.tl-node", { "aria-hidden": "true" }, x.state === "done" ? icon("check", 12) : x.state === "current" ? spinner(12) : x.state === "failed" ? icon("x", 12) : null),
      h("div.tl-text", h("div.tl-title", { text: x.title }), h("div.tl-sub", { text: x.text })),
      h("span.tl-time.mono", { text: x.at && x.state !== "upcoming" ? fmtTime(x.at) : "—" }),
      h("span.sr-only", { text: { done: "done", current: "in progress", upcoming: "not yet", failed: "failed", stopped: "paused" }[x.state] }))));
  }

  function drawNotice() {
    if (reg.awaitingTermsUrl) {
      clear(notice, callout("warning", "doc", "Accept the Amazon Ads Agreement to continue",
        "This registration needs its own agreement. Accept it in your browser, where you signed in; registration continues by itself.",
        h("div.btn-row",
          button("Open again", { size: "sm", trailing: "external", onClick: () => api.openUrl(reg.awaitingTermsUrl).catch(() => {}) }),
          button("Copy link", { size: "sm", iconName: "copy", onClick: () => api.copyText(reg.awaitingTermsUrl).catch(() => {}) }))));
    } else if (reg.status === "REJECTED") {
      const fields = Object.values(reg.fieldErrors || {});
      clear(notice, callout("danger", "alert", "Amazon refused the request",
        [reg.lastError || "Amazon refused the details.", ...fields.map((f) => h("div", { text: f }))],
        button("Edit details", { size: "sm", iconName: "pencil", onClick: () => ctx.go("details") })));
    } else if (reg.status === "TIMED_OUT") {
      clear(notice, callout("warning", "clock", "Amazon hasn't finished yet",
        "Ads Onboard stopped checking after the time set in Settings. Amazon keeps working on the registration: choose Check now, or open it later from History — it resumes where it left off."));
    } else if (reg.notice && IN_PROGRESS.has(reg.status)) {
      const secs = reg.retryInMs ? Math.max(1, Math.round(reg.retryInMs / 1000)) : null;
      clear(notice, callout("warning", "warn", secs ? `Amazon didn't answer — retrying in ${secs} s` : "Amazon didn't answer",
        reg.notice, button("Retry now", { size: "sm", onClick: () => act(() => api.checkNow(reg.id)) })));
    } else if (reg.lastError) {
      clear(notice, callout("warning", "warn", null, reg.lastError, button("Retry now", { size: "sm", onClick: () => act(() => api.checkNow(reg.id)) })));
    } else clear(notice);
  }

  function draw() {
    const kind = reg.status === "DISABLED" ? "rejected" : "progress";
    if (kind === "rejected") {
      stopTick();
      shownKind = kind;
      return clear(root, rejected(reg, ctx));
    }
    if (shownKind !== "progress") {
      shownKind = kind;
      clear(root, h("div.screen", page({
        eyebrow: "Step 4 of 5",
        title: `Registering ${reg.accountName || reg.details?.accountName || "the account"}`,
        lead: s.info?.sandbox
          ? "The sandbox finishes in seconds. You can close the app at any time and resume from History."
          : "Amazon usually takes 3–30 seconds to create an account; verifying a business takes a few seconds more. You can close the app and resume from History.",
        body: h("div.stack", progressCard, notice, timeline),
        footer: footer({ left: [stopBtn], right: [checkBtn, viewBtn] }),
      })));
      root.querySelector(".title")?.focus({ preventScroll: true });
    }
    drawProgress();
    drawTimeline();
    drawNotice();
    const ready = reg.status === "CREATED" || reg.status === "PARTIALLY_CREATED";
    viewBtn.disabled = !ready;
    stopBtn.hidden = !IN_PROGRESS.has(reg.status) && reg.status !== "TIMED_OUT" && reg.status !== "STOPPED";
    stopBtn.querySelector("span").textContent = reg.polling ? "Stop checking" : "Resume checking";
    checkBtn.disabled = reg.status === "SUBMITTING";
    if (IN_PROGRESS.has(reg.status)) startTick();
    else stopTick();
  }

  function startTick() {
    if (!tick) tick = setInterval(drawProgress, 1000);
  }
  function stopTick() {
    clearInterval(tick);
    tick = null;
  }

  if (!reg) {
    ctx.go("details");
    return null;
  }
  draw();
  return {
    update(st) {
      if (st.registration && st.registration !== reg) {
        const wasReady = viewBtn.disabled === false;
        reg = st.registration;
        draw();
        if (!wasReady && !viewBtn.disabled && document.activeElement?.closest("#view-wizard") == null) viewBtn.focus();
      }
    },
    unmount() {
      alive = false;
      stopTick();
    },
  };
}
