//! Shared model helpers: enums that tolerate values Amazon adds later, and profile IDs
//! that survive JavaScript.

/// A string enum with an `Unknown(String)` catch-all, serialised as Amazon spells it.
macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this version does not know yet.
            Unknown(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(s) => s,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(s.parse().unwrap_or_else(|e: std::convert::Infallible| match e {}))
            }
        }
    };
}
pub(crate) use string_enum;

/// A per-country profile ID: 64-bit on the wire (a JSON number), a string towards the
/// UI because JavaScript numbers lose precision above 2^53. Reads both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProfileId(pub i64);

impl std::fmt::Display for ProfileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for ProfileId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for ProfileId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_u64().and_then(|u| i64::try_from(u).ok()))
                .or_else(|| n.as_f64().and_then(integral))
                .map(ProfileId)
                .ok_or_else(|| D::Error::custom(format!("profileId {n} is not a 64-bit integer"))),
            serde_json::Value::String(s) => s
                .trim()
                .parse()
                .map(ProfileId)
                .map_err(|_| D::Error::custom(format!("profileId {s:?} is not an integer"))),
            other => Err(D::Error::custom(format!(
                "profileId must be a number, got {other}"
            ))),
        }
    }
}

/// An integer sent as a float (`123.0`, which the account spec's `number` allows); a
/// real fraction (`1.5`) is no ID. Exact because core parses floats with serde_json's
/// `float_roundtrip`.
fn integral(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    string_enum!(Colour { Red = "RED", Blue = "BLUE" });

    #[test]
    fn unknown_enum_values_survive_a_round_trip() {
        let c: Colour = serde_json::from_str("\"GREEN\"").unwrap();
        assert_eq!(c, Colour::Unknown("GREEN".into()));
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"GREEN\"");
        assert_eq!(
            serde_json::from_str::<Colour>("\"RED\"").unwrap(),
            Colour::Red
        );
    }

    #[test]
    fn profile_ids_keep_all_64_bits_and_go_out_as_strings() {
        let big = 9_007_199_254_740_993i64; // 2^53 + 1
        let p: ProfileId = serde_json::from_str(&big.to_string()).unwrap();
        assert_eq!(p.0, big);
        assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{big}\""));
        let back: ProfileId = serde_json::from_str(&format!("\"{big}\"")).unwrap();
        assert_eq!(back, p);
        assert!(serde_json::from_str::<ProfileId>("1.5").is_err());
        assert!(serde_json::from_str::<ProfileId>("1000000.5").is_err());
        let p: ProfileId = serde_json::from_str("1814242903380367.0").unwrap();
        assert_eq!(p, ProfileId(1_814_242_903_380_367));
    }
}
