//! YAML (and JSON, which is YAML) into a small tree with byte spans on every node.
//!
//! We build our own tree from saphyr-parser events rather than use a generic loader because we
//! need (1) the raw text of scalars (`5.10` is a control ID, not the float 5.1), (2) byte
//! offsets into the file for every key and value, and (3) bounds on alias expansion and nesting,
//! so that an alias bomb or a pathological document becomes a diagnostic instead of an OOM.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

mod scan;

/// Deepest nesting we accept, counting what aliases bring in. Real registers are 3–5 levels deep.
const MAX_DEPTH: usize = 128;
/// What one node costs in memory (the bytes of a scalar come on top). Expansion is counted in
/// these bytes: a node copied by an alias is memory whether it holds text or not.
const NODE_BYTES: usize = std::mem::size_of::<Node<'static>>();
/// Alias expansion budget of one document: `ALIAS_FACTOR` × the document's own size, at least
/// `ALIAS_MIN` and at most `ALIAS_MAX` bytes. Proportional, so that many files each expanding
/// up to their budget still hold memory proportional to the repository (a YAML tree without
/// aliases already takes several times its text: 48 bytes a node); 16 so that dense but
/// ordinary use (`extra: *defaults` on every record) fits. A floor so a small file may alias
/// freely (`owner: *ciso` a thousand times); a cap at the size of the largest file read at all.
const ALIAS_FACTOR: usize = 16;
const ALIAS_MIN: usize = 64 << 10;
const ALIAS_MAX: usize = 64 << 20;

/// A node of the tree of a text `'a`: its scalars are slices of the text where they are written
/// out as they read (a plain scalar, a quoted one without escapes), so that most scalars cost no
/// allocation of their own.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    /// Byte offsets into the file text.
    pub start: usize,
    pub end: usize,
    pub data: NodeData<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeData<'a> {
    Null,
    Scalar(Text<'a>),
    Seq(Children<Node<'a>>),
    Map(Children<(Node<'a>, Node<'a>)>),
}

/// A scalar's value: a slice of the parsed text, or (unescaped, folded) a string of its own.
#[derive(Clone, Debug)]
pub enum Text<'a> {
    Borrowed(&'a str),
    /// A `String` as it was built: shrinking it would cost a reallocation, and the tree is
    /// short-lived (a record copies what it keeps).
    Owned(String),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text::Owned(s)
    }
}

/// The items of a list or the pairs of a mapping. An anchored list or mapping is shared: its
/// aliases (and the anchor table) hold the same children instead of a copy of them. The others
/// are owned, which costs no allocation of its own.
#[derive(Clone, Debug)]
pub enum Children<T> {
    Owned(Vec<T>),
    Shared(Arc<Vec<T>>),
}

impl<T> Children<T> {
    /// Make these children shared (once), and return another handle on them.
    fn share(&mut self) -> Self {
        let shared = match self {
            Children::Owned(v) => Arc::new(std::mem::take(v)),
            Children::Shared(a) => Arc::clone(a),
        };
        *self = Children::Shared(Arc::clone(&shared));
        Children::Shared(shared)
    }
}

impl<T> std::ops::Deref for Children<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Children::Owned(v) => v,
            Children::Shared(a) => a,
        }
    }
}

impl<T: PartialEq> PartialEq for Children<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<'a, T> IntoIterator for &'a Children<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> Node<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.data {
            NodeData::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node<'a>, Node<'a>)]> {
        match &self.data {
            NodeData::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node<'a>]> {
        match &self.data {
            NodeData::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Value of a key in a mapping (keys compared exactly).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    pub fn kind_name(&self) -> &'static str {
        match self.data {
            NodeData::Null => "null",
            NodeData::Scalar(_) => "a scalar",
            NodeData::Seq(_) => "a list",
            NodeData::Map(_) => "a mapping",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    /// Byte offset into the file text.
    pub offset: usize,
}

/// Maps saphyr's character indices to byte offsets in the file.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    /// Byte offset of every `STRIDE`th char, only when the text is not ASCII (a table of every
    /// char would take eight times the text).
    table: Option<Vec<usize>>,
}

const STRIDE: usize = 64;

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .step_by(STRIDE)
                .map(|(i, _)| i)
                .collect()
        });
        Offsets { text, base, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        let local = match &self.table {
            None => char_index.min(self.text.len()),
            Some(t) => match t.get(char_index / STRIDE) {
                Some(&at) => self.text[at..]
                    .char_indices()
                    .nth(char_index % STRIDE)
                    .map_or(self.text.len(), |(i, _)| at + i),
                None => self.text.len(),
            },
        };
        self.base + local
    }
}

