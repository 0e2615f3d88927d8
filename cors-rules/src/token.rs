//! HTTP tokens (RFC 9110 section 5.6.2) and the quoting of user text inside messages.

/// The characters a token may hold besides ASCII letters and digits, as shown in help texts.
pub(crate) const TOKEN_PUNCTUATION: &str = "!#$%&'*+-.^_|~";

/// Whether `c` is a `tchar`: an ASCII letter or digit, or one of ``!#$%&'*+-.^_`|~``.
pub(crate) fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || TOKEN_PUNCTUATION.contains(c) || c == '`'
}

/// The first character of `s` that is not a `tchar`, if any.
pub(crate) fn first_non_tchar(s: &str) -> Option<char> {
    s.chars().find(|&c| !is_tchar(c))
}

/// `s` made safe to print between backticks: control characters are escaped (`\n`, `\u{0}`).
pub(crate) fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// How to name character `c` in a message: `` `x` ``, or a description for invisible ones.
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        c if c.is_whitespace() && !c.is_control() => {
            format!("the whitespace `{}`", c.escape_unicode())
        }
        c if c.is_control() => format!("the control character `{}`", c.escape_default()),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tchars() {
        for c in "azAZ09!#$%&'*+-.^_`|~".chars() {
            assert!(is_tchar(c), "{c}");
        }
        for c in " \t\"(),/:;<=>?@[\\]{}\u{7f}\u{0}é".chars() {
            assert!(!is_tchar(c), "{c:?}");
        }
    }

    #[test]
    fn first_bad_char() {
        assert_eq!(first_non_tchar("x-request-id"), None);
        assert_eq!(first_non_tchar("x request"), Some(' '));
        assert_eq!(first_non_tchar("content-type:"), Some(':'));
        assert_eq!(first_non_tchar("ü"), Some('ü'));
    }

    #[test]
    fn shows_control_characters_escaped() {
        assert_eq!(shown("a\nb\u{0}c"), "a\\nb\\u{0}c");
        assert_eq!(shown("bücher é"), "bücher é");
    }

    #[test]
    fn describes_characters() {
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char('\t'), "the control character `\\t`");
        assert_eq!(describe_char('\u{a0}'), "the whitespace `\\u{a0}`");
        assert_eq!(describe_char(':'), "`:`");
    }
}
