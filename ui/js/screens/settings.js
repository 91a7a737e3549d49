// Settings: where Ads Onboard signs in and registers. Stored by core, so the CLI sees the same.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, initials, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { copyField, callout } from "../layout.js";
import { toast } from "../toast.js";

function row(label, control, hint) {
  return h("div.set-row", h("div.set-label", label), h("div.set-control", control, hint ? h("div.field-hint", hint) : null));
}

export function mount(root, ctx) {
  const body = h("div.stack", h("div.card.loading", spinner(14), h("span", { text: "Loading settings…" })));
  const users = h("div");
  const findings = h("div");
  const saveMsg = h("span.footer-hint-inner", { role: "status" });

  async function load() {
    let s;
    try {
      s = await api.settings();
    } catch (e) {
      return clear(body, callout("danger", "alert", "Couldn't read settings", e.message));
    }
    let useSandbox = s.sandbox;
    const envSeg = h("div.segmented", { role: "radiogroup", "aria-label": "Environment" });
    const amazonOnly = h("div.stack-sm");
    const drawEnv = () => {
      clear(envSeg, [[true, "Sandbox (built in)", "flask"], [false, "Amazon", "globe"]].map(([v, label, ic]) =>
        h("button.seg", { type: "button", role: "radio", "aria-checked": String(useSandbox === v), dataset: { env: v ? "sandbox" : "amazon" },
          on: { click: () => { useSandbox = v; drawEnv(); } } }, icon(ic, 15), h("span", { text: label }))));
      amazonOnly.hidden = useSandbox;
    };
    const region = h("select.input.select#set-region", ["NA", "EU", "FE"].map((r) => h("option", { value: r, text: { NA: "North America", EU: "Europe", FE: "Far East" }[r], selected: r === s.region })));
    const clientId = h("input.input#set-client-id", { value: s.clientId || "", placeholder: "amzn1.application-oa2-client.…", spellcheck: "false" });
    const secret = h("input.input#set-client-secret", { type: "password", placeholder: s.hasClientSecret ? "Saved in the keychain; type to replace" : "Client secret", autocomplete: "off" });
    const redirect = h("input.input.mono#set-redirect", { value: s.redirectUri || "", spellcheck: "false" });
    const poll = h("input.input#set-poll", { type: "number", min: "1", max: "60", step: "1", value: String(Math.round((s.pollIntervalMs || 4000) / 1000)) });
    const billing = h("input.input#set-billing", { value: s.billingUrl || "", spellcheck: "false" });
    const legacy = h("input#set-legacy-scope", { type: "checkbox", checked: Boolean(s.legacyScope) });
    const profile = h("input#set-profile-scope", { type: "checkbox", checked: s.profileScope !== false });
    drawEnv();
    clear(amazonOnly,
      row(h("label", { for: "set-client-id", text: "LwA client ID" }), clientId, "From your Login with Amazon security profile, approved for the Amazon Ads API."),
      row(h("label", { for: "set-client-secret", text: "Client secret" }), secret, "Kept in the system keychain, never in the settings file."),
      row(h("label", { for: "set-legacy-scope", text: "Legacy scope" }), legacy,
        "Ask for cpc_advertising:campaign_management instead of advertising::campaign_management: only for LwA clients approved before October 2020 that Amazon refuses with invalid_scope."),
      row(h("label", { for: "set-profile-scope", text: "Name and email" }), profile,
        "Ask for the profile scope to show who signed in and warn about consumer email addresses. Untick if Amazon refuses it."));
    const save = async () => {
      const secs = Number(poll.value);
      if (!Number.isFinite(secs) || secs < 1 || secs > 60) {
        poll.focus();
        return clear(saveMsg, icon("alert", 14), h("span", { text: "Polling interval: 1 to 60 seconds" }));
      }
      if (!useSandbox && !clientId.value.trim()) {
        clientId.focus();
        return clear(saveMsg, icon("alert", 14), h("span", { text: "Enter the LwA client ID to use Amazon" }));
      }
      try {
        await api.saveSettings({
          region: region.value, clientId: useSandbox ? null : clientId.value.trim(), redirectUri: redirect.value.trim(),
          pollIntervalMs: Math.round(secs * 1000), billingUrl: billing.value.trim(),
          legacyScope: legacy.checked, profileScope: profile.checked,
        }, secret.value ? secret.value : null);
        secret.value = "";
        const info = await api.appInfo();
        store.set({ info, region: info.region });
        clear(saveMsg, icon("check", 14), h("span", { text: info.restartNeeded ? "Saved. Restart Ads Onboard to switch environment." : "Saved" }));
      } catch (e) {
        clear(saveMsg, icon("alert", 14), h("span", { text: e.message }));
      }
    };
    clear(body,
      s.envOverrides?.length ? callout("info", "info", null, `Set by environment variables, which take precedence: ${s.envOverrides.join(", ")}.`) : null,
      h("section.card.settings-card",
        row("Environment", envSeg, "The sandbox is Ads Onboard's own emulator on this computer: nothing reaches Amazon and no real accounts are created."),
        amazonOnly,
        row(h("label", { for: "set-redirect", text: "Redirect URI" }), redirect,
          "Where this computer receives the sign-in. With Amazon, add this exact URL (port and path included) under Allowed Return URLs in the LwA security profile's Web Settings."),
        row(h("label", { for: "set-region", text: "Region" }), region, "Where new advertisers run ads; also the host for /v2/profiles."),
        row(h("label", { for: "set-poll", text: "Polling interval (seconds)" }), poll, "How often to ask Amazon about a registration. Amazon advises every 3–5 seconds."),
        row(h("label", { for: "set-billing", text: "Billing setup page" }), billing, "Opened by Set up billing for businesses, vendors and authors; sellers go to Seller Central."),
        row("Data folder", copyField(s.dataDir || "", { ariaLabel: "Copy data folder path" }), "History, saved details and settings live here."),
        h("div.set-actions",
          button("Check setup", { iconName: "shield", id: "check-setup", onClick: checkSetup }),
          h("span.spacer"), saveMsg,
          button("Save settings", { kind: "primary", id: "settings-save", onClick: save }))),
      findings,
      users);
    drawUsers();
  }

  async function checkSetup() {
    clear(findings, h("div.card.loading", spinner(14), h("span", { text: "Checking…" })));
    try {
      const r = await api.checkSetup();
      clear(findings, h("section.card.findings", { dataset: { testid: "findings" } },
        (r || []).map((f) => h(`div.finding.finding-${f.level}`,
          icon(f.level === "ok" ? "checkCircle" : f.level === "warning" ? "warn" : "alert", 16),
          h("div", h("div.finding-title", { text: f.title }), f.detail ? h("div.muted", { text: f.detail }) : null)))));
    } catch (e) {
      clear(findings, callout("danger", "alert", "Check setup failed", e.message));
    }
  }

  async function drawUsers() {
    let u;
    try {
      u = await ctx.refreshUsers();
    } catch (e) {
      return clear(users, callout("warning", "warn", null, e.message));
    }
    const list = u.users || [];
    clear(users, h("section.section",
      h("h2.section-title", { text: "Signed-in users" }),
      list.length ? h("div.card.user-list", list.map((x) => h("div.user-row",
        h("span.avatar.filled", { "aria-hidden": "true", text: initials(x.name, x.email) }),
        h("div.user-card-text", h("div", h("strong", { text: x.name || x.email })), h("div.muted", { text: x.email || "" })),
        u.current?.id === x.id ? h("span.muted", { text: "Current" })
          : button("Switch", { size: "sm", onClick: () => api.switchUser(x.id).then(drawUsers).catch((e) => toast(e.message, "danger")) }),
        button("Sign out", { size: "sm", kind: "ghost", onClick: () => api.signOut(x.id).then(drawUsers).catch((e) => toast(e.message, "danger")) }))))
        : h("div.card.empty-inline", { text: "Nobody is signed in on this computer." })));
  }

  clear(root, h("div.screen", h("div.scroll", h("div.content",
    h("header.page-head", h("div.page-head-text",
      h("h1.title#settings-title", { tabindex: "-1", text: "Settings" }),
      h("p.lead", { text: "Where Ads Onboard signs in and registers accounts. The command-line tool reads the same settings." }))),
    body))));
  load();
  return null;
}
