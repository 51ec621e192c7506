//! Compose's `${VAR}` interpolation of one scalar's text.
//!
//! Supported: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?message}`, `${VAR?message}`, `${VAR:+other}`, `${VAR+other}` and
//! `$$` for a literal `$`. Defaults and replacements may hold further
//! interpolations and are only expanded when used.

use super::variables::Variables;

/// The text after interpolation and the variables that were missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Interpolated {
    pub text: String,
    /// Each unset variable used without a default, with the character offset
    /// of its `$` in the original text.
    pub unset: Vec<(usize, String)>,
}

/// Why a text could not be interpolated; `offset` is the character offset of
/// the offending `$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum InterpolationError {
    /// `${VAR:?message}` or `${VAR?message}` with the variable missing.
    Required { offset: usize, variable: String, message: String },
    /// A `$` that starts no variable, or a `${` that is never closed.
    Invalid { offset: usize },
}

/// Replaces the variables in `text` with their values from `vars`.
pub(super) fn interpolate(
    text: &str,
    vars: &Variables,
) -> Result<Interpolated, InterpolationError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Interpolated { text: String::new(), unset: Vec::new() };
    expand(&chars, 0, vars, &mut out)?;
    Ok(out)
}

/// Expands `chars`, which start at character `base` of the original text.
fn expand(
    chars: &[char],
    base: usize,
    vars: &Variables,
    out: &mut Interpolated,
) -> Result<(), InterpolationError> {
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.text.push(chars[i]);
            i += 1;
            continue;
        }
        let invalid = InterpolationError::Invalid { offset: base + i };
        match chars.get(i + 1) {
            Some('$') => {
                out.text.push('$');
                i += 2;
            }
            Some('{') => {
                let close = closing_brace(chars, i + 2).ok_or(invalid)?;
                braced(&chars[i + 2..close], base + i, vars, out)?;
                i = close + 1;
            }
            Some(&c) if c == '_' || c.is_ascii_alphabetic() => {
                let name_len = name_length(&chars[i + 1..]);
                let name: String = chars[i + 1..i + 1 + name_len].iter().collect();
                substitute(&name, base + i, vars, out);
                i += 1 + name_len;
            }
            _ => return Err(invalid),
        }
    }
    Ok(())
}

/// Expands the inside of `${...}`, whose `$` is at `dollar`.
fn braced(
    inner: &[char],
    dollar: usize,
    vars: &Variables,
    out: &mut Interpolated,
) -> Result<(), InterpolationError> {
    let name_len = name_length(inner);
    let starts_well = inner.first().is_some_and(|c| *c == '_' || c.is_ascii_alphabetic());
    if name_len == 0 || !starts_well {
        return Err(InterpolationError::Invalid { offset: dollar });
    }
    let name: String = inner[..name_len].iter().collect();
    let rest = &inner[name_len..];
    let value = vars.get(&name);
    let has_value = value.is_some_and(|v| !v.is_empty());

    let (operator, tail) = split_operator(rest);
    let tail_base = dollar + 2 + name_len + operator.len();
    match operator {
        "" if rest.is_empty() => substitute(&name, dollar, vars, out),
        ":-" | "-" => {
            let use_default = if operator == ":-" { !has_value } else { value.is_none() };
            match value {
                Some(v) if !use_default => out.text.push_str(v),
                _ => expand(tail, tail_base, vars, out)?,
            }
        }
        ":?" | "?" => {
            let missing = if operator == ":?" { !has_value } else { value.is_none() };
            if missing {
                let message = tail.iter().collect::<String>().trim().to_owned();
                return Err(InterpolationError::Required {
                    offset: dollar,
                    variable: name,
                    message,
                });
            }
            out.text.push_str(value.unwrap_or_default());
        }
        ":+" | "+" => {
            let replace = if operator == ":+" { has_value } else { value.is_some() };
            if replace {
                expand(tail, tail_base, vars, out)?;
            }
        }
        _ => return Err(InterpolationError::Invalid { offset: dollar }),
    }
    Ok(())
}

