// The four kinds of advertiser as the page lays them out: their words, icon and which
// inputs each shows. What a field must hold is core's to say (details_check); which fields
// may stay empty comes with AppInfo.
export const KINDS = {
  business: {
    label: "Business not selling on Amazon",
    short: "Business",
    icon: "building",
    fields: ["accountName", "name", "phone", "websiteUrl", "addressLine1", "addressLine2", "city", "state", "zipCode"],
  },
  // Amazon registers sellers and vendors per country: they may name one (core says it is optional).
  seller: {
    label: "Amazon seller",
    short: "Seller",
    icon: "store",
    fields: ["accountName", "sellerCentralAccount", "countryCode"],
  },
  vendor: {
    label: "Amazon vendor",
    short: "Vendor",
    icon: "box",
    fields: ["accountName", "vendorGroup", "countryCode"],
  },
  author: { label: "KDP author", short: "KDP author", icon: "book", fields: ["accountName", "authorEmail"] },
};

/** Core names a field as in the request body (`business.zipCode`); the form by input. */
const INPUT_NAMES = {
  "amazonSeller.sellerCentralAccount": "sellerCentralAccount",
  "amazonVendor.vendorGroup": "vendorGroup",
  "amazonAuthor.email": "authorEmail",
};
export const inputName = (coreName) => INPUT_NAMES[coreName] || coreName.replace(/^business\./, "");

/** The inputs of `kind` that may stay empty, as AppInfo's `details.optional` says. */
export function optionalInputs(info, kind) {
  const entry = (info?.details?.optional || []).find(([k]) => k === kind);
  return new Set((entry ? entry[1] : []).map(inputName));
}

/**
 * Details from elsewhere (saved, imported, a registration's own) as the form holds them:
 * their kind, and the value of each input that kind has, as typed (a country stays "GB";
 * core says how Amazon spells it). A business's country is not an input: core's US.
 */
export function formDraft(details) {
  const kind = KINDS[details?.kind] ? details.kind : "business";
  const fields = {};
  for (const k of KINDS[kind].fields) if (details?.[k] != null) fields[k] = String(details[k]);
  return { kind, fields };
}