/// A finished node with what it costs expanded: bytes (see `NODE_BYTES`) and levels of nesting.
struct Built<'a> {
    node: Node<'a>,
    bytes: usize,
    height: usize,
}

enum Frame<'a, T> {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node<'a>>,
        bytes: usize,
        height: usize,
        /// What `Take` made of the mapping items of this list, in order (`Take::lists`); `None`
        /// for a list whose items are kept whole.
        taken: Option<Vec<T>>,
    },
    Map {
        start: usize,
        anchor: usize,
        pairs: Vec<(Node<'a>, Node<'a>)>,
        key: Option<Node<'a>>,
        bytes: usize,
        height: usize,
    },
}

/// Parse the first document of `text`. `base` is the byte offset of `text` in its file (front
/// matter), so every span is a file offset. Returns `Ok(None)` for an empty document.
///
/// Aliases do not copy lists and mappings (they share them), but whoever reads the tree walks
/// what they expand to, and aliased scalars are copied: what aliases expand to is counted, in
/// bytes, against a budget proportional to the document (`ALIAS_FACTOR`), and nesting through
/// aliases against `MAX_DEPTH`.
///
/// A large document that is one long list is parsed in parts, in parallel (`split`), into the
/// same tree; whatever is not certain is parsed whole.
pub fn parse(text: &str, base: usize) -> Result<Option<Node<'_>>, YamlError> {
    Ok(parse_taking::<()>(text, base, None)?.map(|(root, _)| root))
}

/// What was made of the mapping items of the lists a register's records come from (the root
/// list, and the lists that are values of the root mapping; not anchored ones): per list, its
/// start offset and one `T` per mapping item, in order.
pub type Taken<T> = Vec<(usize, Vec<T>)>;

/// One item of a register list, as `parse_taking` says: a mapping item is made a `T` by `take`
/// and, unless it is the list's first, left in the tree as an empty mapping with its span.
/// Shared by saphyr's path and the scanner, which must build the same tree.
fn take_item<'a, T>(
    node: &mut Node<'a>,
    taken: Option<&mut Vec<T>>,
    take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
) -> Option<NodeData<'a>> {
    if let (Some(taken), Some(take)) = (taken, take)
        && matches!(node.data, NodeData::Map(_))
    {
        let whole = taken.is_empty();
        taken.push(take(node));
        if !whole {
            // What the item held, for the scanner to reuse its buffer.
            let empty = NodeData::Map(Children::Owned(Vec::new()));
            return Some(std::mem::replace(&mut node.data, empty));
        }
    }
    None
}

/// `parse`, with `take` making a `T` (a record) of every mapping item of those lists as soon as
/// the item is parsed, whose node is then dropped: the tree of a long register is never whole
/// beside its records. The item's node stays in the list as an empty mapping with its span;
/// the first mapping item of each list (and of each split part) is also kept whole, so that
/// what reads a list's first record to decide its kind still can.
pub fn parse_taking<'a, T: Send>(
    text: &'a str,
    base: usize,
    take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
) -> Result<Option<(Node<'a>, Taken<T>)>, YamlError> {
    if text.len() >= split::MIN_BYTES
        && rayon::current_num_threads() > 1
        && let Some(root) = split::parse(text, base, split::chunk_bytes(text.len()), take)
    {
        return Ok(Some(root));
    }
    match parse_events(text, base, Mode::WHOLE, take) {
        Ok(root) => Ok(root),
        Err(Fail::Yaml(e)) => Err(e),
        // Only a split part is strict.
        Err(Fail::Uncertain) => unreachable!("the whole document is never strict"),
    }
}

/// How a text is parsed: as a whole document, or as a part of a split one (`split`).
#[derive(Clone, Copy)]
struct Mode {
    /// Levels of nesting above this text's root in the whole document.
    depth: usize,
    /// A part gives up (`Fail::Uncertain`) on anchors, aliases and tags: an alias may name an
    /// anchor of another part, and the alias budget is the whole document's.
    strict: bool,
}

impl Mode {
    const WHOLE: Mode = Mode {
        depth: 0,
        strict: false,
    };
}

/// Why a text gave no tree: a YAML error, or (a strict part) something the split cannot
/// vouch for.
enum Fail {
    Yaml(YamlError),
    Uncertain,
}

