//! A hand scanner for the plainest YAML, the shape registers are nearly always written in: block
//! mappings and lists, one-line plain or quoted scalars, one-line flow lists of scalars
//! (`controls: [A.5.1, A.8.2]`), block scalars (`|`, `|-`, `>`, `>-`), comments, blank lines, a
//! leading `---`, LF or CRLF.
//!
//! It builds exactly the tree `parse_events` builds from saphyr's events (values, nulls, byte
//! spans, what `take` makes of register items) and declines (`None`) on anything else, so that
//! saphyr parses it unchanged: anchors, aliases, tags, directives, flow mappings, nested flow
//! lists, block scalars with `+` or an indentation digit, leading blank lines or (folded) more
//! indented lines, other scalars over several lines, double-quoted `\x`/`\u` escapes,
//! tabs, control characters, a byte order mark, `? ` keys, a `---` or `...` after the start,
//! lone CRs, plain scalars starting with an indicator, keys over 1,000 bytes, deep nesting, and
//! any line whose indentation is not one of the open collections'. A document saphyr rejects
//! is always declined (saphyr then reports it). Debug builds parse every document both ways and
//! compare the trees (`yaml::check_scan`).

use super::{Children, Mode, Node, NodeData, Taken, Text};

/// Nesting this scanner takes; deeper documents go to saphyr, which enforces `MAX_DEPTH`.
const MAX_DEPTH: usize = 64;
/// Longest key taken (saphyr allows simple keys of up to 1,024 characters).
const MAX_KEY: usize = 1000;

/// The bytes a plain scalar may end at, in block context (`scalar`).
const BLOCK_SPECIAL: [bool; 256] = special(b" :");
/// The bytes a plain scalar may end at, in a flow list.
const FLOW_SPECIAL: [bool; 256] = special(b" :,[]{}");

const fn special(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// Why the scanner gave up: the document is parsed by saphyr instead.
#[derive(Debug)]
pub(super) struct Decline;

type R<X> = Result<X, Decline>;

/// The tree of `text` (`Some(None)`: an empty document), or `None` when this scanner is not sure
/// of the document (see the module's doc).
#[allow(clippy::type_complexity)]
pub(super) fn parse<'a, T>(
    text: &'a str,
    base: usize,
    mode: Mode,
    take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
) -> Option<Option<(Node<'a>, Taken<T>)>> {
    if !plain_chars(text) {
        return None;
    }
    let mut s = Scan {
        text,
        b: text.as_bytes(),
        base,
        pos: 0,
        line: Line::default(),
        mode,
        take,
        lists: Vec::new(),
        spare: Vec::new(),
    };
    let root = s.document().ok()?;
    Some(root.map(|root| (root, s.lists)))
}

/// No control characters but LF and the CR of CRLF, no tab, no byte order mark.
fn plain_chars(text: &str) -> bool {
    let b = text.as_bytes();
    // The common case, 64 bytes at a time with no early exit inside a chunk (so that it is
    // vectorised): no control character but LF, and no 0xEF (the first byte of a BOM).
    let clean = |chunk: &[u8]| {
        chunk
            .iter()
            .fold(true, |ok, &c| ok & ((c >= 0x20 && c != 0xEF) || c == b'\n'))
    };
    if b.chunks(64).all(clean) {
        return true;
    }
    if b.iter().all(|&c| c >= 0x20 || c == b'\n') {
        return !text.contains('\u{FEFF}');
    }
    for (i, &c) in b.iter().enumerate() {
        if c < 0x20 && c != b'\n' && !(c == b'\r' && b.get(i + 1) == Some(&b'\n')) {
            return false;
        }
    }
    !text.contains('\u{FEFF}')
}

/// A line with content (not blank, not only a comment): where it starts, its indentation, where
/// its content starts and where it ends (its LF, or the CR of its CRLF, or the end of the text).
#[derive(Clone, Copy, Default)]
struct Line {
    start: usize,
    indent: usize,
    at: usize,
    end: usize,
}

struct Scan<'a, 't, T> {
    text: &'a str,
    b: &'a [u8],
    base: usize,
    /// Start of the first line not read yet.
    pos: usize,
    /// The line being read.
    line: Line,
    mode: Mode,
    take: Option<&'t (dyn Fn(&Node<'a>) -> T + Sync)>,
    lists: Taken<T>,
    /// The pairs' buffer of the last register item taken, emptied: the next mapping's, so that
    /// the items of a long register do not each allocate (and free) a buffer of their own.
    spare: Vec<(Node<'a>, Node<'a>)>,
}

fn is_null(value: &str) -> bool {
    matches!(value, "~" | "null" | "Null" | "NULL")
}

