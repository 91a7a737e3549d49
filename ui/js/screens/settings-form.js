// Settings' card: the environment, the LwA client, where sign-in returns, the region, how
// often to check, the billing page. Core checks every value (settings_check) as it changes.
import { h, clear } from "../dom.js";
import { icon } from "../icons.js";
import { copyField } from "../layout.js";

/** Words for core's field names, to say which value a message is about. */
export const LABELS = {
  region: "Region",
  clientId: "LwA client ID",
  redirectUri: "Redirect URI",
  pollIntervalMs: "Polling interval",
  billingUrl: "Billing setup page",
  legacyScope: "Legacy scope",
  profileScope: "Name and email",
};
const REGION_NAMES = { NA: "North America", EU: "Europe", FE: "Far East" };

function row(label, control, hint) {
  return h(
    "div.set-row",
    h("div.set-label", label),
    h("div.set-control", control, hint ? h("div.field-hint", hint) : null),
  );
}
const labelFor = (id, text) => h("label", { for: id, text });

/** The inputs, filled with the settings `s`. */
export function controls(s) {
  const region = ["NA", "EU", "FE"].map((r) =>
    h("option", { value: r, text: REGION_NAMES[r], selected: r === s.region }),
  );
  return {
    useSandbox: s.sandbox,
    env: h("div.segmented", { role: "radiogroup", "aria-label": "Environment" }),
    amazonOnly: h("div.stack-sm"),
    region: h("select.input.select#set-region", region),
    clientId: h("input.input#set-client-id", {
      value: s.clientId || "",
      placeholder: "amzn1.application-oa2-client.…",
      spellcheck: "false",
    }),
    secret: h("input.input#set-client-secret", {
      type: "password",
      placeholder: s.hasClientSecret ? "Saved in the keychain; type to replace" : "Client secret",
      autocomplete: "off",
    }),
    redirect: h("input.input.mono#set-redirect", { value: s.redirectUri || "", spellcheck: "false" }),
    poll: h("input.input#set-poll", {
      type: "number",
      step: "any",
      value: String((s.pollIntervalMs || 4000) / 1000),
    }),
    billing: h("input.input#set-billing", { value: s.billingUrl || "", spellcheck: "false" }),
    legacy: h("input#set-legacy-scope", { type: "checkbox", checked: Boolean(s.legacyScope) }),
    profile: h("input#set-profile-scope", { type: "checkbox", checked: s.profileScope !== false }),
  };
}

/** What the form would save, as core's SettingsInput; the sandbox is no client ID. */
export function settingsInput(c) {
  const secs = Number(c.poll.value);
  return {
    region: c.region.value,
    clientId: c.useSandbox ? "" : c.clientId.value.trim(),
    redirectUri: c.redirect.value.trim(),
    pollIntervalMs: Math.max(0, Math.round((Number.isFinite(secs) ? secs : 0) * 1000)),
    billingUrl: c.billing.value.trim(),
    legacyScope: c.legacy.checked,
    profileScope: c.profile.checked,
  };
}

/** The two environments; choosing one shows or hides the Amazon-only rows, then calls `c.changed`. */
export function drawEnv(c) {
  const choice = ([v, label, ic]) =>
    h(
      "button.seg",
      {
        type: "button",
        role: "radio",
        "aria-checked": String(c.useSandbox === v),
        dataset: { env: v ? "sandbox" : "amazon" },
        on: { click: () => ((c.useSandbox = v), drawEnv(c), c.changed?.()) },
      },
      icon(ic, 15),
      h("span", { text: label }),
    );
  clear(
    c.env,
    [
      [true, "Sandbox (built in)", "flask"],
      [false, "Amazon", "globe"],
    ].map(choice),
  );
  c.amazonOnly.hidden = c.useSandbox;
}

function amazonRows(c) {
  return clear(
    c.amazonOnly,
    row(
      labelFor("set-client-id", "LwA client ID"),
      c.clientId,
      "From your Login with Amazon security profile, approved for the Amazon Ads API.",
    ),
    row(
      labelFor("set-client-secret", "Client secret"),
      c.secret,
      "Kept in the system keychain, never in the settings file.",
    ),
    row(
      labelFor("set-legacy-scope", "Legacy scope"),
      c.legacy,
      "Ask for cpc_advertising:campaign_management instead of advertising::campaign_management: only for LwA clients approved before October 2020 that Amazon refuses with invalid_scope.",
    ),
    row(
      labelFor("set-profile-scope", "Name and email"),
      c.profile,
      "Ask for the profile scope to show who signed in and warn about consumer email addresses. Untick if Amazon refuses it.",
    ),
  );
}

/** Every row of the card; `actions` ends it. */
export function rows(c, s, actions) {
  return [
    row(
      "Environment",
      c.env,
      "The sandbox is Ads Onboard's own emulator on this computer: nothing reaches Amazon and no real accounts are created.",
    ),
    amazonRows(c),
    row(
      labelFor("set-redirect", "Redirect URI"),
      c.redirect,
      "Where this computer receives the sign-in. With Amazon, add this exact URL (port and path included) under Allowed Return URLs in the LwA security profile's Web Settings.",
    ),
    row(labelFor("set-region", "Region"), c.region, "Where new advertisers run ads; also the host for /v2/profiles."),
    row(
      labelFor("set-poll", "Polling interval (seconds)"),
      c.poll,
      "How often to ask Amazon about a registration. Amazon advises every 3–5 seconds.",
    ),
    row(
      labelFor("set-billing", "Billing setup page"),
      c.billing,
      "Opened by Set up billing for businesses, vendors and authors; sellers go to Seller Central.",
    ),
    row(
      "Data folder",
      copyField(s.dataDir || "", { ariaLabel: "Copy data folder path" }),
      "History, saved details and settings live here.",
    ),
    actions,
  ];
}
