//! Text from the repository on its way out. In CI the author of a pull request controls every
//! file ismslint reads — cell text, file and sheet names, baselines — and what ismslint prints
//! lands in a terminal, in a CI log that the runner scans for workflow commands, in XML, in
//! Markdown that GitHub renders, or in a URI. Each function here makes data safe for one of those:
//!
//! - [`escape_text`]: one line for a terminal or CI log. Control characters (C0, DEL, C1),
//!   line and paragraph separators, bidirectional controls ("Trojan Source") and the
//!   noncharacters U+FFFE/U+FFFF are shown as visible escapes (`\n`, `\u{1b}`), so a newline in
//!   data never becomes a line break and no escape sequence reaches the terminal; and the `[`
//!   of `##[` / `##vso[` is escaped, since the GitHub runner (legacy `##[command]`) and the
//!   Azure Pipelines agent (`##vso[…]`) find those anywhere in a line.
//! - [`neutralise_line_starts`]: a whole rendered text, as a last defence: a line whose first
//!   non-blank characters are `::` (a GitHub workflow command; the runner trims leading
//!   whitespace first) gets that first `:` escaped, and `##[` / `##vso[` are escaped anywhere.
//! - [`line_start_path`]: a path that starts a line (concise output, JUnit failure text).
//! - [`xml_escape`], [`percent_encode_path`], [`json_ci_safe`], and the Markdown table-cell
//!   helpers [`md_text`], [`md_code_span`] and [`md_message`].

use std::borrow::Cow;
use std::fmt::Write;

/// Characters never written raw: controls (C0, DEL, C1), the Unicode line and paragraph
/// separators, bidirectional embedding/override/isolate controls and marks, and the
/// noncharacters U+FFFE and U+FFFF (not allowed in XML).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// The visible form of an unsafe character: `\n`, `\r`, `\t`, else `\u{…}` in lowercase hex.
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// Whether a `[` at byte `i` of `s` completes `##[` or `##vso[` (`vso` in any case).
fn is_ci_marker_bracket(s: &str, i: usize) -> bool {
    let before = &s.as_bytes()[..i];
    before.ends_with(b"##")
        || (before.len() >= 5 && before[before.len() - 5..].eq_ignore_ascii_case(b"##vso"))
}

/// Control characters, separators, bidi controls and U+FFFE/U+FFFF as visible escapes.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of repository text for a terminal or a CI log: [`escape_control`], and the `[` of
/// `##[` / `##vso[` as `\u{5b}`.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    let needs = s.chars().any(is_unsafe_char)
        || s.match_indices('[')
            .any(|(i, _)| is_ci_marker_bracket(s, i));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if is_unsafe_char(c) || (c == '[' && is_ci_marker_bracket(s, i)) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a line would be read as a GitHub workflow command (`::name …::`): the runner trims
/// leading whitespace (any Unicode white space) before looking for `::`.
fn starts_command(line: &str) -> bool {
    line.trim_start().starts_with("::")
}

/// A rendered, possibly multi-line text (human, concise, JUnit, Markdown, stderr): every line
/// whose first non-blank characters are `::` gets that first `:` escaped as `\u{3a}`, and
/// `##[` / `##vso[` are escaped anywhere. Lines end at `\n` or `\r` (as runners read them).
/// Everything else, including ismslint's own colour sequences, is left as it is.
pub fn neutralise_line_starts(text: &str) -> Cow<'_, str> {
    let mut line_start = true;
    let mut edits: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        if line_start {
            // The blanks before the first character of this line (not past its end).
            let rest = &text[i..];
            let blank = rest
                .find(|c: char| !c.is_whitespace() || matches!(c, '\n' | '\r'))
                .unwrap_or(rest.len());
            if rest[blank..].starts_with("::") {
                edits.push(i + blank);
            }
        }
        if c == '[' && is_ci_marker_bracket(text, i) {
            edits.push(i);
        }
        line_start = matches!(c, '\n' | '\r');
    }
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    edits.sort_unstable();
    edits.dedup();
    let mut out = String::with_capacity(text.len() + 8 * edits.len());
    let mut last = 0;
    for at in edits {
        out.push_str(&text[last..at]);
        let c = text[at..].chars().next().unwrap_or(':');
        push_escaped(&mut out, c);
        last = at + c.len_utf8();
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// A path (or `path › Sheet!A1`) that starts a line: [`escape_text`], and `./` in front when it
/// starts with white space or `::` (a relative path means the same with `./`).
pub fn line_start_path(path: &str) -> Cow<'_, str> {
    let escaped = escape_text(path);
    if escaped.starts_with(char::is_whitespace) || starts_command(&escaped) {
        Cow::Owned(format!("./{escaped}"))
    } else {
        escaped
    }
}

