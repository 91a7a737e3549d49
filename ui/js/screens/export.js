// Export: JSON | CSV | Copy, for one account or all History shows.
import { api } from "../api.js";
import { h, button } from "../dom.js";
import { toast } from "../toast.js";

/** `ids`: registration IDs and ads account IDs alike, or a function giving them. */
export function exportGroup(ids) {
  const list = () => (typeof ids === "function" ? ids() : ids);
  const save = async (format) => {
    try {
      const r = await api.exportSave(list(), format);
      if (r && r.path) toast(`Saved ${r.path}`, "success");
    } catch (e) {
      toast(`Export failed: ${e.message}`, "danger");
    }
  };
  const copy = async () => {
    try {
      await api.copyText(await api.exportText(list(), "json"));
      toast("Copied as JSON", "success");
    } catch (e) {
      toast(`Copy failed: ${e.message}`, "danger");
    }
  };
  return h(
    "div.export",
    h("span.muted", { text: "Export" }),
    h(
      "div.btn-group",
      { role: "group", "aria-label": "Export" },
      button("JSON", { size: "sm", iconName: "download", id: "export-json", onClick: () => save("json") }),
      button("CSV", { size: "sm", id: "export-csv", onClick: () => save("csv") }),
      button("Copy", { size: "sm", iconName: "copy", id: "export-copy", onClick: copy }),
    ),
  );
}
