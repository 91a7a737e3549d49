// The wizard's state in one place. Screens read it and call `set`; subscribers re-render.
export const STEPS = ["signin", "agreement", "details", "registration", "account"];

const state = {
  info: null,
  user: null,
  users: [],
  view: "wizard",
  step: "signin",
  region: "NA",
  signin: { phase: "idle" },
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
  Object.assign(state, typeof patch === "function" ? patch(state) : patch);
  for (const fn of subscribers) fn(state);
}

export function subscribe(fn) {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

/** Steps the user has finished, from what is known (so the rail shows checks). */
export function stepStatus(s, step) {
  const i = STEPS.indexOf(step);
  const cur = STEPS.indexOf(s.step);
  const reg = s.registration;
  if (step === "registration" && reg && (reg.status === "DISABLED" || reg.status === "REJECTED")) return "failed";
  if (step === "account" && reg && reg.status === "CREATED" && s.step === "account") return "done";
  if (i < cur) return "done";
  if (i === cur) return "current";
  return "upcoming";
}
