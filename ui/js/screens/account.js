// Step 5: the account, its per-country profile and entity IDs, profiles, billing and export.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, pill, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyInline } from "../layout.js";
import { toast } from "../toast.js";
import { KINDS } from "../kinds.js";
import { regionName } from "./regions.js";
import { drawCountries, loadProfiles } from "./account-tables.js";
import { loadBilling } from "./billing.js";
import { exportGroup } from "./export.js";

function elapsedWords(reg) {
  const a = new Date(reg.submittedAt).getTime();
  const b = new Date(reg.finishedAt || reg.updatedAt).getTime();
  if (!a || !b || b < a) return null;
  const s = Math.round((b - a) / 1000);
  return s < 90 ? `Created in ${s} second${s === 1 ? "" : "s"}` : `Created in ${Math.round(s / 60)} minutes`;
}

const kv = (cls, k, ...v) => h(cls, h("div.k", { text: k }), h("div.v", ...v));

function summary(reg) {
  const d = reg.details || {};
  const business = reg.kind === "business";
  const who = business ? d.name : d.sellerCentralAccount || d.vendorGroup || d.authorEmail;
  return h(
    "div.card.summary",
    kv("div.kv", "Account name", { text: reg.accountName || "—" }),
    kv("div.kv", business ? "Legal business name" : "Associated with", { text: who || "—" }),
    kv("div.kv", "Status", pill(reg.status)),
    kv("div.kv.span-2", "Account ID", { dataset: { testid: "account-id" } }, copyInline(reg.accountId, "account ID")),
    kv("div.kv", "Account type", { text: KINDS[reg.kind]?.label || "Found at Amazon" }),
  );
}

function profileNote(reg) {
  const first = (reg.countries || []).find((c) => c.profileId);
  return h(
    "div.callout.callout-accent",
    icon("info", 16),
    h(
      "div.callout-body",
      h(
        "div.callout-text",
        h("strong", { text: "Other Amazon Ads APIs take the profile ID, not the account ID. " }),
        "For campaigns and reports, send ",
        first ? h("code", { text: String(first.profileId) }) : "a country's profile ID",
        " in the ",
        h("code", { text: "Amazon-Advertising-API-Scope" }),
        " header. During Amazon's beta, most APIs don't accept the account ID yet, and /v2/profiles doesn't list it.",
      ),
    ),
  );
}

// An account manager's client often signs in on the manager's computer.
function signOutButton(u, app) {
  const signOut = async () => {
    try {
      await api.signOut(u.id);
      await app.refreshUsers();
    } catch (e) {
      toast(e.message, "danger");
    }
  };
  const label = `Sign out ${u.name || u.email || ""}`.trim();
  return button(label, { kind: "ghost", id: "account-sign-out", onClick: signOut });
}

function registerAnother(app) {
  const draft = { ...store.get().draft, fields: {}, attested: false };
  store.set({ registration: null, terms: null, reached: 1, draft });
  // Each registration takes its own terms token, accepted like the first.
  app.go("agreement");
}

function accountFooter(s, app) {
  return footer({
    left: [
      button("View in History", { kind: "ghost", iconName: "clock", onClick: () => app.show("history") }),
      s.user ? signOutButton(s.user, app) : null,
    ],
    right: [
      button("Register another account", {
        iconName: "plus",
        id: "register-another",
        onClick: () => registerAnother(app),
      }),
    ],
  });
}

function frame(reg, s, app, body) {
  const partial = reg.status === "PARTIALLY_CREATED";
  const source = s.info?.sandbox ? "Sandbox" : "Amazon";
  const when = reg.submittedAt ? elapsedWords(reg) : "Listed by Amazon for this login";
  const sub = [when, source, regionName(reg.region || s.region)].filter(Boolean).join(" · ");
  return h(
    "div.screen",
    page({
      eyebrow: partial ? "Step 5 of 5 · Partly created" : "Step 5 of 5 · Complete",
      title: `${reg.accountName || "The account"} ${partial ? "is partly ready" : "is ready"}`,
      leading: h(`span.icon-tile.lg.${partial ? "warn" : "success"}`, icon(partial ? "clock" : "checkCircle", 22)),
      lead: h("p.lead", { text: sub }),
      actions: exportGroup([reg.id]),
      body,
      footer: accountFooter(s, app),
    }),
  );
}

export function mount(root, app, s) {
  let reg = s.registration;
  if (!reg) return app.go("details");
  const region = s.region || reg.region;
  const countries = h("div");
  const profiles = h("div", h("div.card.loading", spinner(14), h("span", { text: "Loading profiles…" })));
  const billing = h("div");
  const body = h("div.stack", summary(reg), countries, profileNote(reg), billing, profiles);
  clear(root, frame(reg, s, app, body));
  drawCountries(countries, reg);
  loadBilling(billing, reg);
  loadProfiles(profiles, region);
  const allProfiles = (r) => (r.countries || []).every((c) => c.profileId);
  return {
    update(st) {
      if (!st.registration || st.registration === reg || st.registration.id !== reg.id) return;
      const hadAll = allProfiles(reg);
      reg = st.registration;
      drawCountries(countries, reg);
      if (!hadAll && allProfiles(reg)) loadProfiles(profiles, region);
    },
  };
}
