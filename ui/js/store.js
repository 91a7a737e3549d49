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
  /** A refused registration's field errors, for the details form the user goes back to. */
  refusal: null,
  /** A registration that could not be followed again at start: `{id, error}`. */
  resumeFailure: null,
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

/** Core's word on an agreement: accepted (ACCEPTED, or REDEEMED for an account). */
export const accepted = (terms) => Boolean(terms?.accepted);

/** Statuses after which nothing more happens to a registration. */
export const FINAL = new Set(["CREATED", "PARTLY_REFUSED", "DISABLED", "REJECTED"]);

/**
 * How a rail step looks: done (visited), current, upcoming, or failed. A refusal marks
 * Registration failed only while the wizard is on it: once the user moves on (to fix
 * the details), the old run's × goes.
 */
export function stepStatus(s, step) {
  const i = STEPS.indexOf(step);
  const cur = STEPS.indexOf(s.step);
  const reg = s.registration;
  const refused = reg && (reg.status === "DISABLED" || reg.status === "REJECTED");
  if (step === "registration" && refused && s.step === "registration") return "failed";
  const usable = reg && (reg.status === "CREATED" || reg.status === "PARTLY_REFUSED");
  if (step === "account" && usable && s.step === "account") return "done";
  if (i === cur) return "current";
  if (i > cur && i > s.reached) return "upcoming";
  // A refused run is behind the user once they moved on: the next registration is ahead.
  if (step === "registration" || step === "account") return reg && !refused ? "done" : "upcoming";
  return "done";
}