/// The tree of `text`: by the hand scanner of plain registers (`scan`) when it is sure of the
/// document, else from saphyr's events (`parse_saphyr`).
#[allow(clippy::type_complexity)]
fn parse_events<'a, T>(
    text: &'a str,
    base: usize,
    mode: Mode,
    take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
) -> Result<Option<(Node<'a>, Taken<T>)>, Fail> {
    if let Some(root) = scan::parse(text, base, mode, take) {
        #[cfg(debug_assertions)]
        check_scan(text, base, mode);
        return Ok(root);
    }
    parse_saphyr(text, base, mode, take)
}

/// Debug builds: what the scanner accepted, saphyr parses into the same tree (spans included),
/// with the same register items taken.
#[cfg(debug_assertions)]
fn check_scan<'a>(text: &'a str, base: usize, mode: Mode) {
    let take: &(dyn Fn(&Node<'a>) -> Node<'a> + Sync) = &|n: &Node<'a>| n.clone();
    let fast = scan::parse(text, base, mode, Some(take)).expect("the scanner accepted it once");
    let shown: String = text.chars().take(3000).collect();
    let slow = match parse_saphyr(text, base, mode, Some(take)) {
        Ok(root) => root,
        Err(Fail::Yaml(e)) => panic!(
            "yaml::scan accepted a document saphyr rejects ({} at {}): {shown:?}",
            e.message, e.offset
        ),
        Err(Fail::Uncertain) => panic!("yaml::scan accepted an uncertain part: {shown:?}"),
    };
    assert!(
        fast == slow,
        "yaml::scan and saphyr differ on {shown:?}:\nscan:   {fast:?}\nsaphyr: {slow:?}"
    );
}

/// The tree of `text` from saphyr's events.
#[allow(clippy::type_complexity)]
fn parse_saphyr<'a, T>(
    text: &'a str,
    base: usize,
    mode: Mode,
    take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
) -> Result<Option<(Node<'a>, Taken<T>)>, Fail> {
    let offsets = Offsets::new(text, base);
    let mut stack: Vec<Frame<'a, T>> = Vec::new();
    let mut lists: Taken<T> = Vec::new();
    // Anchor ID → the anchored node, its expanded size and height.
    let mut anchors: HashMap<usize, (Node<'a>, usize, usize)> = HashMap::new();
    let budget = text
        .len()
        .saturating_mul(ALIAS_FACTOR)
        .clamp(ALIAS_MIN, ALIAS_MAX);
    let mut expanded = 0usize;
    let mut root: Option<Node<'a>> = None;

    let err = |message: String, span: &Span| YamlError {
        message,
        offset: offsets.byte(span.start.index()),
    };

    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(pair) => pair,
            Err(e) => {
                return Err(Fail::Yaml(YamlError {
                    message: e.info().to_string(),
                    offset: offsets.byte(e.marker().index()),
                }));
            }
        };
        if mode.strict
            && match &event {
                Event::Alias(_) => true,
                Event::Scalar(_, _, anchor, tag)
                | Event::SequenceStart(anchor, tag)
                | Event::MappingStart(anchor, tag) => *anchor > 0 || tag.is_some(),
                _ => false,
            }
        {
            return Err(Fail::Uncertain);
        }
        let built = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::DocumentEnd | Event::StreamEnd => {
                if root.is_some() || matches!(event, Event::StreamEnd) {
                    break;
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() + mode.depth >= MAX_DEPTH {
                    return Err(Fail::Yaml(err(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        &span,
                    )));
                }
                let start = offsets.byte(span.start.index());
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    // A register's list: the root, or a value of the root mapping (in a split
                    // part under a key, the part's root is that value).
                    let register = anchor == 0
                        && take.is_some()
                        && (stack.is_empty()
                            || (stack.len() == 1
                                && mode.depth == 0
                                && matches!(stack[0], Frame::Map { .. })));
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                        bytes: 0,
                        height: 0,
                        taken: register.then(Vec::new),
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        pairs: Vec::new(),
                        key: None,
                        bytes: 0,
                        height: 0,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    continue;
                };
                let end_here = offsets.byte(span.end.index());
                let (mut built, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        items,
                        bytes,
                        height,
                        taken,
                    } => {
                        if let Some(taken) = taken {
                            lists.push((start, taken));
                        }
                        let end = items.last().map_or(end_here, |n| n.end);
                        let node = Node {
                            start,
                            end,
                            data: NodeData::Seq(Children::Owned(items)),
                        };
                        (
                            Built {
                                node,
                                bytes: NODE_BYTES + bytes,
                                height: height + 1,
                            },
                            anchor,
                        )
                    }
                    Frame::Map {
                        start,
                        anchor,
                        pairs,
                        bytes,
                        height,
                        ..
                    } => {
                        let end = pairs.last().map_or(end_here, |(_, v)| v.end);
                        let node = Node {
                            start,
                            end,
                            data: NodeData::Map(Children::Owned(pairs)),
                        };
                        (
                            Built {
                                node,
                                bytes: NODE_BYTES + bytes,
                                height: height + 1,
                            },
                            anchor,
                        )
                    }
                };
                if anchor > 0 {
                    // The anchor table shares the children rather than copying them.
                    let data = match &mut built.node.data {
                        NodeData::Seq(items) => NodeData::Seq(items.share()),
                        NodeData::Map(pairs) => NodeData::Map(pairs.share()),
                        other => other.clone(),
                    };
                    let node = Node {
                        start: built.node.start,
                        end: built.node.end,
                        data,
                    };
                    anchors.insert(anchor, (node, built.bytes, built.height));
                }
                built
            }
            Event::Scalar(value, style, anchor, _) => {
                let start = offsets.byte(span.start.index());
                let end = offsets.byte(span.end.index());
                let is_null = style == ScalarStyle::Plain
                    && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let bytes = NODE_BYTES + value.len();
                let node = Node {
                    start,
                    end,
                    data: if is_null {
                        NodeData::Null
                    } else {
                        NodeData::Scalar(match value {
                            Cow::Borrowed(s) => Text::Borrowed(s),
                            Cow::Owned(s) => s.into(),
                        })
                    },
                };
                if anchor > 0 {
                    anchors.insert(anchor, (node.clone(), bytes, 1));
                }
                Built {
                    node,
                    bytes,
                    height: 1,
                }
            }
            Event::Alias(id) => {
                let Some((target, bytes, height)) = anchors.get(&id) else {
                    return Err(Fail::Yaml(err("alias to an unknown anchor".into(), &span)));
                };
                if expanded.saturating_add(*bytes) > budget {
                    return Err(Fail::Yaml(err(
                        format!(
                            "alias expansion exceeds {} in this document (an alias bomb?): aliases may expand to {ALIAS_FACTOR} times the size of the document, at least {} and at most {}",
                            human_bytes(budget),
                            human_bytes(ALIAS_MIN),
                            human_bytes(ALIAS_MAX)
                        ),
                        &span,
                    )));
                }
                if stack.len() + height > MAX_DEPTH {
                    return Err(Fail::Yaml(err(
                        format!("nesting deeper than {MAX_DEPTH} levels (through aliases)"),
                        &span,
                    )));
                }
                expanded += bytes;
                let mut node = target.clone();
                // The alias is where the user wrote it, not where the anchor is.
                node.start = offsets.byte(span.start.index());
                node.end = offsets.byte(span.end.index());
                Built {
                    node,
                    bytes: *bytes,
                    height: *height,
                }
            }
        };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(built.node);
                }
            }
            Some(Frame::Seq {
                items,
                bytes,
                height,
                taken,
                ..
            }) => {
                let mut node = built.node;
                let _ = take_item(&mut node, taken.as_mut(), take);
                items.push(node);
                *bytes += built.bytes;
                *height = (*height).max(built.height);
            }
            Some(Frame::Map {
                pairs,
                key,
                bytes,
                height,
                ..
            }) => {
                *bytes += built.bytes;
                *height = (*height).max(built.height);
                match key.take() {
                    None => *key = Some(built.node),
                    Some(k) => pairs.push((k, built.node)),
                }
            }
        }
    }
    Ok(root.map(|root| (root, lists)))
}

