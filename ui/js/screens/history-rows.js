// History's own rows: registrations made on this computer, searched and filtered, drawn
// in chunks as the list nears the bottom of the view (History may hold thousands).
import { api } from "../api.js";
import { h, button, pill, fmtDate } from "../dom.js";
import { problem } from "../layout.js";
import { KINDS } from "../kinds.js";

// Rows drawn at once (more than a window holds), then added in chunks as the list nears the
// bottom of the view: building 1,000 rows of ~15 elements took ~300 ms in WebKitGTK.
const FIRST = 50;
const CHUNK = 100;

export function haystack(r) {
  const d = r.details || {};
  return [
    r.accountName,
    r.accountId,
    d.name,
    d.sellerCentralAccount,
    d.vendorGroup,
    d.authorEmail,
    ...(r.countries || []).flatMap((c) => [c.countryCode, c.profileId, c.entityId]),
  ]
    .filter((x) => x != null)
    .join(" ")
    .toLowerCase();
}

function subline(r) {
  const d = r.details || {};
  const who = r.kind === "business" ? d.name : d.sellerCentralAccount || d.vendorGroup || d.authorEmail;
  return [r.kind && r.kind !== "business" ? KINDS[r.kind]?.short : null, who].filter(Boolean).join(" · ");
}

/**
 * Opens a row by `load()`ing its whole record; if that fails, a row right under it says
 * why (with Try again) until it opens. `name` names the row in the message.
 */
export function opener(tr, name, cols, load, open) {
  const go = async () => {
    try {
      const full = await load();
      tr.nextElementSibling?.classList.contains("row-problem") && tr.nextElementSibling.remove();
      open(full);
    } catch (e) {
      const again = button("Try again", { size: "sm", onClick: go });
      const note = h(
        "tr.row-problem",
        h("td", { colspan: String(cols) }, problem(e, { title: `Couldn't open ${name}`, action: again })),
      );
      const old = tr.nextElementSibling?.classList.contains("row-problem") ? tr.nextElementSibling : null;
      if (old) old.replaceWith(note);
      else tr.after(note);
      note.querySelector(".callout").focus();
    }
  };
  return go;
}

/**
 * One row; opening it loads the whole record (a row carries only what the table shows).
 * The name is a button, so the row is reached and opened from the keyboard; a click
 * anywhere on the row opens it too.
 */
export function buildRow(r, open) {
  const cs = r.countries || [];
  const profile = cs.find((c) => c.profileId)?.profileId;
  const name = r.accountName || r.accountId || "this registration";
  const tr = h("tr.row-link", { dataset: { id: r.id, status: r.status } });
  const go = opener(tr, name, 5, () => api.registration(r.id), open);
  tr.append(
    h(
      "td",
      h("button.cell-title.row-open", { type: "button", text: r.accountName || "—", on: { click: go } }),
      h("div.cell-sub", { text: subline(r) }),
    ),
    h("td", pill(r.status)),
    h(
      "td",
      cs.map((c) => h("span.chip.mono", { text: c.countryCode })),
      h("span.muted", { text: ` ${r.region || ""}` }),
    ),
    h("td.mono", { text: profile ? String(profile) : "—" }),
    h("td.right.muted", { text: fmtDate(r.submittedAt) }),
  );
  // The row's button handles its own clicks; elsewhere on the row opens it too.
  tr.addEventListener("click", (e) => !e.target.closest("button") && go());
  return tr;
}

/**
 * The rows of `shown` in `tbody`: the first FIRST at once, more as `scroller` nears
 * their end. `row(r)` builds (or reuses) one row.
 */
export function lazyRows(scroller, row) {
  const t = { shown: [], drawn: 0, tbody: null, pending: 0, alive: true };
  const more = (n) => {
    const frag = document.createDocumentFragment();
    for (const r of t.shown.slice(t.drawn, t.drawn + n)) frag.append(row(r));
    t.drawn = Math.min(t.shown.length, t.drawn + n);
    t.tbody.append(frag);
  };
  // Adds rows while the end of the table is less than a screen below the view.
  const fill = () => {
    t.pending = 0;
    if (!t.alive || !t.tbody) return;
    const view = scroller.getBoundingClientRect();
    while (t.drawn < t.shown.length && t.tbody.getBoundingClientRect().bottom < view.bottom + view.height) more(CHUNK);
  };
  const schedule = () => !t.pending && t.drawn < t.shown.length && (t.pending = requestAnimationFrame(fill));
  scroller.addEventListener("scroll", schedule, { passive: true });
  // A taller view (maximised, zoomed out) needs more rows without any scroll to ask for them.
  const resized = new ResizeObserver(schedule);
  resized.observe(scroller);
  return {
    show(list) {
      Object.assign(t, { shown: list, drawn: 0, tbody: list.length ? h("tbody") : null });
      if (t.tbody) more(FIRST);
      return t.tbody;
    },
    schedule,
    stop() {
      t.alive = false;
      resized.disconnect();
      cancelAnimationFrame(t.pending);
    },
  };
}
