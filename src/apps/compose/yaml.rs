//! A YAML document as a tree of positioned nodes, built from saphyr-parser's
//! events. Aliases are expanded and merge keys (`<<: *base`) resolved while
//! the tree is built, so the rest of the importer sees plain maps and lists
//! that still know the line and column they came from.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// How many nodes alias expansion may copy in one document; guards against
/// documents built to explode ("billion laughs").
const ALIAS_BUDGET: usize = 100_000;

/// One node with its 1-based position.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub value: Value,
    pub line: u32,
    pub column: u32,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    /// A plain empty scalar, `~` or `null`.
    Null,
    Scalar {
        text: String,
        style: Style,
    },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// How a scalar was written, which decides how its text maps to columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    Quoted,
    /// A `|` or `>` block; its text does not follow the source's columns.
    Block,
}

/// One key of a map with the key's position.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub key: String,
    pub line: u32,
    pub column: u32,
    pub value: Node,
}

/// A document that is not valid YAML, or that uses YAML in ways a compose
/// file cannot (several documents, a list as a key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Parses `text` into its single document; `None` for an empty one.
pub(super) fn load_yaml(text: &str) -> Result<Option<Node>, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::default();

    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError {
            line: to_u32(e.marker().line()),
            column: to_u32(e.marker().col() + 1),
            message: e.info().to_owned(),
        })?;
        builder.on_event(event, span)?;
    }

    Ok(builder.root)
}

impl Node {
    /// The entries of a map, or `None` for any other node.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` when this node is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?.iter().find(|e| e.key == key).map(|e| &e.value)
    }
}

/// A collection still being read.
enum Frame {
    Seq { start: Span, anchor: usize, items: Vec<Node> },
    Map { start: Span, anchor: usize, entries: Vec<Entry>, merges: Vec<Node>, key: Option<Key> },
}

/// A map key waiting for its value.
struct Key {
    text: String,
    is_merge: bool,
    line: u32,
    column: u32,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: BTreeMap<usize, Node>,
    aliased_nodes: usize,
    documents: usize,
    root: Option<Node>,
}

impl Builder {
    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(error_at(span, "expected a single yaml document".into()));
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let node = scalar_node(&text, style, span);
                self.remember(anchor, &node);
                self.add(node)?;
            }
            Event::Alias(id) => {
                let node = self.expand_alias(id, span)?;
                self.add(node)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame::Seq { start: span, anchor, items: Vec::new() });
            }
            Event::MappingStart(anchor, _) => {
                let frame = Frame::Map {
                    start: span,
                    anchor,
                    entries: Vec::new(),
                    merges: Vec::new(),
                    key: None,
                };
                self.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { start, anchor, items }) => {
                        (positioned(Value::Seq(items), start), anchor)
                    }
                    Some(Frame::Map { start, anchor, entries, merges, .. }) => {
                        (positioned(Value::Map(merge_entries(entries, merges)?), start), anchor)
                    }
                    None => return Ok(()),
                };
                self.remember(anchor, &node);
                self.add(node)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    /// Places a finished node in the collection being read, or as the root.
    fn add(&mut self, node: Node) -> Result<(), YamlError> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Seq { items, .. } => items.push(node),
            Frame::Map { key: slot @ None, .. } => *slot = Some(key_of(node)?),
            Frame::Map { key: slot @ Some(_), entries, merges, .. } => {
                let Some(key) = slot.take() else { return Ok(()) };
                if key.is_merge {
                    merges.push(node);
                } else if entries.iter().any(|e| e.key == key.text) {
                    let message = format!("duplicate key `{}`", key.text);
                    return Err(YamlError { line: key.line, column: key.column, message });
                } else {
                    let entry =
                        Entry { key: key.text, line: key.line, column: key.column, value: node };
                    entries.push(entry);
                }
            }
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn expand_alias(&mut self, id: usize, span: Span) -> Result<Node, YamlError> {
        let Some(node) = self.anchors.get(&id) else {
            return Err(error_at(span, "unknown anchor".into()));
        };

        self.aliased_nodes += count_nodes(node);
        if self.aliased_nodes > ALIAS_BUDGET {
            let message = format!("aliases expand to more than {ALIAS_BUDGET} nodes");
            return Err(error_at(span, message));
        }

        Ok(node.clone())
    }
}

/// Applies `<<` merges: keys written in the map win over merged ones, and an
/// earlier merged map wins over a later one, as the YAML merge type says.
fn merge_entries(mut entries: Vec<Entry>, merges: Vec<Node>) -> Result<Vec<Entry>, YamlError> {
    for merge in merges {
        let sources = match merge.value {
            Value::Map(_) => vec![merge],
            Value::Seq(items) => items,
            _ => return Err(not_mergeable(&merge)),
        };
        for source in sources {
            let Value::Map(merged) = source.value else { return Err(not_mergeable(&source)) };
            for entry in merged {
                if !entries.iter().any(|e| e.key == entry.key) {
                    entries.push(entry);
                }
            }
        }
    }
    Ok(entries)
}

