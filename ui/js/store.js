// The wizard's state in one place. Screens read it and call `set`; subscribers re-render.
export const STEPS = ["signin", "agreement", "details", "registration", "account"];

const state = {
  info: null,
  user: null,
  users: [],
  view: "wizard",
  step: "signin",
  /** The furthest step reached, so going back keeps later steps marked done. */
  reached: 0,
  region: "NA",
  signin: { phase: "idle" },
  /** "Keep me signed in": off keeps the sign-in in memory only (a shared computer). */
  keepSignedIn: true,
  terms: null,
  draft: { kind: "business", fields: {}, attested: false },
  registration: null,
  historyCount: 0,
};

const subscribers = new Set();

export function get() {
  return state;
}

export function set(patch) {
  const p = typeof patch === "function" ? patch(state) : patch;
  Object.assign(state, p);
  if (!("reached" in p)) state.reached = state.user ? Math.max(state.reached, STEPS.indexOf(state.step)) : 0;
  for (const fn of subscribers) fn(state);
}

export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** Core's word on an agreement: ACCEPTED, or REDEEMED (used for an account, so accepted). */
export const accepted = (terms) => Boolean(terms) && (terms.status === "ACCEPTED" || terms.status === "REDEEMED");

/** How a rail step looks: done (visited), current, upcoming, or failed. */
export function stepStatus(s, step) {
  const i = STEPS.indexOf(step);
  const cur = STEPS.indexOf(s.step);
  const reg = s.registration;
  if (step === "registration" && reg && (reg.status === "DISABLED" || reg.status === "REJECTED")) return "failed";
  if (step === "account" && reg && reg.status === "CREATED" && s.step === "account") return "done";
  if (i === cur) return "current";
  if (i > cur && i > s.reached) return "upcoming";
  if (step === "registration" || step === "account") return reg ? "done" : "upcoming";
  return "done";
}
