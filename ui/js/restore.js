// Where the wizard was left: saved as the user goes, and restored at start, so closing the
// window loses nothing (a registration in progress is followed again).
import { api } from "./api.js";
import * as store from "./store.js";

let lastSaved = "";
let timer = null;

/** Saves now when something worth keeping changed. */
export function persist(s) {
  if (!s.info) return;
  const t = s.terms;
  const ui = {
    step: s.step,
    region: s.region,
    registrationId: s.registration?.id || null,
    terms: t ? { termsToken: t.termsToken, termsUrl: t.termsUrl, userId: t.userId } : null,
    draft: s.draft,
  };
  const text = JSON.stringify(ui);
  if (text === lastSaved) return;
  lastSaved = text;
  api.saveUiState(ui).catch(() => {});
}

/** Saves once typing pauses. */
export function schedulePersist() {
  clearTimeout(timer);
  timer = setTimeout(() => persist(store.get()), 400);
}

async function savedRegistration(id) {
  try {
    return await api.registration(id);
  } catch {
    return null;
  }
}

/** The step to open: sign-in for nobody, Details when the registration is gone. */
function stepFor(ui, patch) {
  const step = store.STEPS.includes(ui.step) ? ui.step : "signin";
  if (!patch.user) return "signin";
  if ((step === "registration" || step === "account") && !patch.registration) return "details";
  return step;
}

async function fromSaved(ui, patch) {
  if (ui.region) patch.region = ui.region;
  if (ui.draft && typeof ui.draft === "object") {
    patch.draft = { kind: "business", fields: {}, attested: false, ...ui.draft };
  }
  // Its status is unknown until the agreement step asks core to watch it again.
  if (ui.terms?.termsToken) patch.terms = { ...ui.terms };
  if (ui.registrationId && patch.user) patch.registration = await savedRegistration(ui.registrationId);
  patch.step = stepFor(ui, patch);
}

export async function restore(info, users, ui) {
  const patch = { info, user: users.current || null, users: users.users || [], region: info.region || "NA" };
  if (ui && typeof ui === "object") await fromSaved(ui, patch);
  else if (patch.user) patch.step = "agreement";
  store.set(patch);
  // Coming back to a registration core still has work on: follow it again.
  const reg = store.get().registration;
  // If that fails, the registration's screen says so where it can be retried.
  if (reg?.resumable && !reg.polling)
    api.resume(reg.id).catch((error) => store.set({ resumeFailure: { id: reg.id, error } }));
}
