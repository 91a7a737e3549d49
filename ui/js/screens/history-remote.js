// History's second section: every ads account the signed-in login can see at Amazon that
// was not registered here, or that answers a registration Amazon refused.
import { api } from "../api.js";
import * as store from "../store.js";
import { h, clear, pill, spinner } from "../dom.js";
import { callout } from "../layout.js";

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

function row(a, el) {
  const open = async () => {
    try {
      const view = await api.registration(a.accountId);
      store.set({ registration: view, view: "wizard", step: "account" });
    } catch (e) {
      clear(el, callout("warning", "warn", null, `Couldn't open ${a.accountId}: ${e.message}`));
    }
  };
  const tr = h(
    "tr.row-link",
    { tabindex: "0", dataset: { account: a.accountId }, "aria-label": `Open ${a.accountName || a.accountId}` },
    h(
      "td",
      h("div.cell-title", { text: a.accountName || "—" }),
      a.linkedRegistrationId
        ? h("div.cell-sub", { text: "Answers a registration Amazon refused: approved after review" })
        : null,
    ),
    h("td", pill(a.status)),
    h(
      "td",
      (a.countryCodes || []).map((c) => h("span.chip.mono", { text: c })),
    ),
    h("td.mono", { text: a.accountId }),
  );
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), open()));
  return tr;
}

function table(accounts, el) {
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
      h(
        "tbody",
        accounts.map((a) => row(a, el)),
      ),
    ),
  );
}

/** Draws what is known: loading (for a signed-in user only), an error, or the accounts. */
function draw(el, data) {
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
    return clear(el, h("section.section", title, callout("warning", "warn", null, data.accountsError)));
  }
  const accounts = data.accounts || [];
  clear(el, accounts.length ? section(table(accounts, el)) : null);
}

/** The section; `accounts()` gives the IDs listed so far (for export). */
export function remoteAccounts(alive) {
  const el = h("div");
  let data = null;
  const load = async () => {
    draw(el, null);
    let got;
    try {
      got = await api.historyAccounts();
    } catch (e) {
      got = { accounts: [], accountsError: `Couldn't list the accounts at Amazon: ${e.message}` };
    }
    if (!alive()) return;
    data = got;
    draw(el, data);
  };
  return { el, load, ids: () => (data?.accounts || []).map((a) => a.accountId) };
}
