// The details form's inputs: words, hints and input types per field, laid out per kind.
// Whether a value is right is core's to say; this file only draws.
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
};
const HINTS = {
  sellerCentralAccount: "The merchant ID shown in Seller Central, such as A6DEQ9LYHIBE8.",
  vendorGroup: "The vendor group ID from Vendor Central.",
  authorEmail: "The email of the KDP or Author Central account; a personal address is fine.",
};
const INPUT = {
  phone: { type: "tel", autocomplete: "tel" },
  websiteUrl: { type: "text", inputmode: "url", autocomplete: "url" },
  authorEmail: { type: "email", autocomplete: "email" },
  zipCode: { inputmode: "numeric", autocomplete: "postal-code" },
  state: { autocomplete: "address-level1", list: "us-states" },
  city: { autocomplete: "address-level2" },
  addressLine1: { autocomplete: "address-line1" },
  addressLine2: { autocomplete: "address-line2" },
};

/** One labelled input with its hint and message line; `on` wires its events. */
export function field(key, { span, value, optional, on }) {
  const id = `f-${key}`;
  const input = h("input.input", {
    id,
    name: key,
    value: value || "",
    "aria-describedby": `${id}-msg${HINTS[key] ? ` ${id}-hint` : ""}`,
    spellcheck: "false",
    ...(INPUT[key] || { type: "text" }),
    on,
  });
  const message = h("div.field-msg", { id: `${id}-msg`, "aria-live": "polite" });
  const el = h(
    `div.field.span-${span}`,
    h("label.field-label", { for: id }, LABELS[key], optional ? h("span.optional", { text: "Optional" }) : null),
    h("div.input-wrap", input, icon("alert", 14)),
    HINTS[key] ? h("div.field-hint", { id: `${id}-hint`, text: HINTS[key] }) : null,
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

/** The US states core accepts, offered as the user types the state. */
function states(info) {
  const list = info?.details?.usStates || [];
  return h(
    "datalist#us-states",
    list.map(([code, name]) => h("option", { value: name, label: code })),
  );
}

/** The form for `kind`, its inputs made by `make(key, span)`. */
export function layout(kind, make, info) {
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
      states(info),
    );
  }
  const key = KINDS[kind].fields.find((f) => f !== "accountName");
  return h(
    "div.form",
    h("div.overline.form-section", { text: KINDS[kind].label }),
    h("div.grid", make(key, 6), make("accountName", 6)),
  );
}