/// A large register is one long list (`- id: R-1 ...` at the top, or under one key:
/// `risks:`): its items are parsed in parallel, in parts of many items each, and put back
/// into the one tree the whole parse would give, with the same byte spans. Whatever is not
/// certain falls back to parsing the whole document: anchors, aliases or tags (strict parts),
/// document markers or directives, tabs in indentation, anything but list items after the
/// list, a part that does not parse or whose item count is not its number of `- ` lines
/// (the lines were read as items where the parser did not).
mod split {
    use super::{Children, Mode, Node, NodeData, Taken, parse_events};
    use rayon::prelude::*;

    /// Smaller documents are parsed whole: a part costs a parser of its own.
    pub const MIN_BYTES: usize = 4 << 20;

    /// Parts of about this size: several per thread, so that threads that finish early take more.
    pub fn chunk_bytes(len: usize) -> usize {
        (len / (rayon::current_num_threads() * 4)).max(256 << 10)
    }

    /// Where the list is: the byte offset of every item's line, the items' indentation, and
    /// whether the list is the value of the root mapping's last key (else it is the root).
    struct Plan {
        starts: Vec<usize>,
        indent: usize,
        under_key: bool,
    }

    fn is_item(rest: &str) -> bool {
        rest == "-" || rest.starts_with("- ")
    }

