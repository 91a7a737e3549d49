// How a registration's outcome is said: once to a screen reader when it is reached, and
// as the title the focus moves to. Statuses are core's; these are only their words.

const name = (reg) => reg.accountName || reg.details?.accountName || "The account";

/** Every country has its profile ID: the account is usable everywhere it was asked for. */
export const profilesReady = (reg) =>
  (reg.countries || []).length > 0 && reg.countries.every((c) => c.profileId || (c.reasons || []).length);

/** The countries Amazon refused for good, with its reasons. */
export const refusedCountries = (reg) => (reg.countries || []).filter((c) => (c.reasons || []).length);

const WORDS = {
  CREATED: (reg) =>
    profilesReady(reg) ? `${name(reg)} is ready.` : `${name(reg)} is created. Its profile IDs are on the way.`,
  PARTIALLY_CREATED: (reg) => `${name(reg)} is partly created: some countries are ready, the rest are on their way.`,
  PARTLY_REFUSED: (reg) => `${name(reg)} is ready in some countries. Amazon refused the others.`,
  DISABLED: (reg) => `Amazon didn't approve ${name(reg)}.`,
  REJECTED: (reg) => `Amazon refused the registration of ${name(reg)}.`,
  TIMED_OUT: (reg) => `Amazon hasn't finished ${name(reg)} yet. Ads Onboard stopped checking.`,
};

/** The sentence for `reg`'s status when it is an outcome, else null. */
export const outcomeWords = (reg) => WORDS[reg.status]?.(reg) || null;
