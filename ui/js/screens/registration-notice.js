// What the registration step says above its timeline: the agreement to accept, Amazon's
// refusal, the time limit reached, a passing problem with its retry, or why an action on
// the registration failed. Drawn again only when what it says changes.
import { h, clear, button, externalButton } from "../dom.js";
import { callout, problem, technical, copyButton, openLink } from "../layout.js";

export const IN_PROGRESS = new Set(["SUBMITTING", "PENDING", "PARTIALLY_CREATED"]);

function agreement(url) {
  const slot = h("div.slot");
  return callout(
    "warning",
    "doc",
    "Accept the Amazon Ads Agreement to continue",
    [
      "This registration needs its own acceptance of the agreement. Accept it in your browser, with the Amazon login you signed in with; registration continues by itself.",
      slot,
    ],
    h(
      "div.btn-row",
      externalButton("Open again", () => openLink(url, slot), { size: "sm" }),
      copyButton("Copy link", url, "agreement link", { size: "sm" }),
    ),
  );
}

function refused(reg, app) {
  const fields = Object.values(reg.fieldErrors || {});
  return callout(
    "danger",
    "alert",
    "Amazon didn't accept the registration",
    [reg.lastError || "Amazon refused the details.", ...fields.map((f) => h("div", { text: f }))],
    button("Edit details", { size: "sm", iconName: "pencil", onClick: () => app.editDetails(reg) }),
  );
}

/** How long Ads Onboard checked before it stopped, from the registration's own timeline. */
function checkedFor(reg) {
  const end = (reg.events || []).find((e) => e.status === "TIMED_OUT")?.at || reg.updatedAt;
  const mins = Math.round((Date.parse(end) - Date.parse(reg.submittedAt)) / 60000);
  if (!Number.isFinite(mins) || mins < 1) return "a while";
  return mins === 1 ? "a minute" : `${mins} minutes`;
}

function timedOut(reg) {
  return callout(
    "warning",
    "clock",
    "Amazon hasn't finished yet",
    `Ads Onboard stopped checking after ${checkedFor(reg)}. Amazon keeps working on the registration: choose Check now or Resume checking, or open it later from History — it resumes where it left off.`,
  );
}

function stopped(reg, retry) {
  return callout(
    "warning",
    "warn",
    "Checking stopped because of a problem",
    [
      "Choose Retry now. If it keeps happening, open the registration again later from History.",
      technical(reg.lastError),
    ],
    button("Retry now", { size: "sm", onClick: retry }),
  );
}

/** What the notice for `reg` (and a failed action `failure`) says, to draw it only when that changes. */
export function noticeKey(reg, failure) {
  const passing = Boolean(reg.notice && IN_PROGRESS.has(reg.status));
  return JSON.stringify([
    reg.awaitingTermsUrl,
    reg.status,
    reg.lastError,
    reg.fieldErrors,
    passing && (reg.noticeTitle || true),
    failure?.message,
  ]);
}

/**
 * A passing problem in core's plain words: what Amazon did ("Amazon is busy right now"),
 * when the next try is (kept current by `refreshNotice` without drawing the notice again),
 * why nothing needs doing, and core's own line folded as the detail.
 */
function passingProblem(reg, retry) {
  const when = h("span.notice-when");
  return callout(
    "warning",
    "warn",
    [reg.noticeTitle || "Ads Onboard will try again", when],
    reg.noticeHint ? [h("div", { text: reg.noticeHint }), h("div.notice-detail", technical(reg.notice))] : reg.notice,
    button("Retry now", { size: "sm", onClick: retry }),
  );
}

const put = (node, text) => node && node.textContent !== text && (node.textContent = text);

/**
 * Brings a passing problem shown in `el` up to date in place: `retrying` ("retrying in
 * 3 s") after its title, and core's latest line of `reg` in its folded detail.
 */
export function refreshNotice(el, reg, retrying) {
  put(el.querySelector(".notice-when"), retrying ? ` — ${retrying}` : "");
  if (reg.notice) put(el.querySelector(".notice-detail pre.tech"), reg.notice);
}

/** The callouts for `reg`, or none; `retry` asks Amazon again now. */
export function drawNotice(el, reg, { app, retry, failure }) {
  const passing = reg.notice && IN_PROGRESS.has(reg.status);
  let main = null;
  if (reg.awaitingTermsUrl) main = agreement(reg.awaitingTermsUrl);
  else if (reg.status === "REJECTED") main = refused(reg, app);
  else if (reg.status === "TIMED_OUT") main = timedOut(reg);
  else if (passing) main = passingProblem(reg, retry);
  else if (reg.lastError) main = stopped(reg, retry);
  const failed = failure
    ? problem(failure, { action: button("Try again", { size: "sm", onClick: failure.again }) })
    : null;
  clear(el, failed, main);
}
