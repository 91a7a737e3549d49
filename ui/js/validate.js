// What Amazon refuses, checked as the user types, and no stricter: the guide's own example
// writes the state as "New York" and the website as "www.havenhotel.com".
export const US_STATES = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado",
  CT: "Connecticut", DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia",
  HI: "Hawaii", ID: "Idaho", IL: "Illinois", IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky",
  LA: "Louisiana", ME: "Maine", MD: "Maryland", MA: "Massachusetts", MI: "Michigan", MN: "Minnesota",
  MS: "Mississippi", MO: "Missouri", MT: "Montana", NE: "Nebraska", NV: "Nevada", NH: "New Hampshire",
  NJ: "New Jersey", NM: "New Mexico", NY: "New York", NC: "North Carolina", ND: "North Dakota",
  OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania", RI: "Rhode Island",
  SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah", VT: "Vermont",
  VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
  PR: "Puerto Rico", GU: "Guam", VI: "U.S. Virgin Islands", AS: "American Samoa", MP: "Northern Mariana Islands",
};

const NAMES = new Set(Object.values(US_STATES).map((n) => n.toLowerCase()));

export const KINDS = {
  business: {
    label: "Business not selling on Amazon",
    short: "Business",
    icon: "building",
    fields: ["accountName", "name", "phone", "websiteUrl", "addressLine1", "addressLine2", "city", "state", "zipCode"],
    optional: ["addressLine2"],
  },
  seller: { label: "Amazon seller", short: "Seller", icon: "store", fields: ["accountName", "sellerCentralAccount"], optional: ["accountName"] },
  vendor: { label: "Amazon vendor", short: "Vendor", icon: "box", fields: ["accountName", "vendorGroup"], optional: ["accountName"] },
  author: { label: "KDP author", short: "KDP author", icon: "book", fields: ["accountName", "authorEmail"], optional: ["accountName"] },
};

const REQUIRED = {
  accountName: "Enter an account name, such as the brand advertisers will recognise",
  name: "Enter the legal business name, as on official documents",
  phone: "Enter the business phone number",
  websiteUrl: "Enter the business website, such as www.example.com",
  addressLine1: "Enter the first line of the registered address",
  city: "Enter the city",
  state: "Enter the state",
  zipCode: "Enter a 5-digit ZIP or ZIP+4",
  sellerCentralAccount: "Enter the Seller Central account ID (merchant ID)",
  vendorGroup: "Enter the vendor group ID",
  authorEmail: "Enter the email of the KDP or Author Central account",
};

export function isState(v) {
  const t = v.trim();
  return Object.hasOwn(US_STATES, t.toUpperCase()) || NAMES.has(t.toLowerCase());
}

export function isWebsite(v) {
  const t = v.trim();
  if (/\s/.test(t)) return false;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `http://${t}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol !== "http:" && u.protocol !== "https:") return false;
    return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(u.hostname);
  } catch {
    return false;
  }
}

export const isEmail = (v) => /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@]+$/.test(v.trim());

export function checkField(key, raw, kind) {
  const v = (raw ?? "").trim();
  const optional = KINDS[kind].optional.includes(key);
  if (!v) return optional ? null : REQUIRED[key] || "This field is required";
  switch (key) {
    case "phone": {
      if (/[^0-9+().\s-]/.test(v)) return "Use digits, spaces and + ( ) - only";
      const digits = v.replace(/\D/g, "");
      return digits.length >= 7 && digits.length <= 15 ? null : "Enter a full phone number, such as 555-555-5555";
    }
    case "websiteUrl":
      return isWebsite(v) ? null : "Enter a website such as www.example.com or https://example.com";
    case "state":
      return isState(v) ? null : "Enter a US state by name or code, such as New York or NY";
    case "zipCode":
      return /^\d{5}(-\d{4})?$/.test(v) ? null : "Enter a 5-digit ZIP or ZIP+4";
    case "authorEmail":
      return isEmail(v) ? null : "Enter an email address, such as name@example.com";
    case "sellerCentralAccount":
      return /^[A-Za-z0-9]+$/.test(v) ? null : "Use the ID's letters and digits only, such as A6DEQ9LYHIBE8";
    case "vendorGroup":
      return /\s/.test(v) ? "Remove the spaces from the vendor group ID" : null;
    default:
      return null;
  }
}

export function checkAll(kind, fields) {
  const errors = {};
  for (const key of KINDS[kind].fields) {
    const e = checkField(key, fields[key], kind);
    if (e) errors[key] = e;
  }
  return errors;
}
