// The app as screens see it: where to go next, and the facts several screens refresh.
import { api } from "./api.js";
import * as store from "./store.js";

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
  /** Opens a registration (or an account at Amazon): the account view when created, else its progress. */
  openRegistration(reg) {
    const step = reg.status === "CREATED" || reg.status === "PARTIALLY_CREATED" ? "account" : "registration";
    store.set({ registration: reg, view: "wizard", step });
  },
};
