// The account step's tables: its countries with their profile and entity IDs, and the
// profiles the signed-in user can use in the region.
import { api } from "../api.js";
import { h, clear, button, pill, spinner } from "../dom.js";
import { copyInline, problem } from "../layout.js";
import { countryName } from "./countries.js";
import { regionName } from "./regions.js";

const head = (titles) =>
  h(
    "thead",
    h(
      "tr",
      titles.map((t) => h("th", { scope: "col", text: t })),
    ),
  );

/** A country's cells, each keyed by what it shows, so a cell is made again only when that changes. */
function cells(c) {
  const refused = (c.reasons || []).length > 0;
  const waiting = () => h("span.muted", spinner(12), " on its way…");
  const status = c.profileId ? "active" : refused ? "refused" : "waiting";
  return [
    [`${c.countryCode}`, () => h("td", h("span.chip.mono", { text: c.countryCode }), " ", countryName(c.countryCode))],
    [
      `${c.profileId}:${refused}`,
      () =>
        h(
          "td.profile-id",
          c.profileId ? copyInline(c.profileId, "profile ID") : refused ? copyInline(null) : waiting(),
        ),
    ],
    [`${c.entityId}`, () => h("td", copyInline(c.entityId, "entity ID"))],
    [
      status,
      () =>
        h(
          "td.right",
          {
            active: () => pill("CREATED", "Active"),
            refused: () => pill("DISABLED", "Refused", "danger"),
            waiting: () => pill("PENDING", "Profile on its way"),
          }[status](),
        ),
    ],
  ];
}

/** Brings a row up to date: only the cells whose content changed are replaced. */
function syncRow(tr, c) {
  cells(c).forEach(([key, make], i) => {
    const td = tr.children[i];
    if (td?.dataset.key === key) return;
    const fresh = make();
    fresh.dataset.key = key;
    if (td) td.replaceWith(fresh);
    else tr.append(fresh);
  });
}

/** The countries table, made once; later calls update it in place (its copy buttons stay). */
export function drawCountries(el, reg) {
  const cs = reg.countries || [];
  const count = `${cs.length} countr${cs.length === 1 ? "y" : "ies"} · a profile is created for each`;
  let tbody = el.querySelector("tbody");
  if (!tbody) {
    tbody = h("tbody");
    clear(
      el,
      h("div.section-head", h("h2.section-title", { text: "Countries" }), h("span.muted.countries-count")),
      h(
        "div.card.table-card",
        h(
          "table.table",
          { dataset: { testid: "countries" } },
          head(["Country", "Profile ID", "Entity ID", "Status"]),
          tbody,
        ),
      ),
    );
  }
  el.querySelector(".countries-count").textContent = count;
  if (!cs.length) {
    return clear(
      tbody,
      h("tr", h("td", { colspan: "4", class: "muted", text: "Amazon hasn't listed the countries yet." })),
    );
  }
  for (const tr of tbody.querySelectorAll("tr:not([data-country])")) tr.remove();
  const rows = new Map([...tbody.querySelectorAll("tr[data-country]")].map((tr) => [tr.dataset.country, tr]));
  cs.forEach((c, i) => {
    const tr = rows.get(c.countryCode) || h("tr", { dataset: { country: c.countryCode } });
    syncRow(tr, c);
    if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
  });
  while (tbody.children.length > cs.length) tbody.lastChild.remove();
}

function profileTable(list) {
  if (!list.length) {
    return h("div.card.empty-inline", {
      text: "No profiles in this region yet. Amazon can take a few seconds to list a new account's profiles.",
    });
  }
  const row = (p) =>
    h(
      "tr",
      h("td", { text: p.name || "—" }),
      h("td", h("span.chip.mono", { text: p.countryCode })),
      h("td", { text: p.type || "—" }),
      h("td", copyInline(p.profileId, "profile ID")),
    );
  return h(
    "div.card.table-card",
    h(
      "table.table",
      { dataset: { testid: "profiles" } },
      head(["Name", "Country", "Type", "Profile ID"]),
      h("tbody", list.map(row)),
    ),
  );
}

export async function loadProfiles(el, region) {
  try {
    const list = await api.profiles(region);
    clear(
      el,
      h(
        "div.section-head",
        h("h2.section-title", { text: "Profiles you can use" }),
        h("span.muted", { text: `Every profile this Amazon login can use in ${regionName(region)}` }),
      ),
      profileTable(list),
    );
  } catch (e) {
    const retry = button("Retry now", { size: "sm", onClick: () => loadProfiles(el, region) });
    clear(el, problem(e, { title: "Couldn't load the profiles", action: retry, tone: "warning" }));
  }
}
