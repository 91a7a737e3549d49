// What the registration step says above its timeline: the agreement to accept, Amazon's
// refusal, the time limit reached, or a passing problem with its retry.
import { api } from "../api.js";
import { h, button } from "../dom.js";
import { callout } from "../layout.js";

export const IN_PROGRESS = new Set(["SUBMITTING", "PENDING", "PARTIALLY_CREATED"]);

function agreement(url) {
  return callout(
    "warning",
    "doc",
    "Accept the Amazon Ads Agreement to continue",
    "This registration needs its own agreement. Accept it in your browser, where you signed in; registration continues by itself.",
    h(
      "div.btn-row",
      button("Open again", { size: "sm", trailing: "external", onClick: () => api.openUrl(url).catch(() => {}) }),
      button("Copy link", { size: "sm", iconName: "copy", onClick: () => api.copyText(url).catch(() => {}) }),
    ),
  );
}

function refused(reg, app) {
  const fields = Object.values(reg.fieldErrors || {});
  return callout(
    "danger",
    "alert",
    "Amazon refused the request",
    [reg.lastError || "Amazon refused the details.", ...fields.map((f) => h("div", { text: f }))],
    button("Edit details", { size: "sm", iconName: "pencil", onClick: () => app.go("details") }),
  );
}

function passing(reg, retry) {
  const secs = reg.retryInMs ? Math.max(1, Math.round(reg.retryInMs / 1000)) : null;
  const title = secs ? `Amazon didn't answer — retrying in ${secs} s` : "Amazon didn't answer";
  return callout("warning", "warn", title, reg.notice, button("Retry now", { size: "sm", onClick: retry }));
}

/** The callout for `reg`, or null; `retry` asks Amazon again now. */
export function notice(reg, app, retry) {
  if (reg.awaitingTermsUrl) return agreement(reg.awaitingTermsUrl);
  if (reg.status === "REJECTED") return refused(reg, app);
  if (reg.status === "TIMED_OUT") {
    return callout(
      "warning",
      "clock",
      "Amazon hasn't finished yet",
      "Ads Onboard stopped checking after the time set in Settings. Amazon keeps working on the registration: choose Check now, or open it later from History — it resumes where it left off.",
    );
  }
  if (reg.notice && IN_PROGRESS.has(reg.status)) return passing(reg, retry);
  if (reg.lastError) {
    return callout("warning", "warn", null, reg.lastError, button("Retry now", { size: "sm", onClick: retry }));
  }
  return null;
}
