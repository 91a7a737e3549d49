// Step 5: the account, its per-country profile and entity IDs, profiles, billing and export.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, externalButton, pill, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyInline, callout } from "../layout.js";
import { toast } from "../toast.js";
import { KINDS } from "../validate.js";
import { regionName } from "./signin.js";

const COUNTRY_NAMES = {
  US: "United States", CA: "Canada", MX: "Mexico", BR: "Brazil", UK: "United Kingdom", GB: "United Kingdom",
  DE: "Germany", FR: "France", IT: "Italy", ES: "Spain", NL: "Netherlands", SE: "Sweden", PL: "Poland",
  BE: "Belgium", TR: "Türkiye", AE: "United Arab Emirates", SA: "Saudi Arabia", EG: "Egypt", IN: "India",
  ZA: "South Africa", IE: "Ireland", JP: "Japan", AU: "Australia", SG: "Singapore",
};
export const countryName = (code) => COUNTRY_NAMES[code] || code;

const BILLING_WORDS = {
  VALID_BILLING_STATUS: ["Billing active", "success"],
  PENDING_BILLING_REGISTRATION: ["Billing setup needed", "warning"],
  PENDING_PAYMENT_REGISTRATION: ["Payment method needed", "warning"],
  PENDING_TAX_REGISTRATION: ["Tax details needed", "warning"],
};

/** Export: JSON | CSV | Copy. `ids` is a list of registration IDs, or a function giving one. */
export function exportGroup(ids) {
  const list = () => (typeof ids === "function" ? ids() : ids);
  const run = async (format) => {
    try {
      const r = await api.exportSave(list(), format);
      if (r && r.path) toast(`Saved ${r.path}`, "success");
    } catch (e) {
      toast(`Export failed: ${e.message}`, "danger");
    }
  };
  const copy = async () => {
    try {
      await api.copyText(await api.exportText(list(), "json"));
      toast("Copied as JSON", "success");
    } catch (e) {
      toast(`Copy failed: ${e.message}`, "danger");
    }
  };
  return h("div.export", h("span.muted", { text: "Export" }),
    h("div.btn-group", { role: "group", "aria-label": "Export" },
      button("JSON", { size: "sm", iconName: "download", id: "export-json", onClick: () => run("json") }),
      button("CSV", { size: "sm", id: "export-csv", onClick: () => run("csv") }),
      button("Copy", { size: "sm", iconName: "copy", id: "export-copy", onClick: copy })));
}

function elapsedWords(reg) {
  const a = new Date(reg.submittedAt).getTime();
  const b = new Date(reg.finishedAt || reg.updatedAt).getTime();
  if (!a || !b || b < a) return null;
  const s = Math.round((b - a) / 1000);
  return s < 90 ? `Created in ${s} second${s === 1 ? "" : "s"}` : `Created in ${Math.round(s / 60)} minutes`;
}

