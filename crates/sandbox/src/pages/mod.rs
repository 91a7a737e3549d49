//! HTML pages: small templates with `{{key}}` holes, values HTML-escaped.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub const CONSENT: &str = include_str!("consent.html");
pub const ERROR: &str = include_str!("error.html");
pub const TERMS: &str = include_str!("terms.html");
pub const TERMS_FORM: &str = include_str!("terms_form.html");
pub const DONE: &str = include_str!("done.html");
pub const BILLING: &str = include_str!("billing.html");
pub const INDEX: &str = include_str!("index.html");
const LAYOUT: &str = include_str!("layout.html");

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Fills `{{key}}` holes: `text` values are escaped, `raw` values are trusted HTML.
pub fn fill(template: &str, text: &[(&str, &str)], raw: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in text {
        out = out.replace(&format!("{{{{{k}}}}}"), &escape(v));
    }
    for (k, v) in raw {
        out = out.replace(&format!("{{{{{k}}}}}"), v);
    }
    out
}

pub fn page(status: StatusCode, title: &str, body: String) -> Response {
    let html = fill(LAYOUT, &[("title", title)], &[("body", &body)]);
    (status, Html(html)).into_response()
}

pub fn error_page(status: StatusCode, heading: &str, message: &str, code: &str) -> Response {
    let body = fill(
        ERROR,
        &[("heading", heading), ("message", message), ("code", code)],
        &[],
    );
    page(status, heading, body)
}

pub fn done_page(heading: &str, message: &str) -> Response {
    page(
        StatusCode::OK,
        heading,
        fill(DONE, &[("heading", heading), ("message", message)], &[]),
    )
}
