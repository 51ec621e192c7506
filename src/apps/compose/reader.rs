//! The reading context shared by the top-level and service readers: it turns
//! nodes into typed values, checks keys against what Compose allows, runs
//! interpolation over the tree and gathers warnings, all with positions.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::{ComposeError, Location};
use super::interpolate::{InterpolationError, interpolate};
use super::variables::Variables;
use super::yaml::{Entry, Node, Style, Value};
use crate::apps::model::Warning;

/// The keys one map may have.
pub(super) struct Keys {
    /// Keys Berth reads.
    pub read: &'static [&'static str],
    /// Keys that mean nothing for a single local engine, skipped quietly.
    pub quiet: &'static [&'static str],
    /// Keys of the Compose Specification that Berth does not act on; each
    /// one met becomes a warning.
    pub unsupported: &'static [&'static str],
}

/// Reading state for one compose file.
pub(super) struct Reader<'a> {
    pub file: &'a str,
    pub base_dir: &'a Path,
    pub vars: &'a Variables,
    source_lines: Vec<&'a str>,
    warnings: Vec<Warning>,
}

impl<'a> Reader<'a> {
    pub fn new(source: &'a str, file: &'a str, vars: &'a Variables, base_dir: &'a Path) -> Self {
        let source_lines = source.lines().collect();
        Self { file, base_dir, vars, source_lines, warnings: Vec::new() }
    }

    /// The warnings so far, in source order, each reported once.
    pub fn into_warnings(self) -> Vec<Warning> {
        let mut warnings = self.warnings;
        warnings.sort_by_key(|w| (w.line, w.column));
        warnings.dedup();
        warnings
    }

    pub fn at(&self, node: &Node) -> Location {
        self.at_position(node.line, node.column)
    }

    pub fn at_key(&self, entry: &Entry) -> Location {
        self.at_position(entry.line, entry.column)
    }

    pub fn at_position(&self, line: u32, column: u32) -> Location {
        Location { file: self.file.to_owned(), line, column }
    }

    pub fn warn(&mut self, line: u32, column: u32, message: String) {
        self.warnings.push(Warning { line, column, message });
    }

    /// A type or form error at `node`.
    pub fn expected(&self, node: &Node, path: &str, expected: impl Into<String>) -> ComposeError {
        ComposeError::Expected {
            at: self.at(node),
            path: path.to_owned(),
            expected: expected.into(),
        }
    }