export function mount(root, ctx, s) {
  let reg = s.registration;
  if (!reg) {
    ctx.go("details");
    return null;
  }
  const countriesSlot = h("div");
  const profilesSlot = h("div", h("div.card.loading", spinner(14), h("span", { text: "Loading profiles…" })));
  const billingSlot = h("div");

  function drawCountries() {
    const cs = reg.countries || [];
    clear(countriesSlot,
      h("div.section-head", h("h2.section-title", { text: "Countries" }),
        h("span.muted", { text: `${cs.length} countr${cs.length === 1 ? "y" : "ies"} · a profile is created for each` })),
      h("div.card.table-card", h("table.table", { dataset: { testid: "countries" } },
        h("thead", h("tr", ["Country", "Profile ID", "Entity ID", "Status"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", cs.length ? cs.map((c) => h("tr", { dataset: { country: c.countryCode } },
          h("td", h("span.chip.mono", { text: c.countryCode }), " ", countryName(c.countryCode)),
          h("td.profile-id", c.profileId ? copyInline(c.profileId, "profile ID") : h("span.muted", spinner(12), " arriving…")),
          h("td", copyInline(c.entityId, "entity ID")),
          h("td.right", c.profileId ? pill("ACTIVE", "Active") : pill("PENDING", "Waiting for profile")))) :
          h("tr", h("td", { colspan: "4", class: "muted", text: "Amazon hasn't listed the countries yet." }))))));
  }

  async function loadProfiles() {
    try {
      const list = await api.profiles(s.region || reg.region);
      clear(profilesSlot,
        h("div.section-head", h("h2.section-title", { text: "Profiles you can use" }),
          h("span.muted", { text: `From /v2/profiles for ${regionName(s.region || reg.region)}` })),
        list.length ? h("div.card.table-card", h("table.table", { dataset: { testid: "profiles" } },
          h("thead", h("tr", ["Name", "Country", "Type", "Profile ID"].map((t) => h("th", { scope: "col", text: t })))),
          h("tbody", list.map((p) => h("tr",
            h("td", { text: p.name || "—" }), h("td", h("span.chip.mono", { text: p.countryCode })),
            h("td", { text: p.type || "—" }), h("td", copyInline(p.profileId, "profile ID")))))))
          : h("div.card.empty-inline", { text: "No profiles in this region yet. Amazon can take a few seconds to list a new account's profiles." }));
    } catch (e) {
      clear(profilesSlot, callout("warning", "warn", "Couldn't load profiles", e.message, button("Retry now", { size: "sm", onClick: loadProfiles })));
    }
  }

  async function loadBilling() {
    clear(billingSlot, h("div.card.billing", h("span.icon-tile.warn", icon("card", 18)),
      h("div.billing-text", h("div.billing-title", h("strong", { text: "Billing" }), spinner(12)))));
    let b;
    try {
      b = await api.billingStatus(reg.id);
    } catch (e) {
      b = { statuses: [], setupUrl: null, error: e.message };
    }
    const first = (b.statuses || [])[0];
    const [words, tone] = first ? BILLING_WORDS[first.code] || [first.code.replaceAll("_", " ").toLowerCase(), "warning"] : [null, null];
    const where = (reg.countries || []).map((c) => countryName(c.countryCode)).join(", ") || "this account";
    const text = first?.message || (first?.code === "VALID_BILLING_STATUS"
      ? `Billing is set up for ${where}.`
      : reg.kind === "seller"
        ? `Sellers set up billing in Seller Central. Ads won't run in ${where} until a payment method is added.`
        : `Ads won't run until a payment method is added for ${where}.`) + (b.note && !first ? ` ${b.note}` : "");
    clear(billingSlot, h("div.card.billing", { dataset: { testid: "billing" } },
      h("span.icon-tile.warn", icon("card", 18)),
      h("div.billing-text",
        h("div.billing-title", h("strong", { text: "Billing" }), words ? pill(first.code, words, tone) : null),
        h("div.muted", { text: b.error ? `Couldn't read the billing status: ${b.error}` : text })),
      b.setupUrl ? externalButton(reg.kind === "seller" ? "Open Seller Central" : "Set up billing",
        () => api.openUrl(b.setupUrl).catch((e) => toast(e.message, "danger")), { kind: "primary", id: "billing-setup" }) : null));
  }

  const first = (reg.countries || []).find((c) => c.profileId);
  const d = reg.details || {};
  const summary = h("div.card.summary",
    h("div.kv", h("div.k", { text: "Account name" }), h("div.v", { text: reg.accountName || "—" })),
    h("div.kv", h("div.k", { text: reg.kind === "business" ? "Legal business name" : "Associated with" }),
      h("div.v", { text: reg.kind === "business" ? d.name || "—" : d.sellerCentralAccount || d.vendorGroup || d.authorEmail || "—" })),
    h("div.kv", h("div.k", { text: "Status" }), h("div.v", pill(reg.status))),
    h("div.kv.span-2", h("div.k", { text: "Account ID" }), h("div.v", { dataset: { testid: "account-id" } }, copyInline(reg.accountId, "account ID"))),
    h("div.kv", h("div.k", { text: "Account type" }), h("div.v", { text: KINDS[reg.kind]?.label || "Found at Amazon" })));
  const note = h("div.callout.callout-accent", icon("info", 16),
    h("div.callout-body", h("div.callout-text",
      h("strong", { text: "Other Amazon Ads APIs take the profile ID, not the account ID. " }),
      "For campaigns and reports, send ", first ? h("code", { text: String(first.profileId) }) : "a country's profile ID",
      " in the ", h("code", { text: "Amazon-Advertising-API-Scope" }),
      " header. During Amazon's beta, most APIs don't accept the account ID yet, and /v2/profiles doesn't list it.")));

  const partial = reg.status === "PARTIALLY_CREATED";
  const sub = [reg.submittedAt ? elapsedWords(reg) : "Listed by Amazon for this login", s.info?.sandbox ? "Sandbox" : "Amazon", regionName(reg.region || s.region)].filter(Boolean).join(" · ");
  clear(root, h("div.screen", page({
    eyebrow: partial ? "Step 5 of 5 · Partly created" : "Step 5 of 5 · Complete",
    title: `${reg.accountName || "The account"} ${partial ? "is partly ready" : "is ready"}`,
    leading: h(`span.icon-tile.lg.${partial ? "warn" : "success"}`, icon(partial ? "clock" : "checkCircle", 22)),
    lead: h("p.lead", { text: sub }),
    actions: exportGroup([reg.id]),
    body: h("div.stack", summary, countriesSlot, note, billingSlot, profilesSlot),
    footer: footer({
      left: [
        button("View in History", { kind: "ghost", iconName: "clock", onClick: () => ctx.show("history") }),
        // An account manager's client often signs in on the manager's computer.
        s.user ? button(`Sign out ${s.user.name || s.user.email || ""}`.trim(), { kind: "ghost", id: "account-sign-out", onClick: async () => {
          try {
            await api.signOut(s.user.id);
            await ctx.refreshUsers();
          } catch (e) {
            toast(e.message, "danger");
          }
        } }) : null,
      ],
      right: [button("Register another account", { iconName: "plus", id: "register-another", onClick: () => {
        store.set({ registration: null, terms: null, reached: 1, draft: { ...store.get().draft, fields: {}, attested: false } });
        // Each registration takes its own terms token, accepted like the first.
        ctx.go("agreement");
      } })],
    }),
  })));
  drawCountries();
  loadBilling();
  loadProfiles();
  return {
    update(st) {
      if (st.registration && st.registration !== reg && st.registration.id === reg.id) {
        const hadAll = (reg.countries || []).every((c) => c.profileId);
        reg = st.registration;
        drawCountries();
        if (!hadAll && (reg.countries || []).every((c) => c.profileId)) loadProfiles();
      }
    },
  };
}
