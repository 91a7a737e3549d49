// History's second section: every ads account the signed-in login can see at Amazon that
// was not registered here, or that was approved after Amazon refused a registration.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, button, pill, spinner } from "../dom.js";
import { callout, problem } from "../layout.js";
import { opener } from "./history-rows.js";

function section(...body) {
  return h(
    "section.section",
    h(
      "div.section-head",
      h("h2.section-title", { text: "Accounts at Amazon" }),
      h("span.muted", {
        text: "Every ads account the signed-in login can see, including ones approved after manual review",
      }),
    ),
    body,
  );
}

function row(a) {
  const name = a.accountName || a.accountId;
  const tr = h("tr.row-link", { dataset: { account: a.accountId } });
  const open = (view) => store.set({ registration: view, view: "wizard", step: "account" });
  const go = opener(tr, name, 4, () => api.registration(a.accountId), open);
  tr.append(
    h(
      "td",
      h("button.cell-title.row-open", { type: "button", text: a.accountName || "—", on: { click: go } }),
      a.linkedRegistrationId
        ? h("div.cell-sub", { text: "Approved after a manual review of a refused registration" })
        : null,
    ),
    h("td", pill(a.status)),
    h(
      "td",
      (a.countryCodes || []).map((c) => h("span.chip.mono", { text: c })),
    ),
    h("td.mono", { text: a.accountId }),
  );
  tr.addEventListener("click", (e) => !e.target.closest("button") && go());
  return tr;
}

function table(accounts) {
  const titles = ["Account", "Status", "Countries", "Account ID"];
  return h(
    "div.card.table-card",
    h(
      "table.table",
      { dataset: { testid: "remote-accounts" } },
      h(
        "thead",
        h(
          "tr",
          titles.map((t) => h("th", { scope: "col", text: t })),
        ),
      ),
      h("tbody", accounts.map(row)),
    ),
  );
}

/** Draws what is known: loading (for a signed-in user only), an error, or the accounts. */
function draw(el, data, reload) {
  if (!data) {
    if (!store.get().user) return clear(el);
    const loading = h(
      "div.card.loading",
      { dataset: { testid: "remote-loading" } },
      spinner(14),
      h("span", { text: "Loading the accounts at Amazon…" }),
    );
    return clear(el, section(loading));
  }
  if (data.accountsError) {
    const title = h("h2.section-title", { text: "Accounts at Amazon" });
    const retry = button("Try again", { size: "sm", onClick: reload });
    const said = typeof data.accountsError === "string" ? { message: data.accountsError } : data.accountsError;
    return clear(
      el,
      h(
        "section.section",
        title,
        problem(said, { title: "Couldn't list the accounts at Amazon", tone: "warning", action: retry }),
      ),
    );
  }
  const accounts = data.accounts || [];
  const n = data.unreadable || 0;
  // Core logs and leaves out what it could not read; the page says how many.
  const unreadable = n
    ? callout(
        "warning",
        "warn",
        null,
        `${n} account${n === 1 ? "" : "s"} at Amazon could not be read, so ${n === 1 ? "it isn't" : "they aren't"} listed.`,
      )
    : null;
  clear(el, accounts.length || n ? section(unreadable, accounts.length ? table(accounts) : null) : null);
}

/** The section; `ids()` gives the IDs listed so far (for export); `changed()` when they change. */
export function remoteAccounts(alive, changed = () => {}) {
  const el = h("div");
  let data = null;
  const load = async () => {
    draw(el, null, load);
    let got;
    try {
      got = await api.historyAccounts();
    } catch (e) {
      got = { accounts: [], accountsError: e };
    }
    if (!alive()) return;
    data = got;
    draw(el, data, load);
    changed();
  };
  return { el, load, ids: () => (data?.accounts || []).map((a) => a.accountId) };
}