    /// `key:` at the start of a line, nothing after but a comment: a plain key whose value
    /// is on the next lines.
    fn is_key_line(line: &str) -> bool {
        let Some(colon) = line.find(':') else {
            return false;
        };
        let (key, after) = (&line[..colon], line[colon + 1..].trim());
        !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'))
            && !key.starts_with(['-', ' '])
            && (after.is_empty() || after.starts_with('#'))
    }

    fn plan(text: &str) -> Option<Plan> {
        let mut starts = Vec::new();
        // (indentation, under a key) of the list being read.
        let mut list: Option<(usize, bool)> = None;
        let mut prev_key = false;
        let mut first = true;
        let mut at = 0;
        for raw in text.split_inclusive('\n') {
            let pos = at;
            at += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let body = line.trim_start_matches(' ');
            let indent = line.len() - body.len();
            if body.starts_with('\t') {
                return None;
            }
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            if indent == 0 && (body.starts_with("---") || body.starts_with("...")) {
                // An explicit start of the (only) document, before anything else.
                if first && list.is_none() && body.trim_end() == "---" {
                    first = false;
                    continue;
                }
                return None;
            }
            if indent == 0 && body.starts_with('%') {
                return None;
            }
            match list {
                Some((n, _)) if indent > n => {}
                Some((n, _)) if indent == n && is_item(body) => starts.push(pos),
                Some(_) => {
                    // The list ended: what follows is not a part of it.
                    list = None;
                    starts.clear();
                }
                None => {}
            }
            if list.is_none() && is_item(body) && (prev_key || (first && indent == 0)) {
                list = Some((indent, prev_key));
                starts.push(pos);
            }
            prev_key = list.is_none() && indent == 0 && is_key_line(line);
            first = false;
        }
        let (indent, under_key) = list?;
        (starts.len() >= 2).then_some(Plan {
            starts,
            indent,
            under_key,
        })
    }

