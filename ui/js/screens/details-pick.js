// Details from elsewhere: the ones saved with earlier registrations, or a JSON or CSV file.
import { api } from "../api.js";
import { h, clear, button } from "../dom.js";
import { callout } from "../layout.js";
import { KINDS } from "../kinds.js";

const labelOf = (d) => d.accountName || d.name || d.sellerCentralAccount || d.vendorGroup || d.authorEmail;

function item(it, choose) {
  const d = it.details || it;
  return h(
    "button.picker-item",
    { type: "button", role: "option", on: { click: () => choose(d) } },
    h("span.picker-title", { text: it.label || it.details?.accountName || "Saved details" }),
    h("span.muted", { text: KINDS[d.kind]?.short || "" }),
  );
}

/** Shows `items` in `list`; choosing one fills the form and gives focus back to `anchor`. */
function show(list, items, fill, anchor) {
  const choose = (d) => ((list.hidden = true), fill(d), anchor?.focus());
  const empty = h("div.picker-empty", { text: "No saved details yet. Details you register are saved here." });
  clear(list, items.length ? items.map((it) => item(it, choose)) : empty);
  list.hidden = false;
  list.querySelector("button")?.focus();
}

/**
 * The two buttons and their list. `fill(details)` puts the chosen details in the form;
 * `problem(callout)` shows what went wrong.
 */
export function picker(fill, problem) {
  const list = h("div.picker", { hidden: true, role: "listbox", "aria-label": "Saved details" });
  list.addEventListener("keydown", (e) => e.key === "Escape" && (list.hidden = true));
  const saved = async (anchor) => {
    if (!list.hidden) return (list.hidden = true);
    try {
      show(list, await api.savedDetails(), fill, anchor);
    } catch (e) {
      problem(callout("danger", "alert", "Couldn't load saved details", e.message));
    }
  };
  const fromFile = async () => {
    try {
      const items = (await api.importDetails()) || [];
      if (items.length === 1) fill(items[0]);
      else if (items.length)
        show(
          list,
          items.map((d) => ({ label: labelOf(d), details: d })),
          fill,
          null,
        );
    } catch (e) {
      problem(callout("danger", "alert", "Couldn't import that file", e.message));
    }
  };
  const savedBtn = button("Use saved details", {
    size: "sm",
    iconName: "bookmark",
    id: "details-saved",
    onClick: (e) => saved(e.currentTarget),
  });
  const fileBtn = button("Import from file", {
    size: "sm",
    iconName: "fileIn",
    id: "details-import",
    onClick: fromFile,
  });
  return h("div.actions-wrap", savedBtn, fileBtn, list);
}
