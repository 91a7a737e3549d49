// The app as screens see it: where to go next, and the facts several screens refresh.
import { api } from "./api.js";
import * as store from "./store.js";
import { KINDS, formDraft } from "./kinds.js";

export const app = {
  go(step) {
    store.set({ view: "wizard", step });
  },
  show(view) {
    store.set({ view });
  },
  async refreshUsers() {
    const u = await api.users();
    store.set({ user: u.current || null, users: u.users || [] });
    return u;
  },
  async refreshHistoryCount() {
    try {
      store.set({ historyCount: await api.historyCount() });
    } catch {
      /* the count is a nicety; History itself shows the error */
    }
  },
  /** Opens a registration (or an account at Amazon): the account view when usable, else its progress. */
  openRegistration(reg) {
    const usable = ["CREATED", "PARTIALLY_CREATED", "PARTLY_REFUSED"].includes(reg.status);
    // A refusal being fixed belonged to the registration shown before.
    store.set({ registration: reg, refusal: null, view: "wizard", step: usable ? "account" : "registration" });
  },
  /**
   * Back to the details of `reg` to fix them: its details in the form, and the fields
   * Amazon refused (core's `fieldErrors`, keyed like the inputs) marked there.
   */
  editDetails(reg) {
    const s = store.get();
    const fields = reg.fieldErrors && Object.keys(reg.fieldErrors).length ? reg.fieldErrors : null;
    // Filled in from elsewhere: the user confirms these details again before they are sent.
    const draft = KINDS[reg.details?.kind] ? { ...s.draft, ...formDraft(reg.details), attested: false } : s.draft;
    store.set({ draft, refusal: fields });
    this.go("details");
  },
  /**
   * A new account, from anywhere: every account needs its own acceptance of the
   * agreement, so the wizard goes through that step again (sign-in first if needed).
   */
  newAccount() {
    const s = store.get();
    // Details already registered are not the new account's; a draft not sent yet is kept.
    const draft = s.registration ? { ...s.draft, fields: {}, attested: false } : s.draft;
    store.set({ registration: null, terms: null, refusal: null, reached: s.user ? 1 : 0, draft });
    this.go(s.user ? "agreement" : "signin");
  },
};
