//! Decoders that keep what they can read. An account's lists, its error map and the
//! billing answer's arrays are informational: one entry of an unexpected type is
//! dropped and logged, so it never costs the user the account (or the whole answer).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{Number, Value};
use std::collections::BTreeMap;

use super::accounts::AccountError;

/// A JSON `number` (integer or float, as the spec allows); a numeric string is read too;
/// anything else counts as absent.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Number>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => Some(n),
        Value::String(s) => s.trim().parse::<Number>().ok(),
        Value::Null => None,
        other => {
            tracing::warn!(kind = kind(&other), "ignored a non-numeric errorId");
            None
        }
    })
}

/// A non-empty string (the spec's `minLength: 1`); a number is read as its text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// An array of `T`, keeping the items that decode; `null` or a non-array is empty.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(items(Value::deserialize(d)?, "list"))
}

/// `CountryCodeToErrorListMap`: country code to `Error[]`. A lone error object where a
/// list belongs is taken as a list of one.
pub fn error_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Vec<AccountError>>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .map(|(country, v)| {
            let v = if v.is_object() {
                Value::Array(vec![v])
            } else {
                v
            };
            (country, items(v, "errors"))
        })
        .collect())
}

fn items<T: DeserializeOwned>(v: Value, what: &'static str) -> Vec<T> {
    match v {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .filter_map(|(index, item)| match serde_json::from_value(item) {
                Ok(x) => Some(x),
                Err(e) => {
                    tracing::warn!(what, index, error = %e, "skipped an unreadable entry");
                    None
                }
            })
            .collect(),
        Value::Null => Vec::new(),
        other => {
            tracing::warn!(what, kind = kind(&other), "expected an array; ignored");
            Vec::new()
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