fn not_mergeable(node: &Node) -> YamlError {
    YamlError {
        line: node.line,
        column: node.column,
        message: "expected a map or a list of maps after `<<`".into(),
    }
}

fn key_of(node: Node) -> Result<Key, YamlError> {
    let (text, is_merge) = match node.value {
        Value::Scalar { text, style } => {
            let is_merge = text == "<<" && style == Style::Plain;
            (text, is_merge)
        }
        Value::Null => (String::new(), false),
        Value::Seq(_) | Value::Map(_) => {
            let message = "expected a plain key, not a list or a map".into();
            return Err(YamlError { line: node.line, column: node.column, message });
        }
    };
    Ok(Key { text, is_merge, line: node.line, column: node.column })
}

fn scalar_node(text: &str, style: ScalarStyle, span: Span) -> Node {
    let is_null =
        style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL");
    let style = match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
        ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
    };
    let value = if is_null { Value::Null } else { Value::Scalar { text: text.to_owned(), style } };
    positioned(value, span)
}

fn positioned(value: Value, span: Span) -> Node {
    Node { value, line: to_u32(span.start.line()), column: to_u32(span.start.col() + 1) }
}

fn count_nodes(node: &Node) -> usize {
    match &node.value {
        Value::Null | Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| 1 + count_nodes(&e.value)).sum::<usize>(),
    }
}

fn error_at(span: Span, message: String) -> YamlError {
    YamlError { line: to_u32(span.start.line()), column: to_u32(span.start.col() + 1), message }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Node {
        load_yaml(text).expect("the document is valid").expect("the document is not empty")
    }

    fn text_of(node: &Node) -> &str {
        match &node.value {
            Value::Scalar { text, .. } => text,
            other => panic!("expected a scalar, got {other:?}"),
        }
    }

    #[test]
    fn nodes_carry_one_based_positions() {
        let root = load("a:\n  b: 1\n");
        let b = root.get("a").and_then(|a| a.get("b")).expect("a.b exists");

        assert_eq!((b.line, b.column), (2, 6), "the value 1 sits on line 2, column 6");
        let key = &root.get("a").and_then(Node::entries).expect("a is a map")[0];
        assert_eq!((key.line, key.column), (2, 3), "the key b sits on line 2, column 3");
    }

    #[test]
    fn empty_tilde_and_null_are_null_but_quoted_ones_are_text() {
        let root = load("a:\nb: ~\nc: null\nd: 'null'\n");

        for key in ["a", "b", "c"] {
            assert_eq!(root.get(key).map(|n| &n.value), Some(&Value::Null), "{key} is null");
        }
        assert_eq!(text_of(root.get("d").expect("d exists")), "null", "quoted null is text");
    }

    #[test]
    fn merge_keys_keep_own_keys_and_prefer_earlier_sources() {
        let root = load("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n");
        let c = root.get("c").expect("c exists");

        assert_eq!(text_of(c.get("x").expect("x")), "3", "the map's own key wins");
        assert_eq!(text_of(c.get("y").expect("y")), "1", "the first merged map wins");
        assert_eq!(text_of(c.get("z").expect("z")), "2", "keys only in later maps arrive");
        assert!(c.get("<<").is_none(), "the merge key itself is gone");
    }

    #[test]
    fn a_single_merge_and_an_alias_copy_the_anchored_node() {
        let root = load("base: &base\n  image: x\nsvc:\n  <<: *base\nother: *base\n");

        assert_eq!(text_of(root.get("svc").and_then(|s| s.get("image")).expect("image")), "x");
        assert_eq!(root.get("other"), root.get("base"), "an alias is a copy of its anchor");
    }

    #[test]
    fn duplicate_keys_and_several_documents_are_refused() {
        let duplicate = load_yaml("a: 1\na: 2\n").expect_err("duplicate keys are an error");
        let documents = load_yaml("a: 1\n---\nb: 2\n").expect_err("two documents are an error");

        assert_eq!((duplicate.line, duplicate.column), (2, 1), "points at the second key");
        assert!(duplicate.message.contains("duplicate key `a`"), "{}", duplicate.message);
        assert!(documents.message.contains("single yaml document"), "{}", documents.message);
    }

    #[test]
    fn syntax_errors_carry_the_parser_position() {
        let error = load_yaml("a: [1, 2\nb: 3\n").expect_err("an unclosed list is an error");

        assert!(error.line >= 1 && error.column >= 1, "positions are 1-based: {error:?}");
        assert!(!error.message.is_empty(), "the parser says what is wrong");
    }

    #[test]
    fn exploding_aliases_stop_at_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, \
                 *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }

        let error = load_yaml(&text).expect_err("ten to the eighth nodes are refused");

        assert!(error.message.contains("aliases expand"), "{}", error.message);
    }
}
