//! YAML (and JSON, which is YAML) into a small tree with byte spans on every node.
//!
//! We build our own tree from saphyr-parser events rather than use a generic loader because we
//! need (1) the raw text of scalars (`5.10` is a control ID, not the float 5.1), (2) byte
//! offsets into the file for every key and value, and (3) bounds on alias expansion and nesting,
//! so that an alias bomb or a pathological document becomes a diagnostic instead of an OOM.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// Deepest nesting we accept, counting what aliases bring in. Real registers are 3–5 levels deep.
const MAX_DEPTH: usize = 128;
/// What one node costs in memory (the bytes of a scalar come on top). Expansion is counted in
/// these bytes: a node copied by an alias is memory whether it holds text or not.
const NODE_BYTES: usize = std::mem::size_of::<Node>();
/// Alias expansion budget of one document: `ALIAS_FACTOR` × the document's own size, at least
/// `ALIAS_MIN` and at most `ALIAS_MAX` bytes. Proportional, so that many files each expanding
/// up to their budget still hold memory proportional to the repository (a YAML tree without
/// aliases already takes several times its text: 48 bytes a node); 16 so that dense but
/// ordinary use (`extra: *defaults` on every record) fits. A floor so a small file may alias
/// freely (`owner: *ciso` a thousand times); a cap at the size of the largest file read at all.
const ALIAS_FACTOR: usize = 16;
const ALIAS_MIN: usize = 64 << 10;
const ALIAS_MAX: usize = 64 << 20;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Byte offsets into the file text.
    pub start: usize,
    pub end: usize,
    pub data: NodeData,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeData {
    Null,
    Scalar(String),
    Seq(Children<Node>),
    Map(Children<(Node, Node)>),
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

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.data {
            NodeData::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.data {
            NodeData::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.data {
            NodeData::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Value of a key in a mapping (keys compared exactly).
    pub fn get(&self, key: &str) -> Option<&Node> {
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
struct Built {
    node: Node,
    bytes: usize,
    height: usize,
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
        bytes: usize,
        height: usize,
    },
    Map {
        start: usize,
        anchor: usize,
        pairs: Vec<(Node, Node)>,
        key: Option<Node>,
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
pub fn parse(text: &str, base: usize) -> Result<Option<Node>, YamlError> {
    let offsets = Offsets::new(text, base);
    let mut stack: Vec<Frame> = Vec::new();
    // Anchor ID → the anchored node, its expanded size and height.
    let mut anchors: HashMap<usize, (Node, usize, usize)> = HashMap::new();
    let budget = text
        .len()
        .saturating_mul(ALIAS_FACTOR)
        .clamp(ALIAS_MIN, ALIAS_MAX);
    let mut expanded = 0usize;
    let mut root: Option<Node> = None;

    let err = |message: String, span: &Span| YamlError {
        message,
        offset: offsets.byte(span.start.index()),
    };

    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(pair) => pair,
            Err(e) => {
                return Err(YamlError {
                    message: e.info().to_string(),
                    offset: offsets.byte(e.marker().index()),
                });
            }
        };
        let built = match event {
            Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => continue,
            Event::DocumentEnd | Event::StreamEnd => {
                if root.is_some() || matches!(event, Event::StreamEnd) {
                    break;
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        &span,
                    ));
                }
                let start = offsets.byte(span.start.index());
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                        bytes: 0,
                        height: 0,
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
                    } => {
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
                        NodeData::Scalar(value.into_owned())
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
                    return Err(err("alias to an unknown anchor".into(), &span));
                };
                if expanded.saturating_add(*bytes) > budget {
                    return Err(err(
                        format!(
                            "alias expansion exceeds {} in this document (an alias bomb?): aliases may expand to {ALIAS_FACTOR} times the size of the document, at least {} and at most {}",
                            human_bytes(budget),
                            human_bytes(ALIAS_MIN),
                            human_bytes(ALIAS_MAX)
                        ),
                        &span,
                    ));
                }
                if stack.len() + height > MAX_DEPTH {
                    return Err(err(
                        format!("nesting deeper than {MAX_DEPTH} levels (through aliases)"),
                        &span,
                    ));
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
                ..
            }) => {
                items.push(built.node);
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
    Ok(root)
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
}