fn substitute(name: &str, dollar: usize, vars: &Variables, out: &mut Interpolated) {
    match vars.get(name) {
        Some(value) => out.text.push_str(value),
        None => out.unset.push((dollar, name.to_owned())),
    }
}

fn split_operator(rest: &[char]) -> (&'static str, &[char]) {
    for operator in [":-", ":?", ":+", "-", "?", "+"] {
        let len = operator.len();
        let matches = rest.len() >= len && rest[..len].iter().copied().eq(operator.chars());
        if matches {
            return (operator, &rest[len..]);
        }
    }
    ("", rest)
}

fn name_length(chars: &[char]) -> usize {
    chars.iter().take_while(|c| **c == '_' || c.is_ascii_alphanumeric()).count()
}

/// The index of the `}` closing a `${` whose content starts at `from`,
/// counting nested braces.
fn closing_brace(chars: &[char], from: usize) -> Option<usize> {
    let mut depth = 1;
    for (i, c) in chars.iter().enumerate().skip(from) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn vars() -> Variables {
        let pairs = [("TAG", "1.25"), ("EMPTY", ""), ("HOST", "db")];
        Variables::from_map(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    fn text(input: &str) -> String {
        interpolate(input, &vars()).expect("the text interpolates").text
    }

    #[test]
    fn plain_and_braced_variables_are_replaced() {
        assert_eq!(text("nginx:$TAG"), "nginx:1.25");
        assert_eq!(text("nginx:${TAG}-alpine"), "nginx:1.25-alpine");
        assert_eq!(text("$HOST.local"), "db.local", "a name ends at the first other char");
    }

    #[test]
    fn defaults_follow_the_colon_rules() {
        assert_eq!(text("${MISSING:-x}"), "x", ":- covers unset");
        assert_eq!(text("${EMPTY:-x}"), "x", ":- covers empty");
        assert_eq!(text("${EMPTY-x}"), "", "- keeps a set empty value");
        assert_eq!(text("${MISSING-x}"), "x", "- covers unset");
        assert_eq!(text("${TAG:-x}"), "1.25", "a set value wins over the default");
        assert_eq!(text("${MISSING:-${HOST}:5432}"), "db:5432", "defaults interpolate");
        assert_eq!(text("${TAG:+set}${MISSING:+set}"), "set", ":+ replaces set values only");
    }

    #[test]
    fn double_dollar_is_a_literal_dollar() {
        assert_eq!(text("echo $$HOME $${TAG}"), "echo $HOME ${TAG}");
    }

    #[test]
    fn unset_variables_become_empty_and_are_reported_with_offsets() {
        let result = interpolate("a=$NOPE b=${ALSO_NOPE}", &vars()).expect("interpolates");

        assert_eq!(result.text, "a= b=");
        assert_eq!(result.unset, vec![(2, "NOPE".into()), (10, "ALSO_NOPE".into())]);
    }

    #[test]
    fn required_variables_fail_with_their_message() {
        let colon = interpolate("x ${EMPTY:?set EMPTY please}", &vars());
        let plain = interpolate("${MISSING?}", &vars());

        assert_eq!(
            colon,
            Err(InterpolationError::Required {
                offset: 2,
                variable: "EMPTY".into(),
                message: "set EMPTY please".into()
            })
        );
        assert!(matches!(plain, Err(InterpolationError::Required { offset: 0, .. })));
        assert_eq!(text("${EMPTY?unused}"), "", "? accepts a set empty value");
    }

    #[test]
    fn stray_dollars_and_open_braces_are_invalid() {
        let empty = Variables::from_map(BTreeMap::new());

        for (input, offset) in
            [("cost $5", 5), ("${OPEN", 0), ("a ${}", 2), ("${A:x}", 0), ("$", 0)]
        {
            assert_eq!(
                interpolate(input, &empty),
                Err(InterpolationError::Invalid { offset }),
                "{input} is not a valid template"
            );
        }
    }
}
