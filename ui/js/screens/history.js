// History: every registration made on this computer, and the accounts the signed-in user
// already has at Amazon; searchable, each openable and exportable.
import { api } from "../api.js";
import { toast } from "../toast.js";
import * as store from "../store.js";
import { h, clear, button, pill, fmtDate, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { callout } from "../layout.js";
import { KINDS } from "../validate.js";
import { exportGroup } from "./account.js";

const FILTERS = [
  ["ALL", "All"], ["CREATED", "Created"], ["PENDING", "Pending"], ["PARTIALLY_CREATED", "Partially created"],
  ["DISABLED", "Disabled"], ["TIMED_OUT", "Timed out"],
];

function haystack(r) {
  const d = r.details || {};
  return [r.accountName, r.accountId, d.name, d.sellerCentralAccount, d.vendorGroup, d.authorEmail,
    ...(r.countries || []).flatMap((c) => [c.countryCode, c.profileId, c.entityId])]
    .filter((x) => x !== undefined && x !== null).join(" ").toLowerCase();
}

function subline(r) {
  const d = r.details || {};
  const who = r.kind === "business" ? d.name : d.sellerCentralAccount || d.vendorGroup || d.authorEmail;
  return [r.kind && r.kind !== "business" ? KINDS[r.kind]?.short : null, who].filter(Boolean).join(" · ");
}

// Rows drawn at once (more than a window holds), then added in chunks as the list nears the
// bottom of the view: building 1,000 rows of ~15 elements took ~300 ms in WebKitGTK.
const FIRST = 50;
const CHUNK = 100;

export function mount(root, ctx) {
  let data = null;
  let error = null;
  let query = "";
  let filter = "ALL";
  let region = "ALL";
  let remoteData = null;
  let alive = true;

  const search = h("input.input.search-input#history-search", { type: "search", placeholder: "Search name, account ID or profile ID", "aria-label": "Search history" });
  search.addEventListener("input", () => { query = search.value.trim().toLowerCase(); drawList(); });
  const regionSel = h("select.input.select#history-region", { "aria-label": "Region" },
    h("option", { value: "ALL", text: "All regions" }), ["NA", "EU", "FE"].map((r) => h("option", { value: r, text: r })));
  regionSel.addEventListener("change", () => { region = regionSel.value; drawList(); });
  const chips = h("div.filter-chips", { role: "group", "aria-label": "Filter by status" });
  const list = h("div.history-list");
  const remote = h("div");
  const lead = h("p.lead", { text: "Registrations made with Ads Onboard, stored on this computer." });
  const scroller = h("div.scroll");

  // Rows and search text are built once per load, and only when first needed: typing in
  // the search box then only re-attaches existing rows (History may hold thousands).
  let rows = new Map();
  let hay = new Map();
  const searchText = (r) => hay.get(r.id) ?? hay.set(r.id, haystack(r)).get(r.id);
  const visible = () => (data?.registrations || []).filter((r) =>
    (filter === "ALL" || r.status === filter) && (region === "ALL" || r.region === region) && (!query || searchText(r).includes(query)));

  // What the table shows: `shown` is every match, the first `drawn` of them are in `tbody`.
  let shown = [];
  let drawn = 0;
  let tbody = null;
  let pending = 0;

  function drawMore(n) {
    const frag = document.createDocumentFragment();
    for (const r of shown.slice(drawn, drawn + n)) frag.append(row(r));
    drawn = Math.min(shown.length, drawn + n);
    tbody.append(frag);
  }

  // Adds rows while the end of the table is less than a screen below the view.
  function fillView() {
    pending = 0;
    if (!alive || !tbody) return;
    const view = scroller.getBoundingClientRect();
    while (drawn < shown.length && tbody.getBoundingClientRect().bottom < view.bottom + view.height) drawMore(CHUNK);
  }
  const scheduleFill = () => { if (!pending && drawn < shown.length) pending = requestAnimationFrame(fillView); };
  scroller.addEventListener("scroll", scheduleFill, { passive: true });
  // A taller view (maximised, zoomed out) needs more rows without any scroll to ask for them.
  const resized = new ResizeObserver(scheduleFill);
  resized.observe(scroller);

  function drawChips() {
    const regs = data?.registrations || [];
    clear(chips, FILTERS.map(([key, label]) => {
      const n = key === "ALL" ? regs.length : regs.filter((r) => r.status === key).length;
      if (key !== "ALL" && !n) return null;
      return h("button.filter-chip", { type: "button", "aria-pressed": String(filter === key), on: { click: () => { filter = key; drawChips(); drawList(); } } },
        key !== "ALL" ? h(`span.pill-dot.dot-${key}`, { "aria-hidden": "true" }) : null, h("span", { text: label }), h("span.chip-count", { text: String(n) }));
    }));
  }

  function row(r) {
    if (!rows.has(r.id)) rows.set(r.id, buildRow(r));
    return rows.get(r.id);
  }

  function buildRow(r) {
    const cs = r.countries || [];
    const profile = cs.find((c) => c.profileId)?.profileId;
    const tr = h("tr.row-link", { tabindex: "0", dataset: { id: r.id, status: r.status }, "aria-label": `Open ${r.accountName || r.accountId || "registration"}` },
      h("td", h("div.cell-title", { text: r.accountName || "—" }), h("div.cell-sub", { text: subline(r) })),
      h("td", pill(r.status)),
      h("td", cs.map((c) => h("span.chip.mono", { text: c.countryCode })), h("span.muted", { text: ` ${r.region || ""}` })),
      h("td.mono", { text: profile ? String(profile) : "—" }),
      h("td.right.muted", { text: fmtDate(r.submittedAt) }));
    // A row carries what the table needs; the screen it opens needs the whole record.
    const open = () => api.registration(r.id).then((full) => { if (alive) ctx.openRegistration(full); }, (e) => toast(e.message, "danger"));
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    return tr;
  }

  function drawList() {
    tbody = null;
    shown = [];
    drawn = 0;
    if (error) return clear(list, callout("danger", "alert", "Couldn't read History", error, button("Try again", { size: "sm", onClick: load })));
    if (!data) return clear(list, h("div.card.loading", spinner(14), h("span", { text: "Loading…" })));
    const regs = data.registrations || [];
    if (!regs.length) {
      return clear(list, h("div.empty",
        h("span.icon-tile.lg", icon("clock", 18)),
        h("div.empty-title", { text: "No registrations yet" }),
        h("p.empty-text", { text: "Accounts you register with Ads Onboard appear here, so you can find their IDs again." }),
        button("New account", { kind: "primary", iconName: "plus", onClick: () => ctx.go(store.get().user ? "details" : "signin") })));
    }
    shown = visible();
    if (!shown.length) {
      return clear(list, h("div.empty",
        h("div.empty-title", { text: query ? `No matches for “${search.value.trim()}”` : "Nothing with this status" }),
        h("button.link", { type: "button", text: "Clear search", on: { click: () => { search.value = ""; query = ""; filter = "ALL"; region = "ALL"; regionSel.value = "ALL"; drawChips(); drawList(); } } })));
    }
    tbody = h("tbody");
    drawMore(FIRST);
    clear(list, h("div.card.table-card", h("table.table.history-table", { dataset: { total: String(shown.length) } },
      h("thead", h("tr", ["Account", "Status", "Countries", "Profile ID", "Created"].map((t, i) => h("th", { scope: "col", class: i === 4 ? "right" : null, text: t })))),
      tbody)));
    scheduleFill();
  }

  function remoteSection(...body) {
    return h("section.section", h("div.section-head", h("h2.section-title", { text: "Accounts at Amazon" }),
      h("span.muted", { text: "Every ads account the signed-in login can see, including ones approved after manual review" })), body);
  }

  function drawRemote() {
    if (!remoteData) {
      // Only a signed-in user has accounts to list: nobody else waits for them.
      if (!store.get().user) return clear(remote);
      return clear(remote, remoteSection(h("div.card.loading", { dataset: { testid: "remote-loading" } }, spinner(14), h("span", { text: "Loading the accounts at Amazon…" }))));
    }
    const accounts = remoteData.accounts || [];
    if (remoteData.accountsError) {
      return clear(remote, h("section.section", h("h2.section-title", { text: "Accounts at Amazon" }),
        callout("warning", "warn", null, remoteData.accountsError)));
    }
    if (!accounts.length) return clear(remote);
    clear(remote, remoteSection(
      h("div.card.table-card", h("table.table", { dataset: { testid: "remote-accounts" } },
        h("thead", h("tr", ["Account", "Status", "Countries", "Account ID"].map((t) => h("th", { scope: "col", text: t })))),
        h("tbody", accounts.map((a) => remoteRow(a,
          h("td", h("div.cell-title", { text: a.accountName || "—" }),
            a.linkedRegistrationId ? h("div.cell-sub", { text: "Answers a registration Amazon refused: approved after review" }) : null),
          h("td", pill(a.status)),
          h("td", (a.countryCodes || []).map((c) => h("span.chip.mono", { text: c }))),
          h("td.mono", { text: a.accountId }))))))));
  }

  function remoteRow(a, ...cells) {
    const tr = h("tr.row-link", { tabindex: "0", dataset: { account: a.accountId }, "aria-label": `Open ${a.accountName || a.accountId}` }, cells);
    const open = async () => {
      try {
        const view = await api.registration(`account:${a.accountId}`);
        store.set({ registration: view, view: "wizard", step: "account" });
      } catch (e) {
        clear(remote, callout("warning", "warn", null, `Couldn't open ${a.accountId}: ${e.message}`));
      }
    };
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
    return tr;
  }

  // The local list answers at once; the accounts at Amazon (every page of a remote
  // listing) arrive on their own and never hold the rows back.
  async function load() {
    error = null;
    drawList();
    let got = null;
    try {
      got = await api.history();
    } catch (e) {
      if (alive) error = e.message;
    }
    if (!alive) return;
    if (got) {
      data = got;
      rows = new Map();
      hay = new Map();
      const n = (data.registrations || []).length;
      lead.textContent = `${n} registration${n === 1 ? "" : "s"} made with Ads Onboard, stored on this computer.`;
    }
    drawChips();
    drawList();
    if (got) store.set({ historyCount: (data.registrations || []).length });
  }

  async function loadRemote() {
    remoteData = null;
    drawRemote();
    let got;
    try {
      got = await api.historyAccounts();
    } catch (e) {
      got = { accounts: [], accountsError: `Couldn't list the accounts at Amazon: ${e.message}` };
    }
    if (!alive) return;
    remoteData = got;
    drawRemote();
  }

  clear(root, h("div.screen", clear(scroller, h("div.content",
    h("header.page-head",
      h("div.page-head-text", h("h1.title", { tabindex: "-1", text: "History" }), lead),
      h("div.page-actions", exportGroup(() => [...visible().map((r) => r.id), ...(remoteData?.accounts || []).map((a) => `account:${a.accountId}`)]),
        button("New account", { kind: "primary", iconName: "plus", onClick: () => ctx.go(store.get().user ? "details" : "signin") }))),
    h("div.stack",
      h("div.toolbar", h("div.search", icon("search", 15), search), regionSel),
      chips, list, remote)))));
  load();
  loadRemote();
  return {
    unmount() {
      alive = false;
      resized.disconnect();
      cancelAnimationFrame(pending);
    },
  };
}
