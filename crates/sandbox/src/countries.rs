//! Marketplaces by country code (Amazon uses "UK", not "GB"): region, marketplace, currency, time zone.

pub struct Country {
    pub code: &'static str,
    /// NA | EU | FE
    pub region: &'static str,
    pub marketplace_id: &'static str,
    pub currency: &'static str,
    pub timezone: &'static str,
}

const fn c(
    code: &'static str,
    region: &'static str,
    marketplace_id: &'static str,
    currency: &'static str,
    timezone: &'static str,
) -> Country {
    Country {
        code,
        region,
        marketplace_id,
        currency,
        timezone,
    }
}

pub const COUNTRIES: &[Country] = &[
    c("US", "NA", "ATVPDKIKX0DER", "USD", "America/Los_Angeles"),
    c("CA", "NA", "A2EUQ1WTGCTBG2", "CAD", "America/Los_Angeles"),
    c("MX", "NA", "A1AM78C64UM0Y8", "MXN", "America/Los_Angeles"),
    c("BR", "NA", "A2Q3Y263D00KWC", "BRL", "America/Sao_Paulo"),
    c("UK", "EU", "A1F83G8C2ARO7P", "GBP", "Europe/London"),
    c("DE", "EU", "A1PA6795UKMFR9", "EUR", "Europe/Paris"),
    c("FR", "EU", "A13V1IB3VIYZZH", "EUR", "Europe/Paris"),
    c("IT", "EU", "APJ6JRA9NG5V4", "EUR", "Europe/Paris"),
    c("ES", "EU", "A1RKKUPIHCS9HS", "EUR", "Europe/Paris"),
    c("NL", "EU", "A1805IZSGTT6HS", "EUR", "Europe/Amsterdam"),
    c("SE", "EU", "A2NODRKZP88ZB9", "SEK", "Europe/Stockholm"),
    c("PL", "EU", "A1C3SOZRARQ6R3", "PLN", "Europe/Warsaw"),
    c("BE", "EU", "AMEN7PMS3EDWL", "EUR", "Europe/Brussels"),
    c("IE", "EU", "A28R8C7NBKEWEA", "EUR", "Europe/Dublin"),
    c("TR", "EU", "A33AVAJ2PDY3EV", "TRY", "Europe/Istanbul"),
    c("AE", "EU", "A2VIGQ35RCS4UG", "AED", "Asia/Dubai"),
    c("SA", "EU", "A17E79C6D8DWNP", "SAR", "Asia/Riyadh"),
    c("EG", "EU", "ARBP9OOSHTCHU", "EGP", "Africa/Cairo"),
    c("IN", "EU", "A21TJRUUN4KGV", "INR", "Asia/Kolkata"),
    c("ZA", "EU", "AE08WJ6YKNBMC", "ZAR", "Africa/Johannesburg"),
    c("JP", "FE", "A1VC38T7YXB528", "JPY", "Asia/Tokyo"),
    c("AU", "FE", "A39IBJ37TRP1C6", "AUD", "Australia/Sydney"),
    c("SG", "FE", "A19VAU5U5O7RUS", "SGD", "Asia/Singapore"),
];

pub fn lookup(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code == code)
}

pub fn by_marketplace(marketplace_id: &str) -> Option<&'static Country> {
    COUNTRIES
        .iter()
        .find(|c| c.marketplace_id == marketplace_id)
}
