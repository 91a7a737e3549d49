// The one door between the page and the app: every command and event goes through here.
// Errors from commands arrive as {kind, message, fields, title, hint, requestId}: core's
// plain words (title, hint) beside the technical message; they are rethrown as ApiError.

export class ApiError extends Error {
  constructor(e) {
    const isObj = e && typeof e === "object";
    super(isObj ? e.message || String(e.kind) : String(e));
    this.kind = isObj ? e.kind || "other" : "other";
    this.fields = isObj ? e.fields || null : null;
    this.title = isObj ? e.title || null : null;
    this.hint = isObj ? e.hint || null : null;
    this.requestId = isObj ? e.requestId || null : null;
  }
}

async function call(cmd, args) {
  try {
    return await window.__TAURI_INTERNALS__.invoke(cmd, args);
  } catch (e) {
    throw new ApiError(e);
  }
}

/** Subscribes to an app event; resolves to a function that unsubscribes. */
export async function listen(event, handler) {
  const internals = window.__TAURI_INTERNALS__;
  const id = internals.transformCallback((e) => handler(e.payload));
  const eventId = await internals.invoke("plugin:event|listen", { event, target: { kind: "Any" }, handler: id });
  // Drop the page-side callback too: Tauri keeps it (and all its closure holds) until told.
  return () => {
    internals.unregisterCallback(id);
    return internals.invoke("plugin:event|unlisten", { event, eventId }).catch(() => {});
  };
}

export const api = {
  appInfo: () => call("app_info"),
  settings: () => call("settings_get"),
  checkSettings: (settings) => call("settings_check", { settings }),
  saveSettings: (settings, clientSecret) => call("settings_save", { settings, clientSecret: clientSecret ?? null }),
  checkSetup: () => call("check_setup"),

  users: () => call("users_list"),
  signInStart: (region, keepSignedIn) => call("sign_in_start", { region, keepSignedIn }),
  signInCancel: () => call("sign_in_cancel"),
  switchUser: (userId) => call("users_switch", { userId }),
  signOut: (userId) => call("users_sign_out", { userId }),

  agreementStart: () => call("agreement_start"),
  agreementResume: (terms) => call("agreement_resume", { terms }),
  agreementCheckNow: () => call("agreement_check_now"),

  checkDetails: (details) => call("details_check", { details }),
  register: (details, terms) => call("registration_start", { details, terms: terms ?? null }),
  /** A registration made here, or an account at Amazon, by either's ID. */
  registration: (id) => call("registration_get", { id }),
  checkNow: (id) => call("registration_check_now", { id }),
  stopChecking: (id) => call("registration_stop", { id }),
  resume: (id) => call("registration_resume", { id }),
  profiles: (region) => call("profiles_list", { region }),
  billingStatus: (id) => call("billing_status", { id }),

  history: () => call("history_list"),
  historyAccounts: () => call("history_accounts"),
  historyCount: () => call("history_count"),
  /** `ids`: registration IDs and ads account IDs alike. */
  exportSave: (ids, format) => call("export_save", { ids, format }),
  exportText: (ids, format) => call("export_text", { ids, format }),

  savedDetails: () => call("details_saved"),
  importDetails: () => call("details_import"),

  openUrl: (url) => call("open_url", { url }),
  copyText: (text) => call("copy_text", { text }),
  uiState: () => call("ui_state_get"),
  saveUiState: (state) => call("ui_state_set", { stateValue: state }),
};

/** Core's one progress stream, as window events. */
export const EVENTS = {
  signin: "signin://progress",
  agreement: "agreement://progress",
  registration: "registration://progress",
};
