// Settings' card: the environment, the LwA client, where sign-in returns, the region, how
// often to check, the billing page. Core checks every value (settings_check) as it
// changes. Only what the user changed is sent, so untouched values (a region chosen in
// the wizard, an interval set by the environment) stay as they are.
import { h, clear } from "../dom.js";
import { icon } from "../icons.js";
import { copyField } from "../layout.js";
import { REGIONS } from "./regions.js";

/** Words for core's field names, to say which value a message is about. */
export const LABELS = {
  useAmazon: "Environment",
  region: "Region",
  clientId: "LwA client ID",
  redirectUri: "Redirect URI",
  pollIntervalMs: "Polling interval",
  billingUrl: "Billing setup page",
  legacyScope: "Legacy scope",
  profileScope: "Name and email",
};

/** Seconds as typed: 0.05 stays 0.05 (never rounded to 0). */
const seconds = (ms) => String(Number(((ms ?? 4000) / 1000).toFixed(3)));

function row(label, control, hint, key) {
  const msg = key ? h("div.field-msg", { id: `set-${key}-msg`, dataset: { field: key } }) : null;
  return h(
    "div.set-row",
    { dataset: key ? { field: key } : undefined },
    h("div.set-label", label),
    h("div.set-control", control, msg, hint ? h("div.field-hint", hint) : null),
  );
}
const labelFor = (id, text) => h("label", { for: id, text });
const described = (key) => ({ "aria-describedby": `set-${key}-msg` });

/** The inputs, filled with the settings `s`. `touched` collects what the user changed. */
export function controls(s) {
  const region = REGIONS.map((r) => h("option", { value: r.code, text: r.name, selected: r.code === s.region }));
  return {
    touched: new Set(),
    useSandbox: s.sandbox,
    env: h("div.segmented", { role: "radiogroup", "aria-label": "Environment", id: "set-env" }),
    amazonOnly: h("div.stack-sm"),
    region: h("select.input.select#set-region", described("region"), region),
    clientId: h("input.input#set-client-id", {
      value: s.clientId || "",
      placeholder: "amzn1.application-oa2-client.…",
      spellcheck: "false",
      ...described("clientId"),
    }),
    secret: h("input.input#set-client-secret", {
      type: "password",
      placeholder: s.hasClientSecret ? "Saved in the keychain; type to replace" : "Client secret",
      autocomplete: "off",
    }),
    redirect: h("input.input.mono#set-redirect", {
      value: s.redirectUri || "",
      spellcheck: "false",
      ...described("redirectUri"),
    }),
    poll: h("input.input#set-poll", {
      type: "number",
      step: "any",
      min: "0",
      value: seconds(s.pollIntervalMs),
      ...described("pollIntervalMs"),
    }),
    billing: h("input.input#set-billing", {
      value: s.billingUrl || "",
      spellcheck: "false",
      ...described("billingUrl"),
    }),
    legacy: h("input#set-legacy-scope", { type: "checkbox", checked: Boolean(s.legacyScope) }),
    profile: h("input#set-profile-scope", { type: "checkbox", checked: s.profileScope !== false }),
  };
}

/** Each input and the SettingsInput field it sets. */
export const FIELDS = {
  region: ["region", (c) => c.region.value],
  clientId: ["clientId", (c) => c.clientId.value.trim()],
  redirect: ["redirectUri", (c) => c.redirect.value.trim()],
  poll: [
    "pollIntervalMs",
    (c) => {
      const secs = Number(c.poll.value);
      return Math.max(0, Math.round((Number.isFinite(secs) ? secs : 0) * 1000));
    },
  ],
  billing: ["billingUrl", (c) => c.billing.value.trim()],
  legacy: ["legacyScope", (c) => c.legacy.checked],
  profile: ["profileScope", (c) => c.profile.checked],
};

/** What the form would save, as core's SettingsInput: only the values the user changed. */
export function settingsInput(c) {
  const out = {};
  for (const [key, [field, read]] of Object.entries(FIELDS)) if (c.touched.has(key)) out[field] = read(c);
  // The environment is core's to apply: Amazon needs a client ID, the sandbox drops it.
  if (c.touched.has("env")) {
    out.useAmazon = !c.useSandbox;
    if (!c.useSandbox) out.clientId = c.clientId.value.trim();
  }
  return out;
}

/** Arrow keys move the choice, as in any radio group; the chosen one is the tab stop. */
function onArrows(c, e) {
  const dir = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  if (!dir) return;
  e.preventDefault();
  choose(c, !c.useSandbox);
  c.env.querySelector('[aria-checked="true"]')?.focus();
}

function choose(c, sandbox) {
  if (c.useSandbox === sandbox) return;
  c.useSandbox = sandbox;
  c.touched.add("env");
  drawEnv(c);
  c.changed?.();
}

/** The two environments; choosing one shows or hides the Amazon-only rows, then calls `c.changed`. */
export function drawEnv(c) {
  const option = ([v, label, ic]) =>
    h(
      "button.seg",
      {
        type: "button",
        role: "radio",
        "aria-checked": String(c.useSandbox === v),
        tabindex: c.useSandbox === v ? "0" : "-1",
        dataset: { env: v ? "sandbox" : "amazon" },
        on: { click: () => choose(c, v) },
      },
      icon(ic, 15),
      h("span", { text: label }),
    );
  const had = c.env.contains(document.activeElement);
  clear(
    c.env,
    [
      [true, "Sandbox (built in)", "flask"],
      [false, "Amazon", "globe"],
    ].map(option),
  );
  if (!c.env.dataset.wired) {
    c.env.addEventListener("keydown", (e) => onArrows(c, e));
    c.env.dataset.wired = "true";
  }
  if (had) c.env.querySelector('[aria-checked="true"]')?.focus();
  c.amazonOnly.hidden = c.useSandbox;
}

function amazonRows(c) {
  return clear(
    c.amazonOnly,
    row(
      labelFor("set-client-id", "LwA client ID"),
      c.clientId,
      "From your Login with Amazon security profile, approved for the Amazon Ads API.",
      "clientId",
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
      "Ask for the profile scope to show who signed in and warn about personal email addresses. Uncheck it if Amazon refuses it.",
    ),
  );
}

/** Every row of the card. */
export function rows(c, s) {
  return [
    row(
      h("span#set-env-label", { text: "Environment" }),
      c.env,
      "The sandbox is Ads Onboard's own emulator on this computer: nothing reaches Amazon and no real accounts are created.",
      "useAmazon",
    ),
    amazonRows(c),
    row(
      labelFor("set-redirect", "Redirect URI"),
      c.redirect,
      "Where this computer receives the sign-in. With Amazon, add this exact URL (port and path included) under Allowed Return URLs in the LwA security profile's Web Settings.",
      "redirectUri",
    ),
    row(
      labelFor("set-region", "Region"),
      c.region,
      "Where new advertisers run ads, and where their profiles are listed. The wizard's choice on the sign-in step changes it too.",
      "region",
    ),
    row(
      labelFor("set-poll", "Polling interval (seconds)"),
      c.poll,
      "How often to ask Amazon about a registration. Amazon advises every 3–5 seconds.",
      "pollIntervalMs",
    ),
    row(
      labelFor("set-billing", "Billing setup page"),
      c.billing,
      "Opened by Set up billing for businesses, vendors and authors; sellers go to Seller Central.",
      "billingUrl",
    ),
    row(
      "Data folder",
      copyField(s.dataDir || "", { what: "data folder path" }),
      "History, saved details and settings live here.",
    ),
  ];
}
