//! Rendering results on stdout: JSON, CSV or an aligned table.

use serde::Serialize;
use std::io::Write;

use crate::cli::Format;
use crate::error::{CliError, CliResult};

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::other(format!("cannot render JSON: {e}")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}

/// Rows as CSV (RFC 4180 quoting) with a header line.
pub fn csv_text(headers: &[&str], rows: &[Vec<String>]) -> CliResult<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| CliError::other(format!("cannot write CSV: {e}"));
    w.write_record(headers).map_err(fail)?;
    for r in rows {
        w.write_record(r).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| CliError::other(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| CliError::other(format!("cannot write CSV: {e}")))
}

/// Columns padded to their widest cell; for people, not scripts.
pub fn table_text(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

/// JSON of `items`, or `rows` as CSV or a table.
pub fn print_list<T: Serialize>(
    format: Format,
    items: &[T],
    headers: &[&str],
    rows: impl FnOnce() -> Vec<Vec<String>>,
) -> CliResult<()> {
    let text = match format {
        Format::Json => return print_json(items),
        Format::Csv => csv_text(headers, &rows())?,
        Format::Table => table_text(headers, &rows()),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_table_aligns() {
        let rows = vec![vec!["a,b".to_string(), "1".to_string()]];
        assert_eq!(
            csv_text(&["name", "n"], &rows).unwrap(),
            "name,n\n\"a,b\",1\n"
        );
        let t = table_text(&["name", "n"], &[vec!["longer".into(), "1".into()]]);
        assert_eq!(t, "name    n\nlonger  1\n");
    }
}
