// Export: JSON | CSV | Copy, for one account or all History shows. What happened (the file
// saved, the copy, or why it failed) stays next to the buttons until the next export.
import { api } from "../api.js";
import { h, clear, button } from "../dom.js";
import { icon } from "../icons.js";
import { problem, copyWithFeedback } from "../layout.js";
import { announce } from "../announce.js";

/** Where results and failures show; `said(...)` and `failed(e, what)` write there. */
function statusArea() {
  const el = h("div.slot.export-status", { dataset: { testid: "export-status" } });
  return {
    el,
    said: (...nodes) => clear(el, h("div.export-done", icon("checkCircle", 14), h("span", ...nodes))),
    failed(e, what) {
      clear(el, problem(e, { title: `${what} failed` }));
      announce(`${what} failed: ${e.title || e.message}`);
    },
    clear: () => clear(el),
  };
}

function copyExport(list, status) {
  const btn = button("Copy", { size: "sm", iconName: "copy", id: "export-copy" });
  btn.addEventListener("click", async () => {
    try {
      const text = await api.exportText(list(), "json");
      if (await copyWithFeedback(btn, text, "export as JSON")) status.said("Copied as JSON");
      else status.clear();
    } catch (e) {
      status.failed(e, "Copy");
    }
  });
  return btn;
}

/**
 * `ids`: registration IDs and ads account IDs alike, or a function giving them. Returns
 * the group and `status` (where results and failures show; place it under the header)
 * and `count(n)`, which names how many rows an export takes.
 */
export function exportGroup(ids) {
  const list = () => (typeof ids === "function" ? ids() : ids);
  const status = statusArea();
  const label = h("span.muted.export-label", { text: "Export" });
  const save = async (format) => {
    try {
      const r = await api.exportSave(list(), format);
      if (!r?.path) return status.clear();
      status.said("Saved ", h("span.mono", { text: r.path }));
      announce(`Saved ${r.path}`);
    } catch (e) {
      status.failed(e, "Export");
    }
  };
  const buttons = h(
    "div.btn-group",
    { role: "group", "aria-label": "Export" },
    button("JSON", { size: "sm", iconName: "download", id: "export-json", onClick: () => save("json") }),
    button("CSV", { size: "sm", id: "export-csv", onClick: () => save("csv") }),
    copyExport(list, status),
  );
  const count = (n) => {
    const words = `Export ${n} ${n === 1 ? "row" : "rows"}`;
    label.textContent = words;
    buttons.setAttribute("aria-label", words);
  };
  return { group: h("div.export", label, buttons), status: status.el, count };
}
