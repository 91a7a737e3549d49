// The account step's tables: its countries with their profile and entity IDs, and the
// profiles the signed-in user can use in the region.
import { api } from "../api.js";
import { h, clear, button, pill, spinner } from "../dom.js";
import { copyInline, callout } from "../layout.js";
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

function countryRow(c) {
  return h(
    "tr",
    { dataset: { country: c.countryCode } },
    h("td", h("span.chip.mono", { text: c.countryCode }), " ", countryName(c.countryCode)),
    h(
      "td.profile-id",
      c.profileId ? copyInline(c.profileId, "profile ID") : h("span.muted", spinner(12), " arriving…"),
    ),
    h("td", copyInline(c.entityId, "entity ID")),
    h("td.right", c.profileId ? pill("CREATED", "Active") : pill("PENDING", "Waiting for profile")),
  );
}

export function drawCountries(el, reg) {
  const cs = reg.countries || [];
  const none = h("tr", h("td", { colspan: "4", class: "muted", text: "Amazon hasn't listed the countries yet." }));
  clear(
    el,
    h(
      "div.section-head",
      h("h2.section-title", { text: "Countries" }),
      h("span.muted", { text: `${cs.length} countr${cs.length === 1 ? "y" : "ies"} · a profile is created for each` }),
    ),
    h(
      "div.card.table-card",
      h(
        "table.table",
        { dataset: { testid: "countries" } },
        head(["Country", "Profile ID", "Entity ID", "Status"]),
        h("tbody", cs.length ? cs.map(countryRow) : none),
      ),
    ),
  );
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
        h("span.muted", { text: `From /v2/profiles for ${regionName(region)}` }),
      ),
      profileTable(list),
    );
  } catch (e) {
    const retry = button("Retry now", { size: "sm", onClick: () => loadProfiles(el, region) });
    clear(el, callout("warning", "warn", "Couldn't load profiles", e.message, retry));
  }
}
