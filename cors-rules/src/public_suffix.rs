//! The Public Suffix List, to refuse subdomain patterns such as `https://*.co.uk` that cover
//! registrations of unrelated owners.
//!
//! `public_suffix_list.dat` is Mozilla's list (MPL-2.0, see its header), copied unmodified apart
//! from one provenance paragraph from the crates.io package `adbyss_psl` 0.24.7, released
//! 2026-10-24. It is embedded with `include_str!` and parsed once, lazily, the first time a
//! subdomain pattern is checked; a policy without one never pays for it. Both the ICANN and the
//! private sections count (`github.io` is a private entry).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::punycode;

/// The list as published, with its MPL-2.0 header.
const LIST: &str = include_str!("public_suffix_list.dat");

/// The parsed rules, each domain in lowercase ASCII (internationalized rules in `xn--` form),
/// borrowed from the list where it is already so.
struct Rules {
    /// Plain rules: `co.uk`.
    exact: HashSet<Cow<'static, str>>,
    /// Wildcard rules `*.ck`, stored without the `*.`: `ck`.
    wildcard: HashSet<Cow<'static, str>>,
    /// Exception rules `!www.ck`, stored without the `!`: `www.ck`.
    exception: HashSet<Cow<'static, str>>,
}

/// The rules, parsed on first use.
static RULES: OnceLock<Rules> = OnceLock::new();

/// Whether `domain` (lowercase ASCII, no trailing dot) is itself a public suffix: a plain rule,
/// directly under a wildcard rule and not an exception, or a single label (the list's default
/// rule `*` makes every top-level domain a public suffix, listed or not).
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    let Some((_, parent)) = domain.split_once('.') else {
        return !domain.is_empty();
    };
    let rules = RULES.get_or_init(|| parse(LIST));
    if rules.exception.contains(domain) {
        return false;
    }
    rules.exact.contains(domain) || rules.wildcard.contains(parent)
}

/// Whether a `*.domain` pattern spans registrations of unrelated owners: `domain` is a public
/// suffix, or a wildcard rule makes every name directly under it one (`*.kawasaki.jp`).
pub(crate) fn is_over_public_suffix(domain: &str) -> bool {
    is_public_suffix(domain) || RULES.get_or_init(|| parse(LIST)).wildcard.contains(domain)
}

/// Parses the list format: one rule per line, read up to the first whitespace; `//` comments.
/// Written for speed in an unoptimized build (proc macros usually are): no per-line allocation.
fn parse(text: &'static str) -> Rules {
    let mut rules = Rules {
        exact: HashSet::with_capacity(16_384),
        wildcard: HashSet::with_capacity(512),
        exception: HashSet::with_capacity(16),
    };
    for line in text.split('\n') {
        let rule = first_word(line);
        if rule.is_empty() || rule.starts_with("//") {
            continue;
        }
        let (set, name) = if let Some(name) = rule.strip_prefix('!') {
            (&mut rules.exception, name)
        } else if let Some(name) = rule.strip_prefix("*.") {
            (&mut rules.wildcard, name)
        } else {
            (&mut rules.exact, rule)
        };
        // The list is lowercase (a test checks it); Unicode rules get their `xn--` form.
        let name = if name.is_ascii() {
            Cow::Borrowed(name)
        } else {
            match punycode::domain_to_ascii(name) {
                Some(ascii) => Cow::Owned(ascii),
                None => continue,
            }
        };
        set.insert(name);
    }
    rules
}

/// `line` up to its first space, tab or carriage return.
fn first_word(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut end = 0;
    while end < bytes.len() && !matches!(bytes[end], b' ' | b'\t' | b'\r') {
        end += 1;
    }
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icann_suffixes() {
        for d in ["com", "uk", "co.uk", "org.uk", "com.au", "jp", "tokyo.jp"] {
            assert!(is_public_suffix(d), "{d}");
        }
    }

    #[test]
    fn private_suffixes() {
        for d in [
            "github.io",
            "herokuapp.com",
            "pages.dev",
            "vercel.app",
            "netlify.app",
        ] {
            assert!(is_public_suffix(d), "{d}");
        }
    }

    #[test]
    fn unlisted_tld_by_default_rule() {
        assert!(is_public_suffix("notarealtld"));
        assert!(is_public_suffix("internal"));
        assert!(!is_public_suffix("example.notarealtld"));
    }

    #[test]
    fn registrable_domains_are_not_suffixes() {
        for d in [
            "example.com",
            "example.co.uk",
            "user.github.io",
            "a.b.example.com",
            "co.uk.com",
        ] {
            assert!(!is_public_suffix(d), "{d}");
        }
    }

    #[test]
    fn wildcard_and_exception_rules() {
        // `*.ck` and `!www.ck`; `*.kawasaki.jp` and `!city.kawasaki.jp`.
        assert!(is_public_suffix("anything.ck"));
        assert!(!is_public_suffix("www.ck"));
        assert!(!is_public_suffix("a.anything.ck"));
        assert!(is_public_suffix("foo.kawasaki.jp"));
        assert!(!is_public_suffix("city.kawasaki.jp"));
        // A wildcard rule does not make its parent a suffix: `kawasaki.jp` falls to `jp`.
        assert!(!is_public_suffix("kawasaki.jp"));
    }

    #[test]
    fn patterns_over_wildcard_rules() {
        assert!(is_over_public_suffix("kawasaki.jp"));
        assert!(is_over_public_suffix("ck"));
        assert!(is_over_public_suffix("co.uk"));
        assert!(is_over_public_suffix("foo.kawasaki.jp"));
        assert!(!is_over_public_suffix("city.kawasaki.jp"));
        assert!(!is_over_public_suffix("example.com"));
        assert!(!is_over_public_suffix("user.github.io"));
    }

    #[test]
    fn internationalized_rules_are_in_punycode() {
        // 公司.cn and 中国 are listed in Unicode.
        assert!(is_public_suffix("xn--55qx5d.cn"));
        assert!(is_public_suffix("xn--fiqs8s"));
        assert!(!is_public_suffix("xn--85x722f.xn--55qx5d.cn"));
    }

    #[test]
    fn empty_is_not_a_suffix() {
        assert!(!is_public_suffix(""));
    }

    #[test]
    fn the_list_is_complete() {
        let rules = parse(LIST);
        assert!(rules.exact.len() > 9_000, "{}", rules.exact.len());
        assert!(rules.wildcard.len() > 100);
        assert!(rules.exception.len() >= 5);
        let all = || {
            rules
                .exact
                .iter()
                .chain(&rules.wildcard)
                .chain(&rules.exception)
        };
        assert!(all().all(|r| r.is_ascii()));
        assert!(all().all(|r| !r.bytes().any(|b| b.is_ascii_uppercase())));
        // Both sections: an ICANN entry and a private one.
        assert!(rules.exact.contains("ac") && rules.exact.contains("github.io"));
    }

    #[test]
    fn parses_the_format() {
        let rules =
            parse("// comment\n\n  indented\nco.uk extra words\r\n*.ck\r\n!www.ck\n食狮.cn");
        assert!(rules.exact.contains("co.uk"));
        assert!(rules.exact.contains("xn--85x722f.cn"));
        assert!(rules.wildcard.contains("ck"));
        assert!(rules.exception.contains("www.ck"));
        assert_eq!(rules.exact.len(), 2);
    }
}
