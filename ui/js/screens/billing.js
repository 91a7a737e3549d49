// The account's billing card: each country's status at Amazon (or Amazon's error for it),
// a sentence that says what is true of them, and where to set billing up. Which statuses
// let ads run is core's to say (`ready`); this file only words them.
import { api } from "../api.js";
import { h, clear, button, externalButton, pill, rawPill, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { problem, openLink, technical } from "../layout.js";
import { countryName } from "./countries.js";

const WORDS = {
  VALID_BILLING_STATUS: ["Billing active", "success"],
  PENDING_BILLING_REGISTRATION: ["Billing setup needed", "warning"],
  PENDING_PAYMENT_REGISTRATION: ["Payment method needed", "warning"],
  PENDING_TAX_REGISTRATION: ["Tax details needed", "warning"],
  INVALID_PAYMENT_REGISTRATION: ["Payment method invalid", "warning"],
  PAYMENT_METHOD_EXPIRED: ["Payment method expired", "warning"],
  PAYMENT_METHOD_VERIFICATION_FAILED: ["Payment method not verified", "warning"],
  ACCOUNT_BILLING_ISSUE: ["Billing issue", "warning"],
  RESERVE_ORDER_BALANCE_TOO_LOW: ["Reserve balance too low", "warning"],
  STORED_VALUE_BALANCE_TOO_LOW: ["Prepaid balance too low", "warning"],
};

/**
 * A country's status as words, and Amazon's own code beside them when the words are not
 * enough: an error's code (its description is quoted apart), or a status this page has
 * no words for.
 */
function status(c) {
  if (c.error) return [pill(null, "Status unavailable", "warning"), " ", rawPill(c.code, "warning")];
  const known = WORDS[c.code];
  if (known) return [pill(null, known[0], known[1])];
  return [pill(null, "Status from Amazon", "neutral"), " ", rawPill(c.code, "neutral")];
}

/** Amazon's description of an error, quoted as it came. */
const quoted = (c) => h("div.billing-error", { dataset: { testid: "billing-error" }, text: `“${c.error}”` });

const names = (list) =>
  new Intl.ListFormat("en", { type: "conjunction" }).format(list.map((c) => countryName(c.countryCode)));

/** What is true of the statuses shown: where ads won't run yet, where billing is set up, where Amazon didn't say. */
function sentence(reg, b) {
  if (b.error) return "The billing status couldn't be read just now.";
  const all = b.statuses || [];
  if (!all.length)
    return b.note ? "Amazon gave no billing status just now." : "Amazon lists no billing status for this account yet.";
  const needs = all.filter((c) => c.ready === false);
  const ready = all.filter((c) => c.ready === true);
  const unknown = all.filter((c) => c.ready !== true && c.ready !== false);
  const parts = [];
  if (needs.length)
    parts.push(
      reg.kind === "seller"
        ? `Sellers set up billing in Seller Central. Ads won't run in ${names(needs)} until it is complete there.`
        : `Ads won't run in ${names(needs)} until billing is complete there.`,
    );
  if (ready.length) parts.push(`Billing is set up for ${names(ready)}.`);
  if (unknown.length) parts.push(`Amazon didn't give the billing status for ${names(unknown)}.`);
  return parts.join(" ");
}

/** One country's line, when the account has several. */
function countryRow(c) {
  return h(
    "li.billing-country",
    { dataset: { country: c.countryCode } },
    h("span.billing-name", h("span.chip.mono", { text: c.countryCode }), " ", countryName(c.countryCode)),
    h("span.billing-status", status(c)),
    c.error ? quoted(c) : null,
  );
}

function card(el, reg, b) {
  const all = b.statuses || [];
  const one = all.length === 1 ? all[0] : null;
  // Why the billing page didn't open stays under the card until it opens.
  const slot = h("div.slot");
  const open = () => openLink(b.setupUrl, slot);
  const failed = b.error
    ? problem(b.error, {
        title: "Couldn't read the billing status",
        tone: "warning",
        action: button("Try again", { size: "sm", onClick: () => loadBilling(el, reg) }),
      })
    : null;
  const settled = all.length > 0 && all.every((c) => c.ready === true);
  const main = h(
    "div.card.billing",
    { dataset: { testid: "billing" } },
    h(`span.icon-tile.${settled ? "success" : "warn"}`, icon("card", 18)),
    h(
      "div.billing-text",
      // One country: its status beside the title, as in the design; several: a line each.
      h(
        "div.billing-title",
        h("strong", { text: "Billing" }),
        one ? h("span.billing-status", { dataset: { country: one.countryCode } }, status(one)) : null,
      ),
      h("div.muted.billing-sentence", { text: sentence(reg, b) }),
      one?.error ? quoted(one) : null,
      all.length > 1 ? h("ul.billing-countries", all.map(countryRow)) : null,
      !all.length && b.note ? technical(b.note) : null,
    ),
    b.setupUrl
      ? externalButton(reg.kind === "seller" ? "Open Seller Central" : "Set up billing", open, {
          kind: "primary",
          id: "billing-setup",
        })
      : null,
  );
  return [main, slot, failed];
}

export async function loadBilling(el, reg) {
  clear(
    el,
    h(
      "div.card.billing",
      h("span.icon-tile.warn", icon("card", 18)),
      h("div.billing-text", h("div.billing-title", h("strong", { text: "Billing" }), spinner(12))),
    ),
  );
  let b;
  try {
    b = await api.billingStatus(reg.id);
  } catch (e) {
    b = { statuses: [], setupUrl: null, error: e };
  }
  clear(el, card(el, reg, b));
}
