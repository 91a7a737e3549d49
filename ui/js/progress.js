// Core's progress stream as the page hears it: how a sign-in ended, the agreement's status,
// a registration's status. The page waits on these; it polls for nothing.
import { api, listen, EVENTS } from "./api.js";
import * as store from "./store.js";

async function signedIn(p, app) {
  await app.refreshUsers().catch(() => store.set({ user: p.user || null }));
  store.set({ signin: { phase: "idle" }, terms: null });
  app.go("agreement");
}

/**
 * "cancelled" is not shown: the page already went back when the user cancelled, and
 * otherwise it ends a sign-in that a newer one replaced (core cancels the older first).
 */
function onSignIn(p, app) {
  if (p.phase === "signedIn") return signedIn(p, app);
  if (p.phase === "failed") store.set({ signin: { phase: "error", error: p.message, kind: p.errorKind } });
}

/** The agreement's last progress: it may arrive before the command that started the watch returns. */
let lastAgreement = null;

/** `terms` updated by progress `p`: a problem not mentioned again is over. */
const merged = (terms, p) => ({ ...terms, ...p, problem: p.problem ?? null });

/** `terms` with what was heard of it since. */
export const withHeard = (terms) =>
  lastAgreement && lastAgreement.termsToken === terms.termsToken ? merged(terms, lastAgreement) : terms;

function onAgreement(p, app) {
  lastAgreement = p;
  const s = store.get();
  if (!s.terms || s.terms.termsToken !== p.termsToken) return;
  store.set({ terms: merged(s.terms, p) });
  const here = s.view === "wizard" && s.step === "agreement";
  if (here && store.accepted(p)) app.go("details");
}

/** The last registration progress, of any registration: it may arrive before registration_start returns. */
let lastRegistration = null;

/** `reg`, or what was heard of it, whichever is newer. */
export const registrationHeard = (reg) =>
  lastRegistration?.id === reg.id && Date.parse(lastRegistration.updatedAt) >= Date.parse(reg.updatedAt)
    ? lastRegistration
    : reg;

function onRegistration(reg) {
  lastRegistration = reg;
  const cur = store.get().registration;
  if (!cur || cur.id === reg.id) store.set({ registration: reg });
}

/** Starts listening; resolves once every listener is in place. */
export function listenToProgress(app) {
  return Promise.all([
    listen(EVENTS.signin, (p) => onSignIn(p, app)),
    listen(EVENTS.agreement, (p) => onAgreement(p, app)),
    listen(EVENTS.registration, onRegistration),
  ]);
}

/**
 * Starts a sign-in. Its outcome may arrive before the command returns (a browser that
 * answers at once): the waiting screen is shown only if nothing arrived in between.
 */
export async function startSignIn() {
  const s = store.get();
  if (s.signin.phase === "starting") return;
  store.set({ signin: { phase: "starting" } });
  try {
    const started = await api.signInStart(s.region, s.keepSignedIn);
    if (store.get().signin.phase === "starting") store.set({ signin: { phase: "waiting", ...started } });
  } catch (e) {
    if (e.kind === "cancelled") store.set({ signin: { phase: "idle" } });
    else store.set({ signin: { phase: "error", error: e.message, kind: e.kind } });
  }
}

export function cancelSignIn() {
  store.set({ signin: { phase: "idle" } });
  api.signInCancel().catch(() => {});
}