impl<'a, T> Scan<'a, '_, T> {
    fn node(&self, start: usize, end: usize, data: NodeData<'a>) -> Node<'a> {
        Node {
            start: self.base + start,
            end: self.base + end,
            data,
        }
    }

    fn null(&self, at: usize) -> Node<'a> {
        self.node(at, at, NodeData::Null)
    }

    /// The end of the line holding `p` (its LF, or the CR of a CRLF).
    fn eol(&self, p: usize) -> usize {
        let e = self.b[p..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |i| p + i);
        if e > p && self.b[e - 1] == b'\r' {
            e - 1
        } else {
            e
        }
    }

    /// Past the line break at `end` (a line's end).
    fn after_break(&self, end: usize) -> usize {
        match self.b.get(end) {
            Some(b'\r') => end + 2,
            Some(_) => end + 1,
            None => end,
        }
    }

    /// The next line with content from `pos`, without reading it.
    fn peek(&self) -> R<Option<Line>> {
        let b = self.b;
        let mut p = self.pos;
        loop {
            let start = p;
            while p < b.len() && b[p] == b' ' {
                p += 1;
            }
            if p >= b.len() {
                return Ok(None);
            }
            match b[p] {
                b'\n' => p += 1,
                b'\r' => p += 2,
                b'#' => {
                    let e = self.eol(p);
                    p = self.after_break(e);
                }
                _ => {
                    let indent = p - start;
                    if indent == 0
                        && (b[p..].starts_with(b"---")
                            || b[p..].starts_with(b"...")
                            || b[p] == b'%')
                    {
                        return Err(Decline);
                    }
                    return Ok(Some(Line {
                        start,
                        indent,
                        at: p,
                        end: self.eol(p),
                    }));
                }
            }
        }
    }

    /// Read `line`: what follows is parsed within it.
    fn enter(&mut self, line: Line) {
        self.line = line;
        self.pos = self.after_break(line.end);
    }

    fn spaces(&self, mut p: usize) -> usize {
        while p < self.line.end && self.b[p] == b' ' {
            p += 1;
        }
        p
    }

    /// From `p` (after a token), only spaces and a comment to the end of the line.
    fn rest_is_comment(&self, p: usize) -> R<()> {
        let q = self.spaces(p);
        if q == self.line.end || (q > p && self.b[q] == b'#') {
            Ok(())
        } else {
            Err(Decline)
        }
    }

    /// A `-` item indicator at `p`.
    fn is_item(&self, line: &Line) -> bool {
        self.b[line.at] == b'-' && (line.at + 1 == line.end || self.b[line.at + 1] == b' ')
    }

    fn document(&mut self) -> R<Option<Node<'a>>> {
        // A `---` first: the explicit start of the (only) document.
        let b = self.b;
        let mut marker = false;
        if let Some(first) = self.first_line()
            && first.indent == 0
            && b[first.at..first.end].starts_with(b"---")
        {
            self.line = first;
            self.rest_is_comment(first.at + 3)?;
            if first.at + 3 < first.end && b[first.at + 3] != b' ' {
                return Err(Decline);
            }
            self.pos = self.after_break(first.end);
            marker = true;
        }
        let Some(first) = self.peek()? else {
            // Nothing but comments after a `---`: saphyr makes that an empty scalar.
            return if marker { Err(Decline) } else { Ok(None) };
        };
        let root = self.block(first, self.mode.depth, true)?;
        if self.peek()?.is_some() {
            return Err(Decline);
        }
        Ok(Some(root))
    }

    /// The first line with content, whatever it holds.
    fn first_line(&self) -> Option<Line> {
        let b = self.b;
        let mut p = 0;
        loop {
            let start = p;
            while p < b.len() && b[p] == b' ' {
                p += 1;
            }
            match b.get(p)? {
                b'\n' | b'\r' | b'#' => {
                    let e = self.eol(p);
                    p = self.after_break(e);
                }
                _ => {
                    return Some(Line {
                        start,
                        indent: p - start,
                        at: p,
                        end: self.eol(p),
                    });
                }
            }
        }
    }

    /// A block list or mapping starting on `line`. `root`: the document's root (a register's
    /// list is the root list or a list value of the root mapping). `register`: a list here is
    /// a register's.
    fn block(&mut self, line: Line, depth: usize, root: bool) -> R<Node<'a>> {
        self.block_in(line, depth, root, root)
    }

    fn block_in(&mut self, line: Line, depth: usize, root: bool, register: bool) -> R<Node<'a>> {
        if depth >= MAX_DEPTH {
            return Err(Decline);
        }
        self.enter(line);
        if self.is_item(&line) {
            self.seq(line, false, depth, register)
        } else {
            self.map(line.indent, line.at, depth, root)
        }
    }

    /// A block mapping whose keys are at column `col`, the first at `first` on the line read.
    fn map(&mut self, col: usize, first: usize, depth: usize, root: bool) -> R<Node<'a>> {
        let mut pairs = std::mem::take(&mut self.spare);
        let mut p = first;
        loop {
            let (key, colon) = self.key(p)?;
            let after = colon + 1;
            let q = self.spaces(after);
            let value = if q == self.line.end || self.b[q] == b'#' {
                // The value is on the next lines, or empty.
                match self.peek()? {
                    Some(l) if l.indent > col => {
                        self.block_in(l, depth + 1, false, root && self.mode.depth == 0)?
                    }
                    Some(l) if l.indent == col && self.is_item(&l) => {
                        if depth + 1 >= MAX_DEPTH {
                            return Err(Decline);
                        }
                        self.enter(l);
                        self.seq(l, true, depth + 1, root && self.mode.depth == 0)?
                    }
                    _ => self.null(colon),
                }
            } else {
                let register = root && self.mode.depth == 0;
                self.inline(q, col, depth + 1, register)?
            };
            pairs.push((key, value));
            match self.peek()? {
                None => break,
                Some(l) if l.indent < col => break,
                Some(l) if l.indent == col && !self.is_item(&l) => {
                    self.enter(l);
                    p = l.at;
                }
                Some(_) => return Err(Decline),
            }
        }
        let end = pairs.last().map_or(self.base + first, |(_, v)| v.end);
        Ok(Node {
            start: self.base + first,
            end,
            data: NodeData::Map(Children::Owned(pairs)),
        })
    }

    /// A key at `p` on the line read: a one-line scalar, then `:` and a space or the line's end.
    /// Returns the key and the position of its `:`.
    fn key(&self, p: usize) -> R<(Node<'a>, usize)> {
        let (key, r) = self.scalar(p, false)?;
        let q = self.spaces(r);
        if q < self.line.end
            && self.b[q] == b':'
            && (q + 1 == self.line.end || self.b[q + 1] == b' ')
            && q - p <= MAX_KEY
        {
            Ok((key, q))
        } else {
            Err(Decline)
        }
    }

    /// A value on the rest of the line read (after `key: `, in a mapping at column `col`): a
    /// scalar, a flow list, or a block scalar.
    fn inline(&mut self, p: usize, col: usize, depth: usize, register: bool) -> R<Node<'a>> {
        let (node, r) = match self.b[p] {
            b'[' => self.flow(p, depth, register)?,
            b'|' | b'>' => return self.block_scalar(p, col),
            _ => self.scalar(p, false)?,
        };
        self.rest_is_comment(r)?;
        Ok(node)
    }

    /// A block scalar whose header (`|`, `|-`, `>`, `>-`) is at `p` on the line read, in a
    /// collection at column `col`. Taken: content from the next line on, indented more than
    /// `col`; blank lines between content lines; in a literal (`|`) lines indented more than
    /// the first. Declined: `+`, an indentation indicator, leading blank lines, lines of only
    /// spaces longer than the indentation, more-indented lines of a folded scalar (`>`).
    /// Its span is saphyr's: from the first content character to where the line after it
    /// starts, past the indentation of the content it skipped (at most the scalar's).
    fn block_scalar(&mut self, p: usize, col: usize) -> R<Node<'a>> {
        let b = self.b;
        let literal = b[p] == b'|';
        let mut h = p + 1;
        let strip = h < self.line.end && b[h] == b'-';
        if strip {
            h += 1;
        }
        if h < self.line.end && b[h] != b' ' {
            return Err(Decline);
        }
        self.rest_is_comment(h)?;
        let len = b.len();
        let mut at = self.pos;
        let k = b[at.min(len)..].iter().take_while(|&&c| c == b' ').count();
        if at >= len || k <= col || at + k >= len || matches!(b[at + k], b'\n' | b'\r') {
            return Err(Decline);
        }
        let start = at + k;
        let mut value = String::new();
        let mut blanks = 0usize;
        let mut first = true;
        let end = loop {
            let mut s = at;
            while s < len && b[s] == b' ' {
                s += 1;
            }
            let indent = s - at;
            let e = if s >= len { len } else { self.eol(s) };
            if s == e {
                // A blank line, or the end of the text.
                if indent > k {
                    return Err(Decline);
                }
                if e >= len {
                    break len;
                }
                blanks += 1;
                at = self.after_break(e);
                continue;
            }
            if indent < k {
                break at + indent;
            }
            if indent > k && !literal {
                return Err(Decline);
            }
            if !first {
                if literal {
                    value.push('\n');
                } else if blanks == 0 {
                    value.push(' ');
                }
                for _ in 0..blanks {
                    value.push('\n');
                }
            }
            value.push_str(&self.text[at + k..e]);
            first = false;
            blanks = 0;
            if e >= len {
                break len;
            }
            at = self.after_break(e);
        };
        if !strip {
            value.push('\n');
        }
        // On from the start of the line the scalar ends on.
        self.pos = if end >= len { len } else { at };
        Ok(self.node(start, end, NodeData::Scalar(value.into())))
    }

    /// A block list whose first item is on `line` (read). `indentless`: at its mapping key's
    /// column (`key:` then `- a` below it).
    fn seq(&mut self, line: Line, indentless: bool, depth: usize, register: bool) -> R<Node<'a>> {
        if depth >= MAX_DEPTH {
            return Err(Decline);
        }
        let col = line.indent;
        let mut items: Vec<Node<'a>> = Vec::new();
        let mut taken = (register && self.take.is_some()).then(Vec::new);
        let mut start = None;
        let mut l = line;
        loop {
            let dash = l.at;
            let q = self.spaces(dash + 1);
            let (mut item, entry) = if q == l.end || self.b[q] == b'#' {
                let entry = l.end;
                match self.peek()? {
                    Some(n) if n.indent >= col + 2 => (self.block(n, depth + 1, false)?, entry),
                    Some(n) if n.indent > col => return Err(Decline),
                    _ => (self.null(entry), entry),
                }
            } else {
                (self.item(q, l, depth + 1)?, q)
            };
            start.get_or_insert(if indentless { entry } else { dash });
            if let Some(NodeData::Map(Children::Owned(mut pairs))) =
                super::take_item(&mut item, taken.as_mut(), self.take)
            {
                pairs.clear();
                self.spare = pairs;
            }
            items.push(item);
            match self.peek()? {
                Some(n) if n.indent == col && self.is_item(&n) => {
                    self.enter(n);
                    l = n;
                }
                None => break,
                Some(n) if n.indent < col => break,
                Some(n) if n.indent == col && indentless => break,
                Some(_) => return Err(Decline),
            }
        }
        let start = self.base + start.unwrap_or(line.at);
        if let Some(taken) = taken {
            self.lists.push((start, taken));
        }
        let end = items.last().map_or(start, |n| n.end);
        Ok(Node {
            start,
            end,
            data: NodeData::Seq(Children::Owned(items)),
        })
    }

    /// What follows `- ` at `p` on `line`: a mapping (`- id: R-1`), a flow list or a scalar.
    fn item(&mut self, p: usize, line: Line, depth: usize) -> R<Node<'a>> {
        match self.b[p] {
            b'|' | b'>' => self.block_scalar(p, line.indent),
            b'[' => {
                let (node, r) = self.flow(p, depth, false)?;
                self.rest_is_comment(r)?;
                Ok(node)
            }
            _ => {
                let (node, r) = self.scalar(p, false)?;
                let q = self.spaces(r);
                if q < line.end && self.b[q] == b':' && (q + 1 == line.end || self.b[q + 1] == b' ')
                {
                    if depth >= MAX_DEPTH {
                        return Err(Decline);
                    }
                    self.map(p - line.start, p, depth, false)
                } else {
                    self.rest_is_comment(r)?;
                    Ok(node)
                }
            }
        }
    }

    /// A one-line flow list of scalars at `p` (`[`): the list and where it ends (after `]`).
    fn flow(&mut self, p: usize, depth: usize, register: bool) -> R<(Node<'a>, usize)> {
        if depth >= MAX_DEPTH {
            return Err(Decline);
        }
        let mut items = Vec::new();
        let mut i = self.spaces(p + 1);
        if i < self.line.end && self.b[i] == b']' {
            i = self.closed(i + 1)?;
        } else {
            loop {
                if i >= self.line.end {
                    return Err(Decline);
                }
                let (item, r) = self.scalar(i, true)?;
                items.push(item);
                let q = self.spaces(r);
                match self.b.get(q) {
                    Some(b',') if q < self.line.end => {
                        i = self.spaces(q + 1);
                        if i >= self.line.end || self.b[i] == b']' {
                            return Err(Decline);
                        }
                    }
                    Some(b']') if q < self.line.end => {
                        i = self.closed(q + 1)?;
                        break;
                    }
                    _ => return Err(Decline),
                }
            }
        }
        if register && self.take.is_some() {
            // A register's list of scalars: no record taken, but listed like `parse_events` does.
            self.lists.push((self.base + p, Vec::new()));
        }
        let end = items.last().map_or(self.base + i, |n: &Node<'a>| n.end);
        Ok((
            Node {
                start: self.base + p,
                end,
                data: NodeData::Seq(Children::Owned(items)),
            },
            i,
        ))
    }

    /// A one-line scalar at `p` on the line read, in a flow list or not: the node and where
    /// the scanning goes on (after a plain scalar's last character; after a quoted scalar's
    /// closing quote, the spaces and a comment that follow: saphyr's span of it).
    fn scalar(&self, p: usize, flow: bool) -> R<(Node<'a>, usize)> {
        let b = self.b;
        let end = self.line.end;
        if p >= end {
            return Err(Decline);
        }
        match b[p] {
            b'\'' | b'"' => return self.quoted(p),
            // `-1`, `-foo`: not an item, not `-` before a flow indicator.
            b'-' if p + 1 >= end || !b[p + 1].is_ascii_alphanumeric() => return Err(Decline),
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'%' | b'@' | b'`' | b' ' => return Err(Decline),
            _ => {}
        }
        let stop = |c: u8| flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}');
        // The bytes the loop below stops at to look closer: one table look-up a byte, not
        // several comparisons (most bytes of a register are in plain scalars).
        let special = if flow { &FLOW_SPECIAL } else { &BLOCK_SPECIAL };
        let mut i = p;
        let mut last = p;
        loop {
            let from = i;
            while i < end {
                let c = b[i];
                if !special[usize::from(c)] {
                    i += 1;
                    continue;
                }
                if c == b' ' || stop(c) {
                    break;
                }
                if c == b':' && (i + 1 == end || b[i + 1] == b' ' || stop(b[i + 1])) {
                    break;
                }
                i += 1;
            }
            if i > from {
                last = i;
            }
            if i == end || b[i] != b' ' {
                break;
            }
            // Spaces: the scalar goes on unless a comment or the line's end follows.
            let q = self.spaces(i);
            if q == end || b[q] == b'#' {
                break;
            }
            i = q;
        }
        let value = &self.text[p..last];
        let data = if is_null(value) {
            NodeData::Null
        } else {
            NodeData::Scalar(Text::Borrowed(value))
        };
        Ok((self.node(p, last, data), last))
    }

    /// A one-line quoted scalar at `p`. Double-quoted escapes: the one-character ones; `\x`,
    /// `\u`, `\U` and a backslash at the line's end decline.
    fn quoted(&self, p: usize) -> R<(Node<'a>, usize)> {
        let b = self.b;
        let end = self.line.end;
        let single = b[p] == b'\'';
        let mut value = String::new();
        let mut seg = p + 1;
        let mut i = p + 1;
        loop {
            if i >= end {
                return Err(Decline);
            }
            match b[i] {
                b'\'' if single => {
                    if i + 1 < end && b[i + 1] == b'\'' {
                        value.push_str(&self.text[seg..=i]);
                        i += 2;
                        seg = i;
                    } else {
                        break;
                    }
                }
                b'"' if !single => break,
                b'\\' if !single => {
                    let c = match b.get(i + 1).filter(|_| i + 1 < end) {
                        Some(b'0') => '\0',
                        Some(b'a') => '\x07',
                        Some(b'b') => '\x08',
                        Some(b't') => '\t',
                        Some(b'n') => '\n',
                        Some(b'v') => '\x0b',
                        Some(b'f') => '\x0c',
                        Some(b'r') => '\r',
                        Some(b'e') => '\x1b',
                        Some(b' ') => ' ',
                        Some(b'"') => '"',
                        Some(b'/') => '/',
                        Some(b'\\') => '\\',
                        Some(b'N') => '\u{85}',
                        Some(b'_') => '\u{a0}',
                        Some(b'L') => '\u{2028}',
                        Some(b'P') => '\u{2029}',
                        _ => return Err(Decline),
                    };
                    value.push_str(&self.text[seg..i]);
                    value.push(c);
                    i += 2;
                    seg = i;
                }
                _ => i += 1,
            }
        }
        // No escape and no doubled quote: the text between the quotes is the value.
        let value = if seg == p + 1 {
            Text::Borrowed(&self.text[seg..i])
        } else {
            value.push_str(&self.text[seg..i]);
            value.into()
        };
        let r = self.closed(i + 1)?;
        Ok((self.node(p, r, NodeData::Scalar(value)), r))
    }

    /// After a closing quote or `]` at `close - 1`: saphyr's token runs over the spaces and a
    /// comment that follow (a comment right after it is an error).
    fn closed(&self, close: usize) -> R<usize> {
        let r = self.spaces(close);
        if r < self.line.end && self.b[r] == b'#' {
            if r == close {
                return Err(Decline);
            }
            return Ok(self.line.end);
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Fail, parse_events, parse_saphyr};
    use super::*;

    const WHOLE: Mode = Mode::WHOLE;

    /// The scanner's tree (checked against saphyr's by `parse_events` in debug builds), or
    /// `None` if it declined.
    fn scanned(text: &str) -> Option<Option<Node<'_>>> {
        let got = parse::<()>(text, 7, WHOLE, None).map(|r| r.map(|(n, _)| n));
        if got.is_some() {
            // Compares with saphyr (debug builds).
            assert!(parse_events::<()>(text, 7, WHOLE, None).is_ok());
        }
        got
    }

    fn accepts(text: &str) -> Node<'_> {
        match scanned(text) {
            Some(Some(root)) => root,
            _ => panic!("declined: {text:?}"),
        }
    }

    fn declines(text: &str) {
        assert!(scanned(text).is_none(), "accepted: {text:?}");
    }

    #[test]
    fn accepted_shapes() {
        for text in [
            "a: 1\nb:\nc: x # c\n",
            "risks:\n  - id: R-1\n    c: [A.5, \"x\", 'y']\n    e:\n  -\n  - k: \n# end\n",
            "risks:\n- id: R-1\n  title: x y\n- id: R-2\n  tags:\n  - a\n  - b\n  n: 2\nkind: risk\n",
            "- a\n-   # c\n- \n-",
            "k:\n-\n- x\n",
            "a:\n  - b: 1\n    c: \"q\" \n  -   d: 2\n",
            "\"a\": 1\n'b':\n\"c\" : 'it''s'\n",
            "---\n# head\nid: A.5.10\nurl: http://x.org/a#b\nv: a:b, c [d] {e}\n",
            "--- # register\n- [ ]\n- []\n- [a , 'b' ,\"c\"]\n- -1\n- ~\n- null\n- Null\n- NULL\n- nul\n",
            "é: [ é , b ]\nnon: ascii € ü\n",
            "  a: 1\n  b:\n    - x\n",
            "a:\n  b:\n    c:\n      d: deep\n",
            "d: \"t\\tn\\n\\\\ \\\" \\/ e\"\n",
            "# only a comment\n",
            "",
            "\n\n",
            "a: 1 # c\nb: 'q' # c\nc: [x] # c\n",
            "-\n  a: 1\n  b: 2\n-\n  - x\n",
            "a: b\n\n\n# c\n\nc: d",
            "a: >-\n  folded\n  text\n\n  para\nb: |\n  lit\n    more\n\n  # not a comment\n# c\nc: 1\n",
            "- d: >-\n    a b\n    c\n\n    d\n\n  o: 1\n- |\n  x\n- >\n  y\n  \n",
            "k:\n- | # c\n  x\n  y\nz: >\n  end",
            "- |\n t\n",
        ] {
            accepts_or_empty(text);
            accepts_or_empty(&text.replace('\n', "\r\n"));
        }
    }

    fn accepts_or_empty(text: &str) {
        assert!(scanned(text).is_some(), "declined: {text:?}");
    }

    #[test]
    fn declined_shapes() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "---\n",
            "a: {b: 1}\n",
            "a: [[b]]\n",
            "a: [b,]\n",
            "a: [b\n  , c]\n",
            "a: |+\n  text\n",
            "a: |2\n  text\n",
            "a: >\n\n  text\n",
            "a: >\n  t\n    more\n",
            "a: |\n  t\n     \n  u\n",
            "a: |\nb: 1\n",
            "a: |#\n  t\n",
            "a: long\n  plain\n",
            "- long\n  plain\n",
            "a:\n  plain below\n",
            "a: \"two\n  lines\"\n",
            "a: \"\\x41\"\n",
            "a: \"\\u00e9\"\n",
            "a:\tb\n",
            "\ta: b\n",
            "? a\n: b\n",
            "\u{feff}a: 1\n",
            "a: 1\rb: 2\n",
            "a: \0\n",
            "a: - b\n",
            "- - a\n",
            "a: b: c\n",
            "a: 'x' y\n",
            "a: 'x'# c\n",
            "a: 1\n b: 2\n",
            "a:\n  - x\n b: 1\n",
            "a:\n  - x\n  b: 1\n",
            "- a\n b\n",
            "- a\nb: 1\n",
            "scalar\n",
            "[a, b]\n",
            "a: @x\n",
            "a: `x`\n",
            "a: %x\n",
            "a: [a #c]\n",
            "a: [- x]\n",
            "-\n a: 1\n",
            "a: x #c\n  y\n",
        ] {
            declines(text);
        }
        let long = format!("{}: 1\n", "k".repeat(1200));
        declines(&long);
        let deep: String = (0..80).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        declines(&deep);
    }

    #[test]
    fn exact_spans_and_values() {
        let text = "risks:\n  - id: R-1\n    c: [A.5, \"x\", 'y']\n    e:\n  -\n  - k: \n";
        let root = accepts(text);
        let at = |n: &Node| &text[n.start - 7..n.end - 7];
        let risks = root.get("risks").unwrap();
        assert_eq!(risks.start - 7, text.find("- id").unwrap());
        let items = risks.as_seq().unwrap();
        assert_eq!(at(items[0].get("id").unwrap()), "R-1");
        let c = items[0].get("c").unwrap();
        assert_eq!(at(c), "[A.5, \"x\", 'y'");
        assert_eq!(c.as_seq().unwrap()[1].as_str(), Some("x"));
        let e = items[0].get("e").unwrap();
        assert_eq!(e.data, NodeData::Null);
        assert_eq!(text.as_bytes()[e.start - 7], b':');
        assert_eq!(items[1].data, NodeData::Null);
        // Indentless: the list starts where its first item's content does.
        let root = accepts("k:\n- a\n");
        assert_eq!(root.get("k").unwrap().start - 7, 5);
        // A quoted scalar's span runs over the spaces and comment after it.
        let text = "a: 'x'   # c\nb: 1\n";
        let root = accepts(text);
        let a = root.get("a").unwrap();
        assert_eq!(&text[a.start - 7..a.end - 7], "'x'   # c");
    }

    #[test]
    fn registers_are_taken_like_saphyr() {
        let take: &(dyn Fn(&Node<'static>) -> Node<'static> + Sync) = &|n: &Node| n.clone();
        for text in [
            "- id: 1\n  a: x\n- id: 2\n- scalar\n- id: 3\n",
            "meta: 1\nrisks:\n  - id: 1\n  - id: 2\ncontrols:\n- id: 3\n- id: 4\nflow: [a]\nnested:\n  deeper:\n    - id: 5\n",
        ] {
            let fast = parse(text, 0, WHOLE, Some(take)).unwrap().unwrap();
            let slow = match parse_saphyr(text, 0, WHOLE, Some(take)) {
                Ok(r) => r.unwrap(),
                Err(Fail::Yaml(e)) => panic!("{}", e.message),
                Err(Fail::Uncertain) => panic!(),
            };
            assert!(!fast.1.is_empty());
            assert!(fast == slow, "{text}");
        }
    }

    /// A tiny deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn one_in(&mut self, n: u64) -> bool {
            self.next().is_multiple_of(n)
        }
        fn pick<'a>(&mut self, of: &[&'a str]) -> &'a str {
            of[(self.next() % of.len() as u64) as usize]
        }
    }

    const SCALARS: &[&str] = &[
        "a",
        "R-1",
        "a b",
        "a:b",
        "x #c",
        "-1",
        "~",
        "null",
        "x, y",
        "[a, b]",
        "[ ]",
        "[]",
        "'q'",
        "'it''s'",
        "\"d\\n\"",
        "\"a\" ",
        "é €",
        "a: b",
        "",
        "http://x.org/#f",
        "[a , 'b' ]",
        "'' ",
        "\"\"",
        "-",
        "--",
        "-a",
        ":a",
        "?a",
        "a #",
        "a#b",
        "5.10",
        "[a, [b]]",
        "{a: 1}",
        "&x a",
        "*x",
        "!t a",
        "|",
        ">-",
        "'a",
        "\"a",
        "a ' b",
        "a\\b",
        "[a,b,]",
        "[,]",
        "[a:b]",
        "[a: b]",
        "[\"a\":b]",
        "a\t b",
        "NULL",
        "#",
        "@a",
    ];
    const KEYS: &[&str] = &[
        "a", "id", "b c", "'k'", "\"k\"", "\"k\" ", "k ", "null", "~", "-k", "a:b", "é", "1",
        "? a", "", "[a]", "&a k",
    ];

    fn soup(rng: &mut Rng) -> String {
        let mut text = String::new();
        if rng.one_in(8) {
            text.push_str(rng.pick(&["---\n", "--- # c\n", "# head\n", "\n"]));
        }
        for _ in 0..(1 + rng.next() % 9) {
            let indent = rng.pick(&["", "", "  ", "  ", "    ", " ", "   ", "      "]);
            text.push_str(indent);
            match rng.next() % 7 {
                0 | 1 => {
                    text.push_str(rng.pick(KEYS));
                    text.push(':');
                    if !rng.one_in(3) {
                        text.push(' ');
                        text.push_str(rng.pick(SCALARS));
                    }
                }
                2 => {
                    text.push('-');
                    if !rng.one_in(4) {
                        text.push(' ');
                        text.push_str(rng.pick(SCALARS));
                    }
                }
                3 => {
                    text.push_str("- ");
                    text.push_str(rng.pick(KEYS));
                    text.push_str(": ");
                    text.push_str(rng.pick(SCALARS));
                }
                4 => text.push_str(rng.pick(&["# c", "", "  # x", "..."])),
                5 => text.push_str(rng.pick(SCALARS)),
                _ => {
                    text.push_str(rng.pick(KEYS));
                    text.push(':');
                }
            }
            if rng.one_in(6) {
                text.push_str(rng.pick(&[" # c", "  ", " #", "#x"]));
            }
            let last = rng.one_in(10);
            text.push_str(if rng.one_in(5) { "\r\n" } else { "\n" });
            if last {
                text.pop();
            }
        }
        text
    }

    /// Random line soup: whatever the scanner accepts, saphyr parses into the same tree
    /// (`parse_events` compares them in debug builds); and it accepts a fair share.
    #[test]
    fn random_documents_agree_with_saphyr() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut accepted = 0;
        // More with ISMSLINT_YAML_FUZZ=N.
        let n = std::env::var("ISMSLINT_YAML_FUZZ")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        for _ in 0..n {
            let text = soup(&mut rng);
            if parse::<()>(&text, 0, WHOLE, None).is_some() {
                accepted += 1;
                let _ = parse_events::<()>(&text, 0, WHOLE, None);
            }
        }
        eprintln!("accepted {accepted} of {n}");
        assert!(accepted > n / 20, "{accepted} of {n}");
    }

    const VALUES: &[&str] = &[
        "a",
        "R-1",
        "a b c",
        "A.5.10",
        "'q'",
        "'it''s'",
        "\"d \\\" e\"",
        "[A.5.1, A.8.2]",
        "[ ]",
        "[a , 'b' ]",
        "~",
        "null",
        "5.10",
        "-1",
        "é €",
        "a:b",
        "http://x.org/#f",
        "\"\"",
        "''",
    ];

    /// A block collection with entries at column `col` (the first one's indentation already
    /// written when `inline`).
    fn tree(rng: &mut Rng, out: &mut String, col: usize, depth: usize, inline: bool) {
        let seq = !inline && rng.one_in(2);
        for i in 0..(1 + rng.next() % 4) {
            if i > 0 || !inline {
                if rng.one_in(6) {
                    out.push_str(rng.pick(&["\n", "# c\n", "   # c\n", "  \n"]));
                }
                out.push_str(&" ".repeat(col));
            }
            if seq {
                out.push('-');
            } else {
                out.push_str(rng.pick(&["id", "'k'", "\"q\"", "title", "a b"]));
                out.push(':');
            }
            value(rng, out, col, depth, seq);
        }
    }

    fn value(rng: &mut Rng, out: &mut String, col: usize, depth: usize, item: bool) {
        let nested = depth < 5;
        match rng.next() % 8 {
            0..=2 => {
                out.push(' ');
                out.push_str(rng.pick(VALUES));
                out.push_str(rng.pick(&["", "", " # c", "  "]));
                out.push('\n');
            }
            3 => {
                out.push_str(rng.pick(&["", " # c", " "]));
                out.push('\n');
            }
            4 | 5 if nested => {
                out.push_str(rng.pick(&["", " # c"]));
                out.push('\n');
                if !item && rng.one_in(2) {
                    // An indentless list.
                    for _ in 0..(1 + rng.next() % 3) {
                        out.push_str(&" ".repeat(col));
                        out.push('-');
                        value(rng, out, col, depth + 1, true);
                    }
                } else {
                    let inner = col + if item { 2 } else { 1 } + (rng.next() % 3) as usize;
                    tree(rng, out, inner, depth + 1, false);
                }
            }
            _ if item && nested => {
                // A mapping on the item's line.
                let gap = 1 + (rng.next() % 2) as usize;
                out.push_str(&" ".repeat(gap));
                tree(rng, out, col + 1 + gap, depth + 1, true);
            }
            6 => {
                // A block scalar.
                out.push(' ');
                out.push_str(rng.pick(&["|", "|-", ">", ">-", "| # c", ">- # c"]));
                out.push('\n');
                let k = col + 1 + (rng.next() % 3) as usize;
                for i in 0..(1 + rng.next() % 4) {
                    if i > 0 && rng.one_in(4) {
                        out.push_str(rng.pick(&["\n", "  \n", " \n"]));
                    }
                    out.push_str(&" ".repeat(k));
                    out.push_str(rng.pick(&["text", "a b  c", "# x", "é", "- x", "k: v "]));
                    out.push('\n');
                }
            }
            _ => out.push_str(" x\n"),
        }
    }

    /// Random well-formed registers: the scanner accepts nearly all and agrees with saphyr.
    #[test]
    fn random_trees_agree_with_saphyr() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let n = std::env::var("ISMSLINT_YAML_FUZZ")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5_000);
        let mut accepted = 0;
        for _ in 0..n {
            let mut text = String::new();
            let col = (rng.next() % 2) as usize;
            tree(&mut rng, &mut text, col, 0, false);
            if rng.one_in(4) {
                text = text.replace('\n', "\r\n");
            }
            if parse::<()>(&text, 0, WHOLE, None).is_some() {
                accepted += 1;
                let _ = parse_events::<()>(&text, 0, WHOLE, None);
            } else if std::env::var("ISMSLINT_YAML_FUZZ_SHOW").is_ok() {
                eprintln!("declined {text:?}");
            }
        }
        eprintln!("accepted {accepted} of {n}");
        assert!(accepted > n * 9 / 10, "{accepted} of {n}");
    }
}

