//! YAML (and JSON, which is YAML) into a small tree with byte spans on every node.
//!
//! We build our own tree from saphyr-parser events rather than use a generic loader because we
//! need (1) the raw text of scalars (`5.10` is a control ID, not the float 5.1), (2) byte
//! offsets into the file for every key and value, and (3) bounds on alias expansion and nesting,
//! so that an alias bomb or a pathological document becomes a diagnostic instead of an OOM.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Deepest nesting we accept. Real registers are 3–5 levels deep.
const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may add to one document.
const MAX_ALIAS_NODES: usize = 200_000;

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
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
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

    fn size(&self) -> usize {
        match &self.data {
            NodeData::Null | NodeData::Scalar(_) => 1,
            NodeData::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeData::Map(pairs) => {
                1 + pairs
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
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
    /// Byte offset of each char, only when the text is not ASCII.
    table: Option<Vec<usize>>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Offsets { text, base, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        let local = match &self.table {
            None => char_index.min(self.text.len()),
            Some(t) => t.get(char_index).copied().unwrap_or(self.text.len()),
        };
        self.base + local
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        pairs: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parse the first document of `text`. `base` is the byte offset of `text` in its file (front
/// matter), so every span is a file offset. Returns `Ok(None)` for an empty document.
pub fn parse(text: &str, base: usize) -> Result<Option<Node>, YamlError> {
    let offsets = Offsets::new(text, base);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_budget = MAX_ALIAS_NODES;
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
        let node = match event {
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
                    }
                } else {
                    Frame::Map {
                        start,
                        anchor,
                        pairs: Vec::new(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else {
                    continue;
                };
                let end_here = offsets.byte(span.end.index());
                let (node, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        items,
                    } => {
                        let end = items.last().map_or(end_here, |n| n.end);
                        (
                            Node {
                                start,
                                end,
                                data: NodeData::Seq(items),
                            },
                            anchor,
                        )
                    }
                    Frame::Map {
                        start,
                        anchor,
                        pairs,
                        ..
                    } => {
                        let end = pairs.last().map_or(end_here, |(_, v)| v.end);
                        (
                            Node {
                                start,
                                end,
                                data: NodeData::Map(pairs),
                            },
                            anchor,
                        )
                    }
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Scalar(value, style, anchor, _) => {
                let start = offsets.byte(span.start.index());
                let end = offsets.byte(span.end.index());
                let is_null = style == ScalarStyle::Plain
                    && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL");
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
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(err("alias to an unknown anchor".into(), &span));
                };
                let size = target.size();
                if size > alias_budget {
                    return Err(err(
                        format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                        ),
                        &span,
                    ));
                }
                alias_budget -= size;
                let mut node = target.clone();
                // The alias is where the user wrote it, not where the anchor is.
                node.start = offsets.byte(span.start.index());
                node.end = offsets.byte(span.end.index());
                node
            }
        };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { pairs, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => pairs.push((k, node)),
            },
        }
    }
    Ok(root)
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
