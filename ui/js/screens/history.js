// History: every registration made on this computer, and the accounts the signed-in user
// already has at Amazon; searchable, each openable and exportable.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { problem } from "../layout.js";
import { exportGroup } from "./export.js";
import { haystack, buildRow, lazyRows } from "./history-rows.js";
import { remoteAccounts } from "./history-remote.js";
import { REGIONS } from "./regions.js";

const FILTERS = [
  ["ALL", "All"],
  ["CREATED", "Created"],
  ["PENDING", "Pending"],
  ["PARTIALLY_CREATED", "Partially created"],
  ["DISABLED", "Disabled"],
  ["TIMED_OUT", "Timed out"],
];
const regs = (screen) => screen.data?.registrations || [];

// Rows and search text are built once per load, and only when first needed: typing in
// the search box then only re-attaches existing rows.
function visible(screen) {
  const text = (r) => screen.hay.get(r.id) ?? screen.hay.set(r.id, haystack(r)).get(r.id);
  return regs(screen).filter(
    (r) =>
      (screen.filter === "ALL" || r.status === screen.filter) &&
      (screen.region === "ALL" || r.region === screen.region) &&
      (!screen.query || text(r).includes(screen.query)),
  );
}

function drawChips(screen) {
  const chip = ([key, label]) => {
    const n = key === "ALL" ? regs(screen).length : regs(screen).filter((r) => r.status === key).length;
    if (key !== "ALL" && !n) return null;
    const pick = () => ((screen.filter = key), drawChips(screen), drawList(screen));
    return h(
      "button.filter-chip",
      { type: "button", "aria-pressed": String(screen.filter === key), on: { click: pick } },
      key !== "ALL" ? h(`span.pill-dot.dot-${key}`, { "aria-hidden": "true" }) : null,
      h("span", { text: label }),
      h("span.chip-count", { text: String(n) }),
    );
  };
  clear(screen.chips, FILTERS.map(chip));
}

// Through the agreement, as every new account: its acceptance is part of the flow.
function newAccount(app) {
  return button("New account", { kind: "primary", iconName: "plus", onClick: () => app.newAccount() });
}

function empty(screen) {
  if (!regs(screen).length) {
    return h(
      "div.empty",
      h("span.icon-tile.lg", icon("clock", 18)),
      h("div.empty-title", { text: "No registrations yet" }),
      h("p.empty-text", {
        text: "Accounts you register with Ads Onboard appear here, so you can find their IDs again.",
      }),
      newAccount(screen.app),
    );
  }
  const filtered = screen.filter !== "ALL" || screen.region !== "ALL";
  const reset = () => {
    Object.assign(screen, { query: "", filter: "ALL", region: "ALL" });
    screen.search.value = "";
    screen.regionSel.value = "ALL";
    drawChips(screen);
    drawList(screen);
    screen.search.focus();
  };
  // The link says what it clears: the search, the filters, or both.
  const words = screen.query ? (filtered ? "Clear search and filters" : "Clear search") : "Show all registrations";
  return h(
    "div.empty",
    h("div.empty-title", {
      text: screen.query ? `No matches for “${screen.search.value.trim()}”` : "Nothing matches these filters",
    }),
    h("button.link#history-clear", { type: "button", text: words, on: { click: reset } }),
  );
}

function drawList(screen) {
  screen.rows.show([]);
  screen.exporter.count(visible(screen).length + screen.remote.ids().length);
  if (screen.error) {
    const retry = button("Try again", { size: "sm", onClick: () => load(screen) });
    return clear(screen.list, problem(screen.error, { title: "Couldn't read History", action: retry }));
  }
  if (!screen.data) return clear(screen.list, h("div.card.loading", spinner(14), h("span", { text: "Loading…" })));
  const shown = visible(screen);
  if (!shown.length) return clear(screen.list, empty(screen));
  const titles = ["Account", "Status", "Countries", "Profile ID", "Created"];
  const head = titles.map((t, i) => h("th", { scope: "col", class: i === 4 ? "right" : null, text: t }));
  const table = h("table.table.history-table", { dataset: { total: String(shown.length) } }, h("thead", h("tr", head)));
  table.append(screen.rows.show(shown));
  clear(screen.list, h("div.card.table-card", table));
  screen.rows.schedule();
}

// The local list answers at once; the accounts at Amazon (every page of a remote listing)
// arrive on their own and never hold the rows back.
async function load(screen) {
  screen.error = null;
  drawList(screen);
  let got = null;
  try {
    got = await api.history();
  } catch (e) {
    if (screen.alive) screen.error = e;
  }
  if (!screen.alive) return;
  if (got) {
    Object.assign(screen, { data: got, built: new Map(), hay: new Map() });
    const n = regs(screen).length;
    screen.lead.textContent = `${n} registration${n === 1 ? "" : "s"} made with Ads Onboard, stored on this computer.`;
  }
  drawChips(screen);
  drawList(screen);
  if (got) store.set({ historyCount: regs(screen).length });
}

function toolbar(screen) {
  screen.search = h("input.input.search-input#history-search", {
    type: "search",
    placeholder: "Search name, account ID or profile ID",
    "aria-label": "Search history",
  });
  screen.search.addEventListener(
    "input",
    () => ((screen.query = screen.search.value.trim().toLowerCase()), drawList(screen)),
  );
  screen.regionSel = h(
    "select.select-quiet#history-region",
    { "aria-label": "Region" },
    h("option", { value: "ALL", text: "All regions" }),
    REGIONS.map((r) => h("option", { value: r.code, text: r.name })),
  );
  screen.regionSel.addEventListener("change", () => ((screen.region = screen.regionSel.value), drawList(screen)));
  const region = h("label.select-wrap", icon("globe", 14), screen.regionSel, icon("chevronDown", 14));
  return h("div.toolbar", h("div.search", icon("search", 15), screen.search), region);
}

function header(screen) {
  return h(
    "header.page-head",
    h("div.page-head-text", h("h1.title", { tabindex: "-1", text: "History" }), screen.lead),
    h("div.page-actions", screen.exporter.group, newAccount(screen.app)),
  );
}

export function mount(root, app) {
  const screen = { app, data: null, error: null, query: "", filter: "ALL", region: "ALL", alive: true };
  Object.assign(screen, {
    built: new Map(),
    hay: new Map(),
    chips: h("div.filter-chips", { role: "group", "aria-label": "Filter by status" }),
  });
  screen.list = h("div.history-list");
  screen.lead = h("p.lead", { text: "Registrations made with Ads Onboard, stored on this computer." });
  screen.remote = remoteAccounts(
    () => screen.alive,
    () => screen.exporter.count(visible(screen).length + screen.remote.ids().length),
  );
  // Export takes what the list shows (filtered), and the accounts at Amazon listed below it.
  screen.exporter = exportGroup(() => [...visible(screen).map((r) => r.id), ...screen.remote.ids()]);
  const scroller = h("div.scroll");
  const open = (full) => screen.alive && app.openRegistration(full);
  screen.rows = lazyRows(
    scroller,
    (r) => screen.built.get(r.id) ?? screen.built.set(r.id, buildRow(r, open)).get(r.id),
  );
  const content = h(
    "div.content",
    header(screen),
    h("div.stack", screen.exporter.status, toolbar(screen), screen.chips, screen.list, screen.remote.el),
  );
  clear(root, h("div.screen", clear(scroller, content)));
  load(screen);
  screen.remote.load();
  return {
    unmount() {
      screen.alive = false;
      screen.rows.stop();
    },
  };
}