    /// One part, `text[from..to]`, parsed on its own: up to the `-` of the next item's line
    /// (unless it ends the document), so that what ends at the boundary ends where it does in
    /// the whole document (an empty value's span is where the next token is); that last item
    /// is empty, and `take` drops it.
    #[allow(clippy::type_complexity)]
    fn part<'a, T>(
        text: &'a str,
        base: usize,
        (from, to): (usize, usize),
        indent: usize,
        mode: Mode,
        take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
    ) -> Option<(Node<'a>, Taken<T>)> {
        let end = if to < text.len() { to + indent + 1 } else { to };
        // An error or an uncertainty: the whole document is parsed instead.
        parse_events(&text[from..end], base + from, mode, take)
            .ok()
            .flatten()
    }

    /// The list of a root node (itself, or its last key's value).
    fn list_of<'r, 'a>(root: &'r mut Node<'a>, under_key: bool) -> Option<&'r mut Vec<Node<'a>>> {
        let list = if under_key {
            match &mut root.data {
                NodeData::Map(Children::Owned(pairs)) => &mut pairs.last_mut()?.1,
                _ => return None,
            }
        } else {
            root
        };
        match &mut list.data {
            NodeData::Seq(Children::Owned(items)) => Some(items),
            _ => None,
        }
    }

    /// Take the items of a part: `count` of them, and the empty one at the boundary if the
    /// part does not end the document.
    fn take(items: &mut Vec<Node<'_>>, count: usize, last: bool) -> bool {
        if last {
            return items.len() == count;
        }
        if items.len() != count + 1 || !matches!(items.last(), Some(n) if n.data == NodeData::Null)
        {
            return false;
        }
        items.pop();
        true
    }

    /// The whole document's root, or `None` to parse it whole.
    #[allow(clippy::type_complexity)]
    pub fn parse<'a, T: Send>(
        text: &'a str,
        base: usize,
        chunk: usize,
        take: Option<&(dyn Fn(&Node<'a>) -> T + Sync)>,
    ) -> Option<(Node<'a>, Taken<T>)> {
        let plan = plan(text)?;
        // Part boundaries: item lines, every `chunk` bytes or so; the first part holds what
        // comes before the list.
        let mut cuts = vec![0];
        for &s in &plan.starts[1..] {
            if s - cuts[cuts.len() - 1] >= chunk {
                cuts.push(s);
            }
        }
        if cuts.len() < 2 {
            return None;
        }
        let parts: Vec<(usize, usize, usize)> = cuts
            .iter()
            .enumerate()
            .map(|(i, &from)| {
                let to = cuts.get(i + 1).copied().unwrap_or(text.len());
                let count = plan.starts.partition_point(|&s| s < to)
                    - plan.starts.partition_point(|&s| s < from);
                (from, to, count)
            })
            .collect();
        let last = parts.len() - 1;
        // The first part that gives up stops the others (`collect` into an `Option`).
        let parsed: Vec<(Node<'a>, Taken<T>)> = parts
            .par_iter()
            .enumerate()
            .map(|(i, &(from, to, count))| {
                let first = i == 0;
                let mode = Mode {
                    depth: usize::from(!first && plan.under_key),
                    strict: true,
                };
                let (mut root, taken) = part(text, base, (from, to), plan.indent, mode, take)?;
                let list = list_of(&mut root, first && plan.under_key)?;
                self::take(list, count, i == last).then_some((root, taken))
            })
            .collect::<Option<_>>()?;
        let mut parsed = parsed.into_iter();
        let (mut root, mut taken) = parsed.next()?;
        // What each later part took of its list goes after what the first part took of the list.
        let list_start = match &root.data {
            NodeData::Map(Children::Owned(pairs)) if plan.under_key => pairs.last()?.1.start,
            _ => root.start,
        };
        let at = taken.iter().position(|(s, _)| *s == list_start);
        let list = list_of(&mut root, plan.under_key)?;
        list.reserve(plan.starts.len() - list.len());
        for (mut part, part_taken) in parsed {
            let part_start = part.start;
            list.append(list_of(&mut part, false)?);
            if let Some(at) = at {
                for (s, mut t) in part_taken {
                    if s == part_start {
                        taken[at].1.append(&mut t);
                    }
                }
            }
        }
        let end = list.last()?.end;
        if plan.under_key
            && let NodeData::Map(Children::Owned(pairs)) = &mut root.data
            && let Some((_, v)) = pairs.last_mut()
        {
            v.end = end;
        }
        root.end = end;
        Some((root, taken))
    }
}

/// `64 KiB`, `8 MiB`.
fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20))
    } else {
        format!("{} KiB", n.div_ceil(1 << 10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_byte_offsets() {
        let text = "é: 1\nid: A.5.10\n";
        let root = parse(text, 0).unwrap().unwrap();
        let v = root.get("id").unwrap();
        assert_eq!(&text[v.start..v.end], "A.5.10");
        assert_eq!(v.as_str(), Some("A.5.10"));
    }

    #[test]
    fn numbers_keep_their_text() {
        let root = parse("- 5.10\n- 07\n", 0).unwrap().unwrap();
        let items = root.as_seq().unwrap();
        assert_eq!(items[0].as_str(), Some("5.10"));
        assert_eq!(items[1].as_str(), Some("07"));
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        let e = parse(&text, 0).unwrap_err();
        assert!(e.message.contains("alias"), "{}", e.message);
    }

    #[test]
    fn aliased_bytes_are_counted_not_nodes() {
        // Few nodes, many bytes: one 256 KiB scalar aliased 100 times is 25 MiB.
        let text = format!(
            "a: &a {}\nb: [{}]\n",
            "x".repeat(256 << 10),
            vec!["*a"; 100].join(", ")
        );
        let e = parse(&text, 0).unwrap_err();
        assert!(
            e.message.contains("alias expansion exceeds"),
            "{}",
            e.message
        );
        // Reported at the first alias that goes over the budget.
        let budget = ALIAS_FACTOR * text.len();
        let fits = budget / ((256 << 10) + NODE_BYTES);
        let line2 = text.find("\nb:").unwrap() + 1;
        assert_eq!(&text[e.offset..e.offset + 2], "*a");
        assert_eq!((e.offset - line2 - 4) / 4, fits);
    }

    #[test]
    fn ordinary_aliases_are_fine_and_shared() {
        let mut text = String::from(
            "ciso: &ciso Jane Doe\ndefaults: &d {owner: *ciso, review: 12 months}\nrisks:\n",
        );
        for i in 0..2000 {
            text.push_str(&format!("  - {{id: R-{i}, owner: *ciso, d: *d}}\n"));
        }
        let root = parse(&text, 0).unwrap().unwrap();
        let risks = root.get("risks").unwrap().as_seq().unwrap();
        assert_eq!(risks.len(), 2000);
        let owner = risks[1999].get("owner").unwrap();
        assert_eq!(owner.as_str(), Some("Jane Doe"));
        // The span is the alias, where the user wrote it.
        assert_eq!(&text[owner.start..owner.end], "*ciso");
        let (NodeData::Map(Children::Shared(a)), NodeData::Map(Children::Shared(b))) = (
            &risks[0].get("d").unwrap().data,
            &risks[1].get("d").unwrap().data,
        ) else {
            panic!("not shared maps");
        };
        assert!(Arc::ptr_eq(a, b), "an alias shares the anchored mapping");
    }

    #[test]
    fn nested_anchors_are_not_copied_per_level() {
        // Every level anchored: with copies this would cost depth × size.
        let depth = 100;
        let text = format!(
            "{}{}{}\n",
            (0..depth).map(|i| format!("&a{i} [")).collect::<String>(),
            "x".repeat(1 << 20),
            "]".repeat(depth)
        );
        let root = parse(&text, 0);
        assert!(root.is_ok(), "{root:?}");
    }

    #[test]
    fn nesting_through_aliases_is_bounded() {
        // 100 levels, aliased inside 100 more.
        let deep = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        let text = format!(
            "a: &a {deep}\nb: {}*a{}\n",
            "[".repeat(100),
            "]".repeat(100)
        );
        let e = parse(&text, 0).unwrap_err();
        assert!(e.message.contains("through aliases"), "{}", e.message);
    }

    #[test]
    fn non_ascii_offsets() {
        let text = format!("{}: 1\nid: A.5.10\nk: *x\n", "é".repeat(500));
        let e = parse(&text, 0).unwrap_err();
        assert_eq!(&text[e.offset..e.offset + 2], "*x");
        let text = format!("{}: 1\nid: A.5.10\n", "é€".repeat(300));
        let v = parse(&text, 0).unwrap().unwrap();
        let v = v.get("id").unwrap();
        assert_eq!(&text[v.start..v.end], "A.5.10");
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(500) + &"]".repeat(500);
        assert!(parse(&text, 0).is_err());
    }

    #[test]
    fn base_offset_is_added() {
        let root = parse("k: v", 10).unwrap().unwrap();
        assert_eq!(root.get("k").unwrap().start, 13);
    }

    fn whole(text: &str, base: usize) -> Option<Node<'_>> {
        match parse_events::<()>(text, base, Mode::WHOLE, None) {
            Ok(root) => root.map(|(root, _)| root),
            Err(_) => panic!("the whole document parses"),
        }
    }

    fn clone_node<'a>(node: &Node<'a>) -> Node<'a> {
        node.clone()
    }

    /// Put what `take` made (a copy of each node) back in place of the items it took.
    fn restore<'a>(mut root: Node<'a>, taken: Taken<Node<'a>>) -> Node<'a> {
        for (start, nodes) in taken {
            let list = if root.start == start && matches!(root.data, NodeData::Seq(_)) {
                &mut root
            } else {
                let NodeData::Map(Children::Owned(pairs)) = &mut root.data else {
                    panic!("no list at {start}");
                };
                &mut pairs.iter_mut().find(|(_, v)| v.start == start).unwrap().1
            };
            let NodeData::Seq(Children::Owned(items)) = &mut list.data else {
                panic!("not a list at {start}");
            };
            let mut maps = items
                .iter_mut()
                .filter(|i| matches!(i.data, NodeData::Map(_)));
            for node in nodes {
                let item = maps.next().expect("as many items as taken");
                assert!(item.as_map().unwrap().is_empty() || *item == node);
                *item = node;
            }
            assert!(maps.next().is_none(), "every mapping item taken");
        }
        root
    }

    #[test]
    fn taken_items_are_the_items() {
        let list: String = (0..40)
            .map(|i| format!("- id: R-{i}\n  n: [{{a: 1}}, 2]\n- {{}}\n- x\n- [{{b: 2}}]\n"))
            .collect();
        let indented: String = list.lines().map(|l| format!("  {l}\n")).collect();
        for text in [
            list.clone(),
            format!("a: &x [{{k: 1}}, {{k: 2}}]\nb: *x\nc:\n  - *x\n  - d: 1\nrisks:\n{indented}"),
            format!("controls:\n  - id: 1\n  - id: 2\nrisks:\n{indented}"),
            "id: 1\nn: [{a: 1}, {b: 2}]\n".to_string(),
        ] {
            let (root, taken) = parse_events(&text, 0, Mode::WHOLE, Some(&clone_node))
                .ok()
                .flatten()
                .unwrap();
            assert_eq!(Some(restore(root, taken)), whole(&text, 0), "{text}");
        }
    }

    /// Split in parts of (about) `chunk` bytes: the same tree as the whole parse, spans included.
    fn split_same(text: &str, chunk: usize) -> bool {
        let got = split::parse::<()>(text, 3, chunk, None).map(|(root, _)| root);
        if let Some(got) = &got {
            assert_eq!(Some(got), whole(text, 3).as_ref(), "{text}");
        }
        // Taking the items as they are parsed: the same items, in the same order.
        let taken = split::parse(text, 3, chunk, Some(&clone_node));
        assert_eq!(taken.is_some(), got.is_some());
        if let Some((root, taken)) = taken {
            assert_eq!(Some(restore(root, taken)), got, "{text}");
        }
        got.is_some()
    }

    #[test]
    fn a_split_list_is_the_whole_parse() {
        let item = |i: usize| {
            format!(
                "- id: R-{i}\n  title: Risk {i} é\n  description: >-\n    a folded\n    text\n\n  owner:\n  controls: [A.5.{i}, A.8.1]\n  nested:\n    - a\n    -\n  # a comment\n  last: 'quoted'\n-\n"
            )
        };
        let list: String = (0..40).map(item).collect();
        for chunk in [1, 50, 300, 1000] {
            assert!(split_same(&list, chunk));
            let crlf = list.replace('\n', "\r\n");
            assert!(split_same(&crlf, chunk));
            // Under a key, after other keys, indented or not, after a document start.
            let indented: String = list.lines().map(|l| format!("  {l}\n")).collect();
            assert!(split_same(
                &format!("kind: risk\nrisks:\n{indented}"),
                chunk
            ));
            assert!(split_same(
                &format!("---\n# register\nrisks: # all\n{list}"),
                chunk
            ));
            // Ending in blank lines and comments, or with no newline.
            assert!(split_same(&format!("{list}\n# end\n\n"), chunk));
            assert!(split_same(list.trim_end(), chunk));
            // A block scalar ending at the boundary, and an empty value.
            let tail: String = (0..40)
                .map(|i| format!("  - id: {i}\n    text: |\n      line\n\n    empty:\n"))
                .collect();
            assert!(split_same(&format!("risks:\n{tail}"), chunk));
        }
    }

    #[test]
    fn what_is_not_certain_is_parsed_whole() {
        let list: String = (0..40)
            .map(|i| format!("- id: R-{i}\n  owner: x\n"))
            .collect();
        assert!(split_same(&list, 1));
        let uncertain = [
            // Anchors and aliases, tags.
            format!("- &a {{id: 1}}\n{list}- *a\n"),
            format!("{list}- owner: &o Jane\n- owner: *o\n"),
            format!("{list}- !risk {{id: 2}}\n"),
            // Another document, a directive.
            format!("{list}---\n{list}"),
            format!("%YAML 1.2\n---\n{list}"),
            format!("{list}...\n"),
            // Something after the list, a tab.
            format!("risks:\n{list}kind: risk\n"),
            format!("{list}-\tid: 3\n"),
            // A quoted value spanning items' lines.
            format!("{list}- title: \"open\n- id: 9\"\n"),
            // A flow list, a mapping keyed by ID.
            "[a, b, c]\n".to_string(),
            "A.5.1: {x: 1}\nA.5.2: {x: 2}\n".to_string(),
        ];
        for text in &uncertain {
            for chunk in [1, 100] {
                let got = split::parse::<()>(text, 0, chunk, None);
                assert!(got.is_none(), "split: {text}");
            }
        }
        // A broken part: the whole parse reports it, where it is.
        let broken = format!("{list}- id: [unclosed\n{list}");
        assert!(split::parse::<()>(&broken, 0, 1, None).is_none());
        let e = parse_events::<()>(&broken, 0, Mode::WHOLE, None).err();
        assert!(matches!(e, Some(Fail::Yaml(_))));
    }

    #[test]
    fn split_parts_keep_the_nesting_limit() {
        // Items nested up to the limit under a key, and beyond it: split as far as whole.
        let mut seen = (false, false);
        for levels in MAX_DEPTH - 4..MAX_DEPTH + 1 {
            let deep = format!("{}x{}", "[".repeat(levels), "]".repeat(levels));
            let list: String = (0..10).map(|_| format!("  - {deep}\n")).collect();
            let text = format!("k:\n{list}");
            let ok = parse_events::<()>(&text, 0, Mode::WHOLE, None).is_ok();
            assert_eq!(
                split::parse::<()>(&text, 0, 1, None).is_some(),
                ok,
                "{levels}"
            );
            if ok {
                seen.0 = true;
            } else {
                seen.1 = true;
            }
        }
        assert_eq!(seen, (true, true));
    }
}
