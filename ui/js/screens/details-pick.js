// Details from elsewhere: the ones saved with earlier registrations, or a JSON or CSV file.
// The list is a menu: arrow keys move, Enter chooses, Escape (or Tab away) closes it and
// gives focus back to the button that opened it.
import { api } from "../api.js";
import { h, clear, button } from "../dom.js";
import { problem } from "../layout.js";
import { KINDS } from "../kinds.js";

const labelOf = (d) => d.accountName || d.name || d.sellerCentralAccount || d.vendorGroup || d.authorEmail;

function item(it, choose) {
  const d = it.details || it;
  return h(
    "button.picker-item",
    { type: "button", role: "menuitem", tabindex: "-1", on: { click: () => choose(d) } },
    h("span.picker-title", { text: it.label || it.details?.accountName || "Saved details" }),
    h("span.muted", { text: KINDS[d.kind]?.short || "" }),
  );
}

/** Arrow keys, Home and End move between the items; Escape closes; Tab leaves and closes. */
function onKeys(list, close, e) {
  const items = [...list.querySelectorAll(".picker-item")];
  const at = items.indexOf(document.activeElement);
  const to = {
    ArrowDown: at + 1,
    ArrowUp: at - 1,
    Home: 0,
    End: items.length - 1,
  }[e.key];
  if (e.key === "Escape") {
    e.preventDefault();
    return close(true);
  }
  if (e.key === "Tab") return close(false);
  if (to === undefined || !items.length) return;
  e.preventDefault();
  items[(to + items.length) % items.length].focus();
}

/** The list as a menu: `show(items, from, label, fill)` opens it under `from`; `close(refocus)`. */
function menu() {
  const list = h("div.picker", { hidden: true, id: "details-picker" });
  let anchor = null;
  const close = (refocus) => {
    list.hidden = true;
    anchor?.setAttribute("aria-expanded", "false");
    if (refocus) anchor?.focus();
  };
  const show = (items, from, label, fill) => {
    anchor = from;
    const choose = (d) => (close(true), fill(d));
    const empty = h("div.picker-empty", { text: "No saved details yet. Details you register are saved here." });
    list.setAttribute("role", items.length ? "menu" : "group");
    list.setAttribute("aria-label", label);
    clear(list, items.length ? items.map((it) => item(it, choose)) : empty);
    list.hidden = false;
    from.setAttribute("aria-expanded", "true");
    (list.querySelector(".picker-item") || from).focus();
  };
  list.addEventListener("keydown", (e) => onKeys(list, close, e));
  return { list, show, close };
}

/**
 * The two buttons and their list. `fill(details)` puts the chosen details in the form;
 * `report(callout)` shows what went wrong, where the user looks (null clears it).
 */
export function picker(fill, report) {
  const m = menu();
  const saved = async (btn) => {
    if (!m.list.hidden) return m.close(true);
    try {
      m.show(await api.savedDetails(), btn, "Saved details", fill);
      report(null);
    } catch (e) {
      report(problem(e, { title: "Couldn't load saved details" }));
    }
  };
  const fromFile = async (btn) => {
    try {
      const items = (await api.importDetails()) || [];
      report(null);
      if (items.length === 1) fill(items[0]);
      else if (items.length)
        m.show(
          items.map((d) => ({ label: labelOf(d), details: d })),
          btn,
          "Details in the file",
          fill,
        );
    } catch (e) {
      report(problem(e, { title: "Couldn't import that file" }));
    }
  };
  const savedBtn = button("Use saved details", {
    size: "sm",
    iconName: "bookmark",
    id: "details-saved",
    onClick: (e) => saved(e.currentTarget),
    ...{ "aria-haspopup": "menu", "aria-expanded": "false", "aria-controls": "details-picker" },
  });
  const fileBtn = button("Import from file", { size: "sm", iconName: "fileIn", id: "details-import" });
  fileBtn.addEventListener("click", () => fromFile(fileBtn));
  // Escape on the button that opened it closes it too.
  savedBtn.addEventListener("keydown", (e) => e.key === "Escape" && !m.list.hidden && m.close(true));
  return h("div.actions-wrap", savedBtn, fileBtn, m.list);
}
