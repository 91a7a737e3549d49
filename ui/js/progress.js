// Core's progress stream as the page hears it: how a sign-in ended, the agreement's status,
// a registration's status. The page waits on these; it polls for nothing.
import { api, listen, EVENTS } from "./api.js";
import * as store from "./store.js";
import { announce } from "./announce.js";
import { outcomeWords, profilesReady } from "./outcomes.js";

async function signedIn(p, app) {
  await app.refreshUsers().catch(() => store.set({ user: p.user || null }));
  store.set({ signin: { phase: "idle" }, terms: null });
  app.go("agreement");
}

/** The newest attempt core has numbered for this window; older attempts' words are late. */
let newest = 0;

/** Whether progress `p` is about the sign-in the window shows. */
function current(p) {
  const si = store.get().signin;
  // Before sign_in_start answers, the attempt is not known yet: any newer one is it.
  if (si.phase === "starting") return p.attempt > newest;
  return si.attempt === p.attempt;
}

/** A sign-in's end. Only the attempt shown counts: core cancels an older one when a new starts. */
function onSignIn(p, app) {
  if (!current(p)) return;
  if (p.phase === "signedIn") return signedIn(p, app);
  if (p.phase === "failed") {
    const error = { kind: p.errorKind, message: p.message, title: p.title, hint: p.hint };
    store.set({ signin: { phase: "error", error } });
    announce(`Sign-in didn't finish. ${p.title || p.message}`);
  }
  if (p.phase === "cancelled") store.set({ signin: { phase: "idle" } });
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
  const was = s.terms;
  store.set({ terms: merged(s.terms, p) });
  const here = s.view === "wizard" && s.step === "agreement";
  if (here && p.accepted) {
    announce("Amazon confirmed the agreement. Next: the advertiser's details.");
    app.go("details");
  } else if (p.expired && !was.expired)
    announce("This agreement link has expired at Amazon. Get a new one to continue.");
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
  if (cur && cur.id !== reg.id) return;
  // An outcome is said once, when it is reached (not when a screen is drawn again);
  // "ready" once the profile IDs are there too.
  const stage = (r) => `${r.status}${r.status === "CREATED" && profilesReady(r) ? ":ready" : ""}`;
  const said = cur && stage(cur) !== stage(reg) ? outcomeWords(reg) : null;
  store.set({ registration: reg });
  if (said) announce(said);
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
    newest = Math.max(newest, started.attempt || 0);
    if (store.get().signin.phase === "starting") store.set({ signin: { phase: "waiting", ...started } });
  } catch (e) {
    if (e.kind === "cancelled") store.set({ signin: { phase: "idle" } });
    else store.set({ signin: { phase: "error", error: e } });
  }
}

export function cancelSignIn() {
  store.set({ signin: { phase: "idle" } });
  api.signInCancel().catch(() => {});
}
