//! A small OpenAPI 3 response checker: enough JSON Schema for Amazon's three specs
//! ($ref, allOf, type, enum, properties, required, additionalProperties, items,
//! min/maxItems, min/maxLength, minimum/maximum and `^[class]+$` patterns). Properties a
//! schema does not declare are reported too, so the sandbox cannot drift from the spec.

use serde_json::Value;

pub struct Spec {
    doc: Value,
}

impl Spec {
    pub fn load(file: &str) -> Spec {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("spec")
            .join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Spec {
            doc: serde_json::from_str(&text).unwrap(),
        }
    }

    /// The schema the spec declares for this response, or `None` when the status is not
    /// declared for the operation. Panics when the status is declared but not this media type.
    pub fn response_schema(
        &self,
        method: &str,
        path: &str,
        status: u16,
        media_type: &str,
    ) -> Option<&Value> {
        let op = &self.doc["paths"][path][method.to_ascii_lowercase()];
        assert!(op.is_object(), "{method} {path} is not in the spec");
        let resp = op["responses"].get(status.to_string())?;
        let content = resp["content"].as_object().expect("response content");
        let schema = content
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(media_type))
            .map(|(_, v)| &v["schema"])
            .unwrap_or_else(|| {
                panic!(
                    "{method} {path} {status}: media type {media_type} not declared; spec has {:?}",
                    content.keys()
                )
            });
        Some(schema)
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#').expect("local $ref");
                self.resolve(
                    self.doc
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("dangling $ref {r}")),
                )
            }
            None => schema,
        }
    }

    pub fn validate(&self, schema: &Value, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, instance, "", &mut errors);
        errors
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
        let s = self.resolve(schema);
        if let Some(all) = s.get("allOf").and_then(Value::as_array) {
            for sub in all {
                self.check(sub, v, at, errs);
            }
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                errs.push(format!("{at}: {v} not in enum"));
            }
        }
        let ty = s.get("type").and_then(Value::as_str);
        let ok = match ty {
            Some("object") => v.is_object(),
            Some("array") => v.is_array(),
            Some("string") => v.is_string(),
            Some("integer") => v.is_i64() || v.is_u64(),
            Some("number") => v.is_number(),
            Some("boolean") => v.is_boolean(),
            _ => true,
        };
        if !ok {
            errs.push(format!("{at}: expected {}, got {v}", ty.unwrap_or("?")));
            return;
        }
        if let Some(o) = v.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for r in &required {
                if !o.contains_key(*r) {
                    errs.push(format!("{at}: missing required `{r}`"));
                }
            }
            for (k, val) in o {
                let here = format!("{at}/{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => self.check(ps, val, &here, errs),
                    None => match s.get("additionalProperties") {
                        Some(ap) if ap.is_object() => self.check(ap, val, &here, errs),
                        _ if required.contains(&k.as_str()) => {}
                        _ if s.get("allOf").is_some() => {}
                        _ => errs.push(format!("{here}: not declared by the schema")),
                    },
                }
            }
        }
        if let Some(a) = v.as_array() {
            if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
                if (a.len() as u64) < min {
                    errs.push(format!("{at}: fewer than {min} items"));
                }
            }
            if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
                if a.len() as u64 > max {
                    errs.push(format!("{at}: more than {max} items"));
                }
            }
            if let Some(items) = s.get("items") {
                for (i, item) in a.iter().enumerate() {
                    self.check(items, item, &format!("{at}/{i}"), errs);
                }
            }
        }
        if let Some(text) = v.as_str() {
            let n = text.chars().count() as u64;
            if s.get("minLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n < m)
            {
                errs.push(format!("{at}: shorter than minLength"));
            }
            if s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
            {
                errs.push(format!("{at}: longer than maxLength"));
            }
            if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                if let Some(false) = class_pattern_matches(p, text) {
                    errs.push(format!("{at}: `{text}` does not match {p}"));
                }
            }
        }
        if let Some(n) = v.as_f64() {
            if s.get("minimum")
                .and_then(Value::as_f64)
                .is_some_and(|m| n < m)
            {
                errs.push(format!("{at}: below minimum"));
            }
            if s.get("maximum")
                .and_then(Value::as_f64)
                .is_some_and(|m| n > m)
            {
                errs.push(format!("{at}: above maximum"));
            }
        }
    }
}

/// Evaluates patterns of the form `^[class]+$` (the only kind on the fields we serve);
/// `None` for any other pattern.
fn class_pattern_matches(pattern: &str, text: &str) -> Option<bool> {
    let class = pattern.strip_prefix("^[")?.strip_suffix("]+$")?;
    let chars: Vec<char> = class.chars().collect();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len() && chars[i + 1] == '-' {
            ranges.push((chars[i], chars[i + 2]));
            i += 3;
        } else {
            ranges.push((chars[i], chars[i]));
            i += 1;
        }
    }
    Some(
        !text.is_empty()
            && text
                .chars()
                .all(|c| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi)),
    )
}
