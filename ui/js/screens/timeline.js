// A registration's five stages, from submitted to ready, and the headline over them.
import { h, clear, spinner, fmtTime } from "../dom.js";
import { icon } from "../icons.js";
import { countryName } from "./countries.js";

/** When the registration first reached one of `statuses`. */
export const eventAt = (reg, ...statuses) => (reg.events || []).find((e) => statuses.includes(e.status))?.at || null;

function profileStage(reg, verified, profilesDone, cur) {
  const countries = reg.countries || [];
  const ready = countries.filter((c) => c.profileId).length;
  const refused = countries.filter((c) => (c.reasons || []).length).length;
  const names = countries.map((c) => countryName(c.countryCode)).join(", ");
  const counts = `${ready} of ${countries.length} ready${refused ? `, ${refused} refused` : ""}`;
  return {
    title: "Creating country profiles",
    text: countries.length
      ? `One advertising profile for each country: ${counts}${names ? ` (${names})` : ""}.`
      : "One advertising profile for each country.",
    state: profilesDone ? "done" : verified ? cur(true) : "upcoming",
    at: eventAt(reg, "PARTIALLY_CREATED", "CREATED", "PARTLY_REFUSED"),
  };
}

/** Sent is not accepted: Amazon took the request once it answered with the account (not while busy). */
function submittedStage(reg, cur) {
  const said = {
    done: "Amazon accepted the registration request.",
    failed: "Amazon refused the registration request.",
  };
  const state = reg.accountId ? "done" : reg.status === "REJECTED" ? "failed" : cur(true);
  return {
    title: "Submitted",
    text: said[state] || "Sending the registration to Amazon.",
    state,
    at: reg.submittedAt,
  };
}

/** The five stages, each done / current / upcoming / failed / stopped. */
export function stages(reg) {
  const st = reg.status;
  const countries = reg.countries || [];
  const settled = st === "CREATED" || st === "PARTLY_REFUSED";
  const profilesDone =
    settled && countries.length > 0 && countries.every((c) => c.profileId || (c.reasons || []).length);
  const verified = st === "PARTIALLY_CREATED" || settled;
  const cur = (cond) => (cond ? (st === "TIMED_OUT" ? "stopped" : "current") : "upcoming");
  const checking =
    reg.kind === "business"
      ? "Amazon is checking the business name and address against public records."
      : "Amazon is checking access to the selling-partner account.";
  return [
    submittedStage(reg, cur),
    {
      title: "Account ID assigned",
      text: "Saved to History so you can resume if you close the app.",
      // Amazon gives the account ID with its acceptance: both happen at once.
      state: reg.accountId ? "done" : "upcoming",
      at: eventAt(reg, "PENDING", "PARTIALLY_CREATED", "CREATED", "DISABLED"),
    },
    {
      title: "Pending verification",
      text: checking,
      state: st === "DISABLED" ? "failed" : verified ? "done" : cur(Boolean(reg.accountId)),
      at: eventAt(reg, "PENDING"),
    },
    profileStage(reg, verified, profilesDone, cur),
    {
      title: "Account ready",
      text: "Profile IDs and billing are on the next step.",
      state: profilesDone ? "done" : "upcoming",
      at: profilesDone ? eventAt(reg, "CREATED", "PARTLY_REFUSED") : null,
    },
  ];
}

const HEADLINES = {
  SUBMITTING: () => "Sending the registration to Amazon",
  PENDING: (reg) => (reg.kind === "business" ? "Amazon is verifying the business" : "Amazon is checking the account"),
  PARTIALLY_CREATED: () => "Some countries are ready; the rest are on their way",
  CREATED: (reg) =>
    stages(reg)[4].state === "done" ? "The account is ready" : "The account is created; its profile IDs are on the way",
  PARTLY_REFUSED: () => "Ready in some countries; Amazon refused the others",
  DISABLED: () => "Amazon didn't approve the account",
  REJECTED: () => "Amazon refused the registration",
  TIMED_OUT: () => "Amazon hasn't finished yet",
};
export const headline = (reg) => HEADLINES[reg.status]?.(reg) || "Registration";

const NODES = { done: () => icon("check", 12), current: () => spinner(12), failed: () => icon("x", 12) };
const SAID = { done: "done", current: "in progress", upcoming: "not yet", failed: "failed", stopped: "paused" };

function row() {
  return h(
    "li.tl-row",
    h("span.tl-node", { "aria-hidden": "true" }),
    h("div.tl-text", h("div.tl-title"), h("div.tl-sub")),
    h("span.tl-time.mono"),
    h("span.sr-only.tl-said"),
  );
}

const put = (el, text) => el.textContent !== text && (el.textContent = text);

/** The five rows, made once and then only changed where they differ. */
export function drawTimeline(el, reg) {
  if (el.children.length !== 5) clear(el, [1, 2, 3, 4, 5].map(row));
  stages(reg).forEach((x, i) => {
    const li = el.children[i];
    if (li.dataset.state !== x.state) {
      li.dataset.state = x.state;
      li.className = `tl-row tl-${x.state}`;
      clear(li.querySelector(".tl-node"), NODES[x.state]?.() || null);
      put(li.querySelector(".tl-said"), SAID[x.state]);
    }
    put(li.querySelector(".tl-title"), x.title);
    put(li.querySelector(".tl-sub"), x.text);
    put(li.querySelector(".tl-time"), x.at && x.state !== "upcoming" ? fmtTime(x.at) : "—");
  });
}
