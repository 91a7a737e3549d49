// The details form's inputs: words, hints and input types per field, laid out per kind.
// Whether a value is right is core's to say; this file only draws.
import * as store from "../store.js";
import { h } from "../dom.js";
import { icon } from "../icons.js";
import { KINDS } from "../kinds.js";

const LABELS = {
  accountName: "Account name",
  name: "Legal business name",
  phone: "Phone",
  websiteUrl: "Website",
  addressLine1: "Address line 1",
  addressLine2: "Address line 2",
  city: "City",
  state: "State",
  zipCode: "ZIP",
  sellerCentralAccount: "Seller Central account ID",
  vendorGroup: "Vendor group ID",
  authorEmail: "Author account email",
  countryCode: "Country",
};
const HINTS = {
  sellerCentralAccount: "The merchant ID shown in Seller Central, such as A6DEQ9LYHIBE8.",
  vendorGroup: "The vendor group ID from Vendor Central.",
  authorEmail: "The email of the KDP or Author Central account; a personal address is fine.",
};
/** Amazon registers sellers and vendors per country: what leaving it empty does is core's word. */
function countryHint(kind) {
  const entry = (store.get().info?.details?.withoutCountry || []).find(([k]) => k === kind);
  return entry ? `One country to register, such as UK or DE. Empty: ${entry[1]}.` : null;
}
const INPUT = {
  phone: { type: "tel", autocomplete: "tel" },
  websiteUrl: { type: "text", inputmode: "url", autocomplete: "url" },
  authorEmail: { type: "email", autocomplete: "email" },
  zipCode: { inputmode: "numeric", autocomplete: "postal-code" },
  state: { autocomplete: "address-level1" },
  city: { autocomplete: "address-level2" },
  addressLine1: { autocomplete: "address-line1" },
  addressLine2: { autocomplete: "address-line2" },
  countryCode: { autocomplete: "country", autocapitalize: "characters" },
};

/**
 * The US states core accepts, as a list (the design's select). A value that is none of
 * them (an imported "N.Y.") stays as its own choice, so nothing typed is lost and core
 * says what is wrong with it.
 */
function stateSelect(attrs, value, states) {
  const byCode = new Map(states.map(([code, name]) => [code.toUpperCase(), name]));
  const v = (value || "").trim();
  const chosen = byCode.get(v.toUpperCase()) || v;
  const known = states.some(([, name]) => name === chosen);
  return h(
    "select.input.select",
    { ...attrs, autocomplete: "address-level1" },
    h("option", { value: "", text: "Choose a state" }),
    chosen && !known ? h("option", { value: chosen, text: chosen }) : null,
    states.map(([code, name]) => h("option", { value: name, text: name, dataset: { code } })),
  );
}

/** One labelled input with its hint and message line; `on` wires its events. */
export function field(key, { span, value, optional, on, states = [], kind }) {
  const id = `f-${key}`;
  const hint = key === "countryCode" ? countryHint(kind) : HINTS[key];
  const attrs = {
    id,
    name: key,
    "aria-describedby": `${id}-msg${hint ? ` ${id}-hint` : ""}`,
    on,
  };
  const input =
    key === "state" && states.length
      ? stateSelect(attrs, value, states)
      : h("input.input", { ...attrs, value: value || "", spellcheck: "false", ...(INPUT[key] || { type: "text" }) });
  if (input.tagName === "SELECT") input.value = stateSelectValue(value, states);
  const message = h("div.field-msg", { id: `${id}-msg` });
  // Businesses register in the US only: the phone's country code is shown, not typed.
  const prefix = key === "phone" ? h("span.input-prefix", { "aria-hidden": "true", text: "+1" }) : null;
  const el = h(
    `div.field.span-${span}`,
    h(
      "label.field-label",
      { for: id },
      LABELS[key],
      key === "phone" ? h("span.sr-only", { text: " (United States, +1)" }) : null,
      optional ? h("span.optional", { text: "Optional" }) : null,
    ),
    h(`div.input-wrap${prefix ? ".has-prefix" : ""}`, prefix, input, icon("alert", 14)),
    hint ? h("div.field-hint", { id: `${id}-hint`, text: hint }) : null,
    message,
  );
  return { el, input, message };
}

function lockedCountry() {
  return h(
    "div.field.span-3",
    h("label.field-label", { for: "f-country" }, "Country"),
    h(
      "div.input-wrap.locked",
      h("input.input", {
        id: "f-country",
        value: "United States",
        readonly: true,
        title: "Amazon registers businesses that don't sell on Amazon in the US only",
      }),
      icon("lock", 14),
    ),
  );
}

/** The option a stored or imported state (a name or a code) selects. */
function stateSelectValue(value, states) {
  const v = (value || "").trim();
  const hit = states.find(([code, name]) => code.toUpperCase() === v.toUpperCase() || name === v);
  return hit ? hit[1] : v;
}

/** The form for `kind`, its inputs made by `make(key, span)`. */
export function layout(kind, make) {
  if (kind === "business") {
    return h(
      "div.form",
      h("div.overline.form-section", { text: "Business" }),
      h("div.grid", make("accountName", 6), make("name", 6), make("phone", 6), make("websiteUrl", 6)),
      h("div.overline.form-section", { text: "Registered address" }),
      h(
        "div.grid",
        make("addressLine1", 6),
        make("addressLine2", 6),
        make("city", 3),
        make("state", 3),
        make("zipCode", 3),
        lockedCountry(),
      ),
    );
  }
  const fields = KINDS[kind].fields;
  const key = fields.find((f) => f !== "accountName" && f !== "countryCode");
  return h(
    "div.form",
    h("div.overline.form-section", { text: KINDS[kind].label }),
    h("div.grid", make(key, 6), make("accountName", 6), fields.includes("countryCode") ? make("countryCode", 6) : null),
  );
}
