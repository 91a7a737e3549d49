// The account's billing card: its status at Amazon and where to set it up.
import { api } from "../api.js";
import { h, clear, button, externalButton, pill, spinner } from "../dom.js";
import { icon } from "../icons.js";
import { problem, openLink } from "../layout.js";
import { countryName } from "./countries.js";

const BILLING_WORDS = {
  VALID_BILLING_STATUS: ["Billing active", "success"],
  PENDING_BILLING_REGISTRATION: ["Billing setup needed", "warning"],
  PENDING_PAYMENT_REGISTRATION: ["Payment method needed", "warning"],
  PENDING_TAX_REGISTRATION: ["Tax details needed", "warning"],
};

function words(first) {
  if (!first) return [null, null];
  return BILLING_WORDS[first.code] || [first.code.replaceAll("_", " ").toLowerCase(), "warning"];
}

function sentence(reg, b, first) {
  if (b.error) return "The billing status couldn't be read just now.";
  const where = (reg.countries || []).map((c) => countryName(c.countryCode)).join(", ") || "this account";
  if (first?.code === "VALID_BILLING_STATUS") return `Billing is set up for ${where}.`;
  const text =
    reg.kind === "seller"
      ? `Sellers set up billing in Seller Central. Ads won't run in ${where} until a payment method is added.`
      : `Ads won't run until a payment method is added for ${where}.`;
  return text + (b.note && !first ? ` ${b.note}` : "");
}

function card(el, reg, b) {
  const first = (b.statuses || [])[0];
  const [said, tone] = words(first);
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
  const main = h(
    "div.card.billing",
    { dataset: { testid: "billing" } },
    h("span.icon-tile.warn", icon("card", 18)),
    h(
      "div.billing-text",
      h("div.billing-title", h("strong", { text: "Billing" }), said ? pill(first.code, said, tone) : null),
      h("div.muted", { text: sentence(reg, b, first) }),
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
