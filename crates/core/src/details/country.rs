//! Country codes as users type them and as Amazon spells them. Amazon's lists (the
//! Profiles enum, the account API's examples) use `UK` where ISO 3166 says `GB`.

/// Amazon's code for each marketplace country, with the other spellings people use.
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "US",
        &[
            "USA",
            "UNITED STATES",
            "UNITED STATES OF AMERICA",
            "AMERICA",
        ],
    ),
    ("CA", &["CAN", "CANADA"]),
    ("MX", &["MEX", "MEXICO"]),
    ("BR", &["BRA", "BRAZIL", "BRASIL"]),
    (
        "UK",
        &["GB", "GBR", "UNITED KINGDOM", "GREAT BRITAIN", "BRITAIN"],
    ),
    ("DE", &["DEU", "GERMANY", "DEUTSCHLAND"]),
    ("FR", &["FRA", "FRANCE"]),
    ("IT", &["ITA", "ITALY", "ITALIA"]),
    ("ES", &["ESP", "SPAIN", "ESPANA"]),
    ("NL", &["NLD", "NETHERLANDS", "THE NETHERLANDS", "HOLLAND"]),
    ("SE", &["SWE", "SWEDEN"]),
    ("PL", &["POL", "POLAND"]),
    ("BE", &["BEL", "BELGIUM"]),
    ("IE", &["IRL", "IRELAND"]),
    ("TR", &["TUR", "TURKEY", "TURKIYE"]),
    ("AE", &["ARE", "UAE", "UNITED ARAB EMIRATES"]),
    ("SA", &["SAU", "SAUDI ARABIA"]),
    ("EG", &["EGY", "EGYPT"]),
    ("IN", &["IND", "INDIA"]),
    ("ZA", &["ZAF", "SOUTH AFRICA"]),
    ("JP", &["JPN", "JAPAN"]),
    ("AU", &["AUS", "AUSTRALIA"]),
    ("SG", &["SGP", "SINGAPORE"]),
];

/// The code to send Amazon for what the user typed: any case, `GB` or `United Kingdom`
/// for `UK`, `U.S.A.` for `US`. Another two-letter code passes through upper-cased (Amazon
/// decides whether it serves it); anything else is `None`.
pub fn amazon_country(input: &str) -> Option<String> {
    let typed: String = input
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if let Some((code, _)) = COUNTRIES
        .iter()
        .find(|(code, aliases)| *code == typed || aliases.contains(&typed.as_str()))
    {
        return Some(code.to_string());
    }
    (typed.len() == 2 && typed.chars().all(|c| c.is_ascii_uppercase())).then_some(typed)
}

#[cfg(test)]
mod tests {
    use super::amazon_country;

    #[test]
    fn spellings_people_type_become_amazons() {
        for (typed, sent) in [
            ("GB", "UK"),
            ("gb", "UK"),
            (" uk ", "UK"),
            ("United Kingdom", "UK"),
            ("us", "US"),
            ("U.S.A.", "US"),
            ("united  states", "US"),
            ("DE", "DE"),
            ("Germany", "DE"),
            ("jp", "JP"),
            ("ZZ", "ZZ"),
        ] {
            assert_eq!(amazon_country(typed).as_deref(), Some(sent), "{typed}");
        }
        for bad in ["", "U", "Narnia", "U5", "ÜK"] {
            assert_eq!(amazon_country(bad), None, "{bad}");
        }
    }
}
