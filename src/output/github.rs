//! GitHub Actions workflow commands (`::error file=…,line=…::message`), with paths relative to
//! the repository root (GitHub resolves `file=` from there, wherever ismslint ran), escaped as
//! the runner requires (after control characters from the data are made visible escapes).
//! GitHub shows only the first 10 annotations of each level per step, so the CLI also appends
//! the Markdown summary to `$GITHUB_STEP_SUMMARY`.

use super::repo_place;
use super::sanitize::escape_control;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;
use std::fmt::Write;

/// Escaping of the message part.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(diags: &[Diagnostic], files: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        let mut prefix = String::new();
        if let Some(loc) = &d.loc {
            let p = repo_place(files, loc);
            props.push(format!(
                "file={}",
                escape_property(&escape_control(&p.path))
            ));
            match (&p.sheet, &p.cell) {
                (Some(sheet), Some(cell)) => {
                    prefix = format!("{}!{cell}: ", escape_control(sheet));
                }
                _ => {
                    props.push(format!("line={}", p.line));
                    props.push(format!("col={}", p.column));
                    props.push(format!("endLine={}", p.end_line));
                    props.push(format!("endColumn={}", p.end_column));
                }
            }
        }
        props.push(format!(
            "title={}",
            escape_property(&format!("{} {}", d.rule.code, d.rule.name))
        ));
        // Controls and escape sequences from the data are shown escaped, as in every format;
        // the only line break is ismslint's own, before the help.
        let mut message = format!("{prefix}{}", escape_control(&d.message));
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {}", escape_control(h)));
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