/// XML character data or a double-quoted attribute value. The text must already be free of
/// characters XML forbids (see [`escape_text`]).
pub fn xml_escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A relative path as an RFC 3986 URI reference: `/` separates segments; unreserved characters
/// and the sub-delimiters and `@` stay; everything else — space, `#`, `%`, `?`, `:` (which would
/// read as a scheme in a first segment), brackets, controls and non-ASCII (as UTF-8 bytes) — is
/// percent-encoded.
pub fn percent_encode_path(s: &str) -> Cow<'_, str> {
    fn keep(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b)
    }
    if s.bytes().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for b in s.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Cow::Owned(out)
}

/// Serialised JSON (JSON, SARIF, GitLab) printed where a terminal or a CI runner reads it.
/// serde_json escapes C0 controls only; this also writes the other unsafe characters (DEL, C1
/// controls, bidi controls, separators, U+FFFE/U+FFFF) and the `[` of `##[` / `##vso[` as
/// `\uXXXX`. All of them can only occur inside strings, where the escape means the same
/// character: the document is unchanged for any JSON reader.
pub fn json_ci_safe(json: String) -> String {
    // Raw `\n`, `\r` and `\t` are JSON's own white space (serde_json escapes them in strings).
    let needs = |i: usize, c: char| {
        (is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t'))
            || (c == '[' && is_ci_marker_bracket(&json, i))
    };
    if !json.char_indices().any(|(i, c)| needs(i, c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for (i, c) in json.char_indices() {
        if needs(i, c) {
            // Every unsafe character is in the Basic Multilingual Plane.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Plain text in a GitHub-flavoured Markdown table cell, shown literally: controls as escapes;
/// a backslash before every character that starts inline markup (code, emphasis,
/// strikethrough, links and images, HTML and autolinks, entities, math, the cell separator);
/// and the `:` of `://` and the `.` of `www.`, which would start an extended autolink.
pub fn md_text(s: &str) -> String {
    let s = escape_text(s);
    let mut out = String::with_capacity(s.len() + 8);
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '!' | '&' | '|' | '$' | '@' => {
                true
            }
            ':' => bytes[i + 1..].starts_with(b"//"),
            '.' => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text as a code span in a GitHub-flavoured Markdown table cell: a backtick fence longer than
/// any run of backticks inside, padded with spaces when the text starts or ends with a backtick
/// or a space; `|` as `\|` (the table splits cells before it parses code spans), with the
/// backslashes right before a `|` doubled so that none of them escapes the escape.
pub fn md_code_span(s: &str) -> String {
    let s = escape_text(s);
    if s.is_empty() {
        return "` `".into();
    }
    let mut body = String::with_capacity(s.len() + 8);
    let mut run_start = 0; // start of the current run of backslashes in `body`
    let mut in_run = false;
    for c in s.chars() {
        match c {
            '\\' => {
                if !in_run {
                    run_start = body.len();
                    in_run = true;
                }
                body.push('\\');
            }
            '|' => {
                if in_run {
                    let run = body.len() - run_start;
                    body.push_str(&"\\".repeat(run));
                }
                in_run = false;
                body.push_str("\\|");
            }
            _ => {
                in_run = false;
                body.push(c);
            }
        }
    }
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = body.starts_with('`')
        || body.ends_with('`')
        || (body.starts_with(' ') && body.ends_with(' '));
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{body}{space}{fence}")
}

/// A message in a GitHub-flavoured Markdown table cell. Messages quote values in backticks;
/// each backtick-quoted part becomes a code span ([`md_code_span`]) and the rest plain text
/// ([`md_text`]), so a backtick in data can at most move text between code and plain, never
/// let markup through. An unmatched or empty pair of backticks is shown literally.
pub fn md_message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(&md_text(part));
        } else if i + 1 < parts.len() && !part.is_empty() {
            out.push_str(&md_code_span(part));
        } else if i + 1 < parts.len() {
            out.push_str("\\`\\`");
        } else {
            out.push_str("\\`");
            out.push_str(&md_text(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_escapes() {
        assert_eq!(escape_control("plain"), "plain");
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
        assert_eq!(escape_control("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(
            escape_control("x\u{1b}]0;T\u{7}\u{1b}[2J"),
            "x\\u{1b}]0;T\\u{7}\\u{1b}[2J"
        );
        assert_eq!(
            escape_control("\u{7f}\u{85}\u{9b}"),
            "\\u{7f}\\u{85}\\u{9b}"
        );
        assert_eq!(
            escape_control("a\u{202e}b\u{2066}c\u{2028}d"),
            "a\\u{202e}b\\u{2066}c\\u{2028}d"
        );
        assert_eq!(escape_control("x\u{ffff}\u{fffe}"), "x\\u{ffff}\\u{fffe}");
        // Ordinary non-ASCII text is untouched.
        assert_eq!(
            escape_control("Zugriff › Blatt ✓ שלום"),
            "Zugriff › Blatt ✓ שלום"
        );
    }

    #[test]
    fn ci_markers_are_broken_anywhere() {
        assert_eq!(escape_text("x ##[error]y"), "x ##\\u{5b}error]y");
        assert_eq!(
            escape_text("##vso[task.setvariable]"),
            "##vso\\u{5b}task.setvariable]"
        );
        assert_eq!(escape_text("##VSO[x]"), "##VSO\\u{5b}x]");
        assert_eq!(escape_text("# [a] #[b] ## [c]"), "# [a] #[b] ## [c]");
        assert_eq!(escape_text("::error::x"), "::error::x"); // not at a line start here
    }

    #[test]
    fn line_starts() {
        assert_eq!(neutralise_line_starts("a\nb ::c\n"), "a\nb ::c\n");
        assert_eq!(
            neutralise_line_starts("ok\n::error::x\n \u{a0}::warning::y\r::z\n"),
            "ok\n\\u{3a}:error::x\n \u{a0}\\u{3a}:warning::y\r\\u{3a}:z\n"
        );
        assert_eq!(neutralise_line_starts("::a"), "\\u{3a}:a");
        assert_eq!(neutralise_line_starts("x ##[group]y"), "x ##\\u{5b}group]y");
        // A blank line followed by a command line: the edit lands on the command line.
        assert_eq!(neutralise_line_starts("\n\n::x::y"), "\n\n\\u{3a}:x::y");
        let coloured = "\u{1b}[1merror\u{1b}[0m: ok\n";
        assert_eq!(neutralise_line_starts(coloured), coloured);
    }

    #[test]
    fn paths_at_line_start() {
        assert_eq!(line_start_path("soa.csv"), "soa.csv");
        assert_eq!(line_start_path("::error::x.csv"), "./::error::x.csv");
        assert_eq!(line_start_path(" ::x"), "./ ::x");
        assert_eq!(line_start_path("a\n::error::b"), "a\\n::error::b");
    }

    #[test]
    fn xml() {
        assert_eq!(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(
            percent_encode_path("policies/a b#c%41.md"),
            "policies/a%20b%23c%2541.md"
        );
        assert_eq!(percent_encode_path("a?b:c/é"), "a%3Fb%3Ac/%C3%A9");
        assert_eq!(
            percent_encode_path("registers/soa-v1_(2).csv"),
            "registers/soa-v1_(2).csv"
        );
    }

    #[test]
    fn json_markers() {
        assert_eq!(
            json_ci_safe(r###"{"m": "a ##[error]b ##vso[x]"}"###.into()),
            r###"{"m": "a ##\u005berror]b ##vso\u005bx]"}"###
        );
        let raw = serde_json::to_string_pretty(
            &serde_json::json!({ "m": "##[x] \u{9b}\u{202e}\u{7f}\u{2028}" }),
        )
        .unwrap();
        let safe = json_ci_safe(raw);
        assert_eq!(
            safe,
            "{\n  \"m\": \"##\\u005bx] \\u009b\\u202e\\u007f\\u2028\"\n}"
        );
        let v: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(v["m"], "##[x] \u{9b}\u{202e}\u{7f}\u{2028}");
    }

    #[test]
    fn markdown_text() {
        assert_eq!(md_text("plain words, 1.2 (x)"), "plain words, 1.2 (x)");
        assert_eq!(
            md_text("![t](https://e.x/t.png) <img src=x> a|b *c* \\"),
            "\\!\\[t\\](https\\://e.x/t.png) \\<img src=x\\> a\\|b \\*c\\* \\\\"
        );
        assert_eq!(md_text("see www.e.x"), "see www\\.e.x");
        assert_eq!(md_text("a\nb"), "a\\\\nb");
    }

    #[test]
    fn markdown_code_spans() {
        assert_eq!(md_code_span("soa.csv:1:2"), "`soa.csv:1:2`");
        assert_eq!(md_code_span("a`b"), "``a`b``");
        assert_eq!(md_code_span("`a"), "`` `a ``");
        assert_eq!(md_code_span("a ``` b"), "````a ``` b````");
        assert_eq!(md_code_span("a|b"), "`a\\|b`");
        assert_eq!(md_code_span("a\\|b"), "`a\\\\\\|b`");
        assert_eq!(md_code_span(""), "` `");
    }

    #[test]
    fn markdown_messages() {
        assert_eq!(
            md_message("evidence `EV-02` is stale: (ISO 27001 9.1)"),
            "evidence `EV-02` is stale: (ISO 27001 9.1)"
        );
        // A backtick in data closes the span early: the rest is escaped plain text.
        assert_eq!(
            md_message("value `a` ![t](https://e.x/t.png) `b` is invalid"),
            "value `a` \\!\\[t\\](https\\://e.x/t.png) `b` is invalid"
        );
        assert_eq!(md_message("odd ` tick"), "odd \\` tick");
        assert_eq!(md_message("empty `` value"), "empty \\`\\` value");
    }
}
