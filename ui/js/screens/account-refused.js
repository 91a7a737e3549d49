// A registration Amazon refused in some countries for good (PARTLY_REFUSED): each refused
// country with Amazon's reasons, quoted, and where to ask for a manual review.
import { h } from "../dom.js";
import { icon } from "../icons.js";
import { refusedCountries } from "../outcomes.js";
import { countryName } from "./countries.js";
import { manualReview } from "./rejected.js";

export function refusedSection(reg) {
  const countries = refusedCountries(reg);
  const row = (c) =>
    h(
      "li.refused-country",
      { dataset: { country: c.countryCode } },
      h("div.refused-name", h("span.chip.mono", { text: c.countryCode }), " ", countryName(c.countryCode)),
      c.reasons.map((r) => h("blockquote.reason-quote", { dataset: { testid: "reason" } }, `“${r}”`)),
    );
  return h(
    "section.card.reason",
    { "aria-labelledby": "refused-head", dataset: { testid: "refused-countries" } },
    h(
      "h2.reason-head#refused-head",
      icon("alert", 16),
      h("span", {
        text: `Amazon refused ${countries.length} ${countries.length === 1 ? "country" : "countries"} for good`,
      }),
    ),
    h("ul.reason-body.refused-list", countries.map(row)),
    h(
      "div.todo",
      manualReview(
        reg.manualReviewUrl,
        "The countries above can't be added to this account by Ads Onboard. If the details are correct, Amazon can review them by hand.",
      ),
    ),
  );
}
