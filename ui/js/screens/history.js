// History: every registration made on this computer, and the accounts the signed-in user
// already has at Amazon; searchable, each openable and exportable.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { callout } from "../layout.js";
import { exportGroup } from "./export.js";
import { haystack, buildRow, lazyRows } from "./history-rows.js";
import { remoteAccounts } from "./history-remote.js";

const FILTERS = [
  ["ALL", "All"],
  ["CREATED", "Created"],
  ["PENDING", "Pending"],
  ["PARTIALLY_CREATED", "Partially created"],
  ["DISABLED", "Disabled"],
  ["TIMED_OUT", "Timed out"],
];
const regs = (v) => v.data?.registrations || [];

// Rows and search text are built once per load, and only when first needed: typing in
// the search box then only re-attaches existing rows.
function visible(v) {
  const text = (r) => v.hay.get(r.id) ?? v.hay.set(r.id, haystack(r)).get(r.id);
  return regs(v).filter(
    (r) =>
      (v.filter === "ALL" || r.status === v.filter) &&
      (v.region === "ALL" || r.region === v.region) &&
      (!v.query || text(r).includes(v.query)),
  );
}

function drawChips(v) {
  const chip = ([key, label]) => {
    const n = key === "ALL" ? regs(v).length : regs(v).filter((r) => r.status === key).length;
    if (key !== "ALL" && !n) return null;
    const pick = () => ((v.filter = key), drawChips(v), drawList(v));
    return h(
      "button.filter-chip",
      { type: "button", "aria-pressed": String(v.filter === key), on: { click: pick } },
      key !== "ALL" ? h(`span.pill-dot.dot-${key}`, { "aria-hidden": "true" }) : null,
      h("span", { text: label }),
      h("span.chip-count", { text: String(n) }),
    );
  };
  clear(v.chips, FILTERS.map(chip));
}

function newAccount(app) {
  return button("New account", {
    kind: "primary",
    iconName: "plus",
    onClick: () => app.go(store.get().user ? "details" : "signin"),
  });
}

function empty(v) {
  if (!regs(v).length) {
    return h(
      "div.empty",
      h("span.icon-tile.lg", icon("clock", 18)),
      h("div.empty-title", { text: "No registrations yet" }),
      h("p.empty-text", {
        text: "Accounts you register with Ads Onboard appear here, so you can find their IDs again.",
      }),
      newAccount(v.app),
    );
  }
  const reset = () => {
    Object.assign(v, { query: "", filter: "ALL", region: "ALL" });
    v.search.value = "";
    v.regionSel.value = "ALL";
    drawChips(v);
    drawList(v);
  };
  return h(
    "div.empty",
    h("div.empty-title", { text: v.query ? `No matches for “${v.search.value.trim()}”` : "Nothing with this status" }),
    h("button.link", { type: "button", text: "Clear search", on: { click: reset } }),
  );
}

function drawList(v) {
  v.rows.show([]);
  if (v.error) {
    const retry = button("Try again", { size: "sm", onClick: () => load(v) });
    return clear(v.list, callout("danger", "alert", "Couldn't read History", v.error, retry));
  }
  if (!v.data) return clear(v.list, h("div.card.loading", spinner(14), h("span", { text: "Loading…" })));
  const shown = visible(v);
  if (!shown.length) return clear(v.list, empty(v));
  const titles = ["Account", "Status", "Countries", "Profile ID", "Created"];
  const head = titles.map((t, i) => h("th", { scope: "col", class: i === 4 ? "right" : null, text: t }));
  const table = h("table.table.history-table", { dataset: { total: String(shown.length) } }, h("thead", h("tr", head)));
  table.append(v.rows.show(shown));
  clear(v.list, h("div.card.table-card", table));
  v.rows.schedule();
}

// The local list answers at once; the accounts at Amazon (every page of a remote listing)
// arrive on their own and never hold the rows back.
async function load(v) {
  v.error = null;
  drawList(v);
  let got = null;
  try {
    got = await api.history();
  } catch (e) {
    if (v.alive) v.error = e.message;
  }
  if (!v.alive) return;
  if (got) {
    Object.assign(v, { data: got, built: new Map(), hay: new Map() });
    const n = regs(v).length;
    v.lead.textContent = `${n} registration${n === 1 ? "" : "s"} made with Ads Onboard, stored on this computer.`;
  }
  drawChips(v);
  drawList(v);
  if (got) store.set({ historyCount: regs(v).length });
}

function toolbar(v) {
  v.search = h("input.input.search-input#history-search", {
    type: "search",
    placeholder: "Search name, account ID or profile ID",
    "aria-label": "Search history",
  });
  v.search.addEventListener("input", () => ((v.query = v.search.value.trim().toLowerCase()), drawList(v)));
  v.regionSel = h(
    "select.input.select#history-region",
    { "aria-label": "Region" },
    h("option", { value: "ALL", text: "All regions" }),
    ["NA", "EU", "FE"].map((r) => h("option", { value: r, text: r })),
  );
  v.regionSel.addEventListener("change", () => ((v.region = v.regionSel.value), drawList(v)));
  return h("div.toolbar", h("div.search", icon("search", 15), v.search), v.regionSel);
}

function header(v) {
  const ids = () => [...visible(v).map((r) => r.id), ...v.remote.ids()];
  return h(
    "header.page-head",
    h("div.page-head-text", h("h1.title", { tabindex: "-1", text: "History" }), v.lead),
    h("div.page-actions", exportGroup(ids), newAccount(v.app)),
  );
}

export function mount(root, app) {
  const v = { app, data: null, error: null, query: "", filter: "ALL", region: "ALL", alive: true };
  Object.assign(v, {
    built: new Map(),
    hay: new Map(),
    chips: h("div.filter-chips", { role: "group", "aria-label": "Filter by status" }),
  });
  v.list = h("div.history-list");
  v.lead = h("p.lead", { text: "Registrations made with Ads Onboard, stored on this computer." });
  v.remote = remoteAccounts(() => v.alive);
  const scroller = h("div.scroll");
  const open = (full) => v.alive && app.openRegistration(full);
  v.rows = lazyRows(scroller, (r) => v.built.get(r.id) ?? v.built.set(r.id, buildRow(r, open)).get(r.id));
  const content = h("div.content", header(v), h("div.stack", toolbar(v), v.chips, v.list, v.remote.el));
  clear(root, h("div.screen", clear(scroller, content)));
  load(v);
  v.remote.load();
  return {
    unmount() {
      v.alive = false;
      v.rows.stop();
    },
  };
}
