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
  seller: { label: "Amazon seller", short: "Seller", icon: "store", fields: ["accountName", "sellerCentralAccount"] },
  vendor: { label: "Amazon vendor", short: "Vendor", icon: "box", fields: ["accountName", "vendorGroup"] },
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
