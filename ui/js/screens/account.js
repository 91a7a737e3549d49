// Step 5: the account, its per-country profile and entity IDs, profiles, billing and export.
// Its title says what is true: created while profile IDs are on their way, ready once they
// are there, ready in part when Amazon refused some countries for good.
import { api } from "../api.js";
import { h, clear, button, pill, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { page, footer, copyInline, disclosure, problem } from "../layout.js";
import { KINDS } from "../kinds.js";
import { profilesReady, refusedCountries } from "../outcomes.js";
import { regionName } from "./regions.js";
import { drawCountries, loadProfiles } from "./account-tables.js";
import { loadBilling } from "./billing.js";
import { exportGroup } from "./export.js";
import { refusedSection } from "./account-refused.js";

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
    kv("div.kv", "Account type", { text: KINDS[reg.kind]?.label || "Registered outside Ads Onboard" }),
  );
}

/** For whoever sets up campaigns: which ID to use, the API's words folded away. */
function profileNote(reg) {
  const first = (reg.countries || []).find((c) => c.profileId);
  const dev = h(
    "div.tech-body",
    h(
      "p.tech-text",
      "Send the profile ID",
      first ? [" (", h("code", { text: String(first.profileId) }), ")"] : null,
      " in the ",
      h("code", { text: "Amazon-Advertising-API-Scope" }),
      " header. During Amazon's beta, most Amazon Ads APIs don't accept the account ID yet, and the profiles list (",
      h("code", { text: "/v2/profiles" }),
      ") doesn't show it.",
    ),
  );
  return h(
    "div.callout.callout-accent",
    icon("info", 16),
    h(
      "div.callout-body",
      h(
        "div.callout-text",
        h("strong", { text: "Campaigns and reports use a country's profile ID, not the account ID. " }),
        "Give the profile ID of each country to whoever sets up the campaigns.",
      ),
      disclosure("For developers", "Amazon Ads API", dev, { flat: true }),
    ),
  );
}

// An account manager's client often signs in on the manager's computer.
function signOutButton(u, app, slot) {
  const signOut = async () => {
    try {
      await api.signOut(u.id);
      clear(slot);
      await app.refreshUsers();
    } catch (e) {
      clear(slot, problem(e, { title: "Couldn't sign out" }));
    }
  };
  const label = `Sign out ${u.name || u.email || ""}`.trim();
  return button(label, { kind: "ghost", id: "account-sign-out", onClick: signOut });
}

function accountFooter(s, app, slot) {
  return footer({
    left: [
      button("View in History", { kind: "ghost", iconName: "clock", onClick: () => app.show("history") }),
      s.user ? signOutButton(s.user, app, slot) : null,
    ],
    right: [
      button("Register another account", { iconName: "plus", id: "register-another", onClick: () => app.newAccount() }),
    ],
  });
}

/** The title, eyebrow and icon: what is true of the account now. */
function state(reg) {
  const name = reg.accountName || "The account";
  if (reg.status === "PARTLY_REFUSED")
    return { eyebrow: "Step 5 of 5 · Partly refused", title: `${name} is ready in some countries`, tone: "warn" };
  if (reg.status === "PARTIALLY_CREATED")
    return { eyebrow: "Step 5 of 5 · Partly created", title: `${name} is partly created`, tone: "warn" };
  if (reg.status === "CREATED" && !profilesReady(reg))
    return {
      eyebrow: "Step 5 of 5 · Created",
      title: `${name} is created; its profile IDs are on the way`,
      tone: "wait",
    };
  return { eyebrow: "Step 5 of 5 · Complete", title: `${name} is ready`, tone: "success" };
}

const TONE_ICONS = { warn: ["warn", "clock"], wait: ["accent", "clock"], success: ["success", "checkCircle"] };

function frame(reg, s, app, body, slot, exporter) {
  const source = s.info?.sandbox ? "Sandbox" : "Amazon";
  const when = reg.submittedAt ? elapsedWords(reg) : "Registered outside Ads Onboard";
  const sub = [when, source, regionName(reg.region || s.region)].filter(Boolean).join(" · ");
  const st = state(reg);
  const [tile, ic] = TONE_ICONS[st.tone];
  return h(
    "div.screen",
    page({
      eyebrow: st.eyebrow,
      title: st.title,
      leading: h(`span.icon-tile.lg.${tile}.account-tile`, icon(ic, 22)),
      lead: h("p.lead", { text: sub }),
      actions: exporter.group,
      body,
      footer: accountFooter(s, app, slot),
    }),
  );
}

/** Title, eyebrow and icon again, in place, when the account's state moved. */
function retitle(root, reg) {
  const st = state(reg);
  const title = root.querySelector(".title");
  if (title.textContent === st.title) return;
  title.textContent = st.title;
  root.querySelector(".eyebrow").textContent = st.eyebrow;
  const [tile, ic] = TONE_ICONS[st.tone];
  const el = root.querySelector(".account-tile");
  el.className = `icon-tile lg ${tile} account-tile`;
  clear(el, icon(ic, 22));
}

export function mount(root, app, s) {
  let reg = s.registration;
  if (!reg) return app.go("details");
  const region = s.region || reg.region;
  const countries = h("div");
  const refused = h("div.slot");
  const profiles = h("div", h("div.card.loading", spinner(14), h("span", { text: "Loading profiles…" })));
  const billing = h("div.stack-sm");
  const slot = h("div.slot");
  const exporter = exportGroup([reg.id]);
  const body = h(
    "div.stack",
    exporter.status,
    slot,
    summary(reg),
    countries,
    refused,
    profileNote(reg),
    billing,
    profiles,
  );
  clear(root, frame(reg, s, app, body, slot, exporter));
  drawCountries(countries, reg);
  clear(refused, refusedCountries(reg).length ? refusedSection(reg) : null);
  loadBilling(billing, reg);
  loadProfiles(profiles, region);
  return {
    update(st) {
      if (!st.registration || st.registration === reg || st.registration.id !== reg.id) return;
      const hadAll = profilesReady(reg);
      reg = st.registration;
      drawCountries(countries, reg);
      clear(refused, refusedCountries(reg).length ? refusedSection(reg) : null);
      retitle(root, reg);
      if (!hadAll && profilesReady(reg)) loadProfiles(profiles, region);
    },
  };
}
