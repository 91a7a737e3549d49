// The three advertising regions, as cards to choose one from.
import * as store from "../store.js";
import { h } from "../dom.js";

export const REGIONS = [
  {
    code: "NA",
    name: "North America",
    countries: "United States, Canada, Mexico, Brazil",
    chips: ["US", "CA", "MX", "BR"],
  },
  {
    code: "EU",
    name: "Europe",
    countries: "UK, Germany, France, Italy, Spain and 10 more",
    chips: ["UK", "DE", "FR", "IT", "ES", "+10"],
  },
  { code: "FE", name: "Far East", countries: "Japan, Australia, Singapore", chips: ["JP", "AU", "SG"] },
];
export const regionName = (code) => REGIONS.find((r) => r.code === code)?.name || code;

function card(r, checked) {
  return h(
    "button.choice",
    {
      type: "button",
      role: "radio",
      "aria-checked": String(checked),
      dataset: { region: r.code },
      tabindex: checked ? "0" : "-1",
      on: { click: () => store.set({ region: r.code }) },
    },
    h("span.choice-head", h("span.choice-title", { text: r.name }), h("span.radio", { "aria-hidden": "true" })),
    h("span.choice-text", { text: r.countries }),
    h(
      "span.chips",
      r.chips.map((c) => h("span.chip.mono", { text: c })),
    ),
  );
}

/** Arrow keys move the choice, as in any radio group. */
function onArrows(group, e) {
  const dir = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  if (!dir) return;
  e.preventDefault();
  const i = REGIONS.findIndex((r) => r.code === store.get().region);
  const next = REGIONS[(i + dir + REGIONS.length) % REGIONS.length].code;
  store.set({ region: next });
  group.querySelector(`[data-region="${next}"]`)?.focus();
}

export function regionCards(s) {
  const group = h("div.region-cards", { role: "radiogroup", "aria-labelledby": "region-label" });
  for (const r of REGIONS) group.append(card(r, s.region === r.code));
  group.addEventListener("keydown", (e) => onArrows(group, e));
  return group;
}

/** Marks the chosen card without redrawing the screen. */
export function syncRegion(root, s) {
  for (const c of root.querySelectorAll(".choice[data-region]")) {
    const on = c.dataset.region === s.region;
    c.setAttribute("aria-checked", String(on));
    c.tabIndex = on ? 0 : -1;
  }
}