/// What share of a tree's YAML the scanner takes: `ISMSLINT_YAML_SCAN_DIR=DIR cargo test --lib
/// -- --ignored scan_share --nocapture` prints, per kind (`.yaml`/`.yml` files, Markdown front
/// matter), how many documents were taken and bytes, and the files declined.
#[cfg(test)]
mod share {
    use super::*;

    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with(".git") {
                    walk(&p, out);
                }
            } else {
                out.push(p);
            }
        }
    }

    #[test]
    #[ignore]
    fn scan_share() {
        let Ok(dirs) = std::env::var("ISMSLINT_YAML_SCAN_DIR") else {
            return;
        };
        for dir in dirs.split(':') {
            let mut files = Vec::new();
            walk(std::path::Path::new(dir), &mut files);
            files.sort();
            // (documents, taken, bytes, bytes taken) for YAML files and front matter.
            let mut counts = [(0, 0, 0, 0); 2];
            for f in files {
                let name = f.to_string_lossy().to_lowercase();
                let Ok(text) = std::fs::read_to_string(&f) else {
                    continue;
                };
                let (kind, yaml, base) = if name.ends_with(".yaml") || name.ends_with(".yml") {
                    let bom = crate::source::bom_len(&text);
                    (0, &text[bom..], bom)
                } else if name.ends_with(".md") {
                    match crate::parse::markdown::front_matter(&text) {
                        crate::parse::markdown::FrontMatterResult::Found(fm) => {
                            (1, &text[fm.yaml_start..fm.yaml_end], fm.yaml_start)
                        }
                        _ => continue,
                    }
                } else {
                    continue;
                };
                let c = &mut counts[kind];
                c.0 += 1;
                c.2 += yaml.len();
                if parse::<()>(yaml, base, Mode::WHOLE, None).is_some() {
                    c.1 += 1;
                    c.3 += yaml.len();
                } else if std::env::var("ISMSLINT_YAML_SCAN_SHOW").is_ok() {
                    eprintln!("declined: {}", f.display());
                }
            }
            for (kind, c) in ["yaml files", "front matter"].iter().zip(counts) {
                eprintln!(
                    "{dir}: {kind}: {} of {} taken, {} of {} bytes",
                    c.1, c.0, c.3, c.2
                );
            }
        }
    }
}