    /// The entries of a map; null reads as an empty map.
    pub fn map<'n>(&self, node: &'n Node, path: &str) -> Result<&'n [Entry], ComposeError> {
        match &node.value {
            Value::Map(entries) => Ok(entries),
            Value::Null => Ok(&[]),
            _ => Err(self.expected(node, path, "a map")),
        }
    }

    /// The items of a list; null reads as an empty list.
    pub fn seq<'n>(
        &self,
        node: &'n Node,
        path: &str,
        expected: &str,
    ) -> Result<&'n [Node], ComposeError> {
        match &node.value {
            Value::Seq(items) => Ok(items),
            Value::Null => Ok(&[]),
            _ => Err(self.expected(node, path, expected)),
        }
    }

    /// The text of a scalar; maps, lists and null are refused.
    pub fn text<'n>(
        &self,
        node: &'n Node,
        path: &str,
        expected: &str,
    ) -> Result<&'n str, ComposeError> {
        match &node.value {
            Value::Scalar { text, .. } => Ok(text),
            _ => Err(self.expected(node, path, expected)),
        }
    }

    pub fn bool(&self, node: &Node, path: &str) -> Result<bool, ComposeError> {
        match self.text(node, path, "true or false")? {
            "true" | "True" | "TRUE" => Ok(true),
            "false" | "False" | "FALSE" => Ok(false),
            _ => Err(self.expected(node, path, "true or false")),
        }
    }

    pub fn u32(&self, node: &Node, path: &str, expected: &str) -> Result<u32, ComposeError> {
        let text = self.text(node, path, expected)?;
        text.trim().parse().map_err(|_| self.expected(node, path, expected))
    }

    /// A map of text, or a list of `KEY=value` / `KEY` items; a missing value
    /// (null or bare `KEY`) reads as `None`.
    pub fn assignments(
        &self,
        node: &Node,
        path: &str,
    ) -> Result<BTreeMap<String, Option<String>>, ComposeError> {
        let mut pairs = BTreeMap::new();
        match &node.value {
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let text = self.text(item, &format!("{path}[{i}]"), "KEY=value or KEY")?;
                    let (key, value) = super::syntax::split_assignment(text);
                    pairs.insert(key.to_owned(), value.map(str::to_owned));
                }
            }
            Value::Map(entries) => {
                for entry in entries {
                    let value = match &entry.value.value {
                        Value::Null => None,
                        Value::Scalar { text, .. } => Some(text.clone()),
                        _ => {
                            let path = format!("{path}.{}", entry.key);
                            let expected = "a string, number or boolean";
                            return Err(self.expected(&entry.value, &path, expected));
                        }
                    };
                    pairs.insert(entry.key.clone(), value);
                }
            }
            Value::Null => {}
            Value::Scalar { .. } => {
                return Err(self.expected(node, path, "a map or a list of KEY=value"));
            }
        }
        Ok(pairs)
    }

    /// Warns about unsupported keys and refuses unknown ones; `x-` keys are
    /// extensions and pass silently.
    pub fn check_keys(
        &mut self,
        entries: &[Entry],
        path: &str,
        keys: &Keys,
    ) -> Result<(), ComposeError> {
        for entry in entries {
            let key = entry.key.as_str();
            let is_known = keys.read.contains(&key) || keys.quiet.contains(&key);
            if is_known || key.starts_with("x-") {
                continue;
            }
            if keys.unsupported.contains(&key) {
                let message = format!("{} is not supported", join_path(path, key));
                self.warn(entry.line, entry.column, message);
                continue;
            }
            let all = keys.read.iter().chain(keys.unsupported).chain(keys.quiet);
            return Err(ComposeError::UnknownKey {
                at: self.at_key(entry),
                path: if path.is_empty() { "(top level)".into() } else { path.to_owned() },
                key: key.to_owned(),
                suggestions: close_matches(key, all),
            });
        }
        Ok(())
    }

    /// Interpolates every scalar below `node` except in `x-` extensions,
    /// warning about unset variables.
    pub fn interpolate_tree(&mut self, node: &mut Node, path: &str) -> Result<(), ComposeError> {
        match &mut node.value {
            Value::Null => Ok(()),
            Value::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.interpolate_tree(item, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            Value::Map(entries) => {
                for entry in entries.iter_mut().filter(|e| !e.key.starts_with("x-")) {
                    self.interpolate_tree(&mut entry.value, &join_path(path, &entry.key))?;
                }
                Ok(())
            }
            Value::Scalar { text, style } => {
                let (line, column, style) = (node.line, node.column, *style);
                let result = match interpolate(text, self.vars) {
                    Ok(result) => result,
                    Err(error) => {
                        let (InterpolationError::Required { offset, .. }
                        | InterpolationError::Invalid { offset }) = &error;
                        let (line, column) = self.refine(line, column, style, text, *offset);
                        return Err(self.interpolation_error(line, column, path, error));
                    }
                };
                for (offset, variable) in &result.unset {
                    let (line, column) = self.refine(line, column, style, text, *offset);
                    let message =
                        format!("{path}: variable {variable} is not set; using an empty string");
                    self.warn(line, column, message);
                }
                *text = result.text;
                Ok(())
            }
        }
    }

    fn interpolation_error(
        &self,
        line: u32,
        column: u32,
        path: &str,
        error: InterpolationError,
    ) -> ComposeError {
        let at = self.at_position(line, column);
        let path = path.to_owned();
        match error {
            InterpolationError::Required { variable, message, .. } => {
                ComposeError::RequiredVariable { at, path, variable, message }
            }
            InterpolationError::Invalid { .. } => ComposeError::Interpolation { at, path },
        }
    }

    /// The position of character `offset` of a scalar's text when the
    /// source shows that text verbatim on the scalar's line; otherwise the
    /// scalar's own position.
    fn refine(
        &self,
        line: u32,
        column: u32,
        style: Style,
        text: &str,
        offset: usize,
    ) -> (u32, u32) {
        let opening = match style {
            Style::Plain => 0,
            Style::Quoted => 1,
            Style::Block => return (line, column),
        };
        let Some(source) = self.source_lines.get(line as usize - 1) else { return (line, column) };
        let start = column as usize - 1 + opening;
        let written: String = source.chars().skip(start).take(text.chars().count()).collect();
        if written != text {
            return (line, column);
        }
        let refined = column as usize + opening + offset;
        (line, u32::try_from(refined).unwrap_or(column))
    }
}

/// `parent.key`, or `key` at the top level.
pub(super) fn join_path(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

/// Known keys within two edits of `key` (one for short keys), closest first.
fn close_matches<'k>(key: &str, known: impl Iterator<Item = &'k &'static str>) -> Vec<String> {
    let limit = if key.len() <= 4 { 1 } else { 2 };
    let mut scored: Vec<(usize, &str)> = known
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, k)| k.to_owned()).take(3).collect()
}

/// Levenshtein distance, counting a swap of neighbours as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_keys() {
        let known = ["image", "command", "environment", "ports", "restart"];

        assert_eq!(close_matches("imgae", known.iter()), vec!["image"], "a swap is one edit");
        assert_eq!(close_matches("enviroment", known.iter()), vec!["environment"]);
        assert!(close_matches("zzz", known.iter()).is_empty(), "nothing close, nothing offered");
    }
}
