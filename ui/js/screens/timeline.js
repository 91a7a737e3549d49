// A registration's five stages, from submitted to ready, and the headline over them.
import { h, clear, spinner, fmtTime } from "../dom.js";
import { icon } from "../icons.js";
import { countryName } from "./countries.js";

/** When the registration first reached one of `statuses`. */
export const eventAt = (reg, ...statuses) => (reg.events || []).find((e) => statuses.includes(e.status))?.at || null;

function profileStage(reg, verified, profilesDone, cur) {
  const countries = reg.countries || [];
  const ready = countries.filter((c) => c.profileId).length;
  const names = countries.map((c) => countryName(c.countryCode)).join(", ");
  return {
    title: "Creating country profiles",
    text: countries.length
      ? `One advertising profile for each country: ${ready} of ${countries.length} ready${names ? ` (${names})` : ""}.`
      : "One advertising profile for each country.",
    state: profilesDone ? "done" : verified ? cur(true) : "upcoming",
    at: eventAt(reg, "PARTIALLY_CREATED", "CREATED"),
  };
}

/** The five stages, each done / current / upcoming / failed / stopped. */
export function stages(reg) {
  const st = reg.status;
  const countries = reg.countries || [];
  const profilesDone = st === "CREATED" && countries.length > 0 && countries.every((c) => c.profileId);
  const verified = st === "PARTIALLY_CREATED" || st === "CREATED";
  const cur = (cond) => (cond ? (st === "TIMED_OUT" ? "stopped" : "current") : "upcoming");
  const checking =
    reg.kind === "business"
      ? "Amazon is checking the business name and address against public records."
      : "Amazon is checking access to the selling-partner account.";
  return [
    {
      title: "Submitted",
      text: "Amazon accepted the registration request.",
      state: reg.submittedAt ? "done" : "current",
      at: reg.submittedAt,
    },
    {
      title: "Account ID assigned",
      text: "Saved to History so you can resume if you close the app.",
      state: reg.accountId ? "done" : cur(Boolean(reg.submittedAt)),
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
      at: profilesDone ? eventAt(reg, "CREATED") : null,
    },
  ];
}

const HEADLINES = {
  SUBMITTING: () => "Sending the registration to Amazon",
  PENDING: (reg) => (reg.kind === "business" ? "Amazon is verifying the business" : "Amazon is checking the account"),
  PARTIALLY_CREATED: () => "Some countries are ready; the rest are on their way",
  CREATED: (reg) => (stages(reg)[4].state === "done" ? "The account is ready" : "Waiting for profile IDs"),
  TIMED_OUT: () => "Amazon hasn't finished yet",
};
export const headline = (reg) => HEADLINES[reg.status]?.(reg) || "Registration";

const NODES = { done: () => icon("check", 12), current: () => spinner(12), failed: () => icon("x", 12) };
const SAID = { done: "done", current: "in progress", upcoming: "not yet", failed: "failed", stopped: "paused" };

export function drawTimeline(el, reg) {
  clear(
    el,
    stages(reg).map((x) =>
      h(
        `li.tl-row.tl-${x.state}`,
        h("span.tl-node", { "aria-hidden": "true" }, NODES[x.state]?.() || null),
        h("div.tl-text", h("div.tl-title", { text: x.title }), h("div.tl-sub", { text: x.text })),
        h("span.tl-time.mono", { text: x.at && x.state !== "upcoming" ? fmtTime(x.at) : "—" }),
        h("span.sr-only", { text: SAID[x.state] }),
      ),
    ),
  );
}
