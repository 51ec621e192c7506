//! Variables for interpolation and the `KEY=value` files Compose reads:
//! `.env` beside the compose file and each service's `env_file`s.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::Path;

use super::error::{ComposeError, Location};

/// Where variables come from: the process environment and a `.env` file next
/// to the compose file (the environment wins, as in Compose).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    values: BTreeMap<String, String>,
}

impl Variables {
    /// Reads `dir/.env` when it exists, then lays the process environment
    /// over it.
    ///
    /// # Errors
    /// [`ComposeError::ReadFile`] when `.env` exists but cannot be read and
    /// [`ComposeError::EnvFileSyntax`] when one of its lines is not
    /// `KEY=value`.
    pub fn from_env_and_dotenv(dir: &Path) -> Result<Self, ComposeError> {
        let path = dir.join(".env");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == ErrorKind::NotFound => String::new(),
            Err(e) => return Err(ComposeError::ReadFile { path, reason: e.to_string() }),
        };

        let mut values = BTreeMap::new();
        for line in parse_env_lines(&text, &path.display().to_string())? {
            if let Some(value) = line.value {
                values.insert(line.key, value);
            }
        }
        values.extend(std::env::vars());

        Ok(Self { values })
    }

    /// Exactly the variables given, for tests and callers that gather their
    /// own.
    pub fn from_map(values: BTreeMap<String, String>) -> Self {
        Self { values }
    }

    /// The value of `name`, if it is set (possibly to an empty string).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// One line of a `KEY=value` file; `value` is `None` for a bare `KEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct EnvLine {
    pub key: String,
    pub value: Option<String>,
}

/// Parses a `KEY=value` file: blank lines and `#` comments are skipped, an
/// `export ` prefix is allowed, values may be single-quoted (literal) or
/// double-quoted (with `\n`, `\t`, `\"` and `\\` escapes), and an unquoted
/// value ends at ` #`.
///
/// # Errors
/// [`ComposeError::EnvFileSyntax`] with the position in the file named
/// `file`.
pub(super) fn parse_env_lines(text: &str, file: &str) -> Result<Vec<EnvLine>, ComposeError> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map(str::trim_start).unwrap_or(line);
        let at = |offset: usize, message: &str| ComposeError::EnvFileSyntax {
            at: Location::new(file, index + 1, raw[..indent + offset].chars().count() + 1),
            message: message.to_owned(),
        };

        let (key, value) = match line.split_once('=') {
            Some((key, value)) => (key.trim_end(), Some(value)),
            None => (line, None),
        };
        if !is_env_key(key) {
            return Err(at(0, "expected KEY=value with a key of letters, digits and _"));
        }
        let value = match value {
            Some(value) => {
                Some(env_value(value).map_err(|message| at(line.len() - value.len(), message))?)
            }
            None => None,
        };

        lines.push(EnvLine { key: key.to_owned(), value });
    }
    Ok(lines)
}

fn is_env_key(key: &str) -> bool {
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn env_value(raw: &str) -> Result<String, &'static str> {
    let value = raw.trim_start();
    if let Some(rest) = value.strip_prefix('\'') {
        let Some(end) = rest.find('\'') else { return Err("expected a closing '") };
        return Ok(rest[..end].to_owned());
    }
    if let Some(rest) = value.strip_prefix('"') {
        return double_quoted(rest).ok_or("expected a closing \"");
    }

    let unquoted = match value.find(" #").or_else(|| value.find("\t#")) {
        Some(comment) => &value[..comment],
        None => value,
    };
    Ok(unquoted.trim_end().to_owned())
}

fn double_quoted(rest: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                other => out.push(other),
            },
            other => out.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, Option<String>)> {
        parse_env_lines(text, ".env")
            .expect("the file is valid")
            .into_iter()
            .map(|l| (l.key, l.value))
            .collect()
    }

    fn pair(key: &str, value: Option<&str>) -> (String, Option<String>) {
        (key.to_owned(), value.map(str::to_owned))
    }

    #[test]
    fn env_files_skip_comments_and_blank_lines_and_unquote_values() {
        let text = "# comment\n\nA=1\nexport B = two words # note\nC='keep #this'\n\
                    D=\"line\\nnext\"\nE=\nF\n  G=indented\n";

        assert_eq!(
            pairs(text),
            vec![
                pair("A", Some("1")),
                pair("B", Some("two words")),
                pair("C", Some("keep #this")),
                pair("D", Some("line\nnext")),
                pair("E", Some("")),
                pair("F", None),
                pair("G", Some("indented")),
            ],
            "each form reads as Compose reads it"
        );
    }

    #[test]
    fn env_file_errors_point_at_the_line_and_column() {
        let bad_key = parse_env_lines("A=1\n  1X=2\n", "app.env").expect_err("1X is no key");
        let open_quote = parse_env_lines("A=\"open\n", "app.env").expect_err("quote not closed");

        assert_eq!(
            bad_key.to_string(),
            "app.env:2:3: expected KEY=value with a key of letters, digits and _"
        );
        assert_eq!(open_quote.to_string(), "app.env:1:3: expected a closing \"");
    }
}
