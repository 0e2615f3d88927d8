//! The Public Suffix List, to refuse subdomain patterns such as `https://*.co.uk` that cover
//! registrations of unrelated owners.
//!
//! `public_suffix_list.dat` is Mozilla's list (MPL-2.0, see its header), copied unmodified apart
//! from one provenance paragraph from the crates.io package `adbyss_psl` 0.24.7, released
//! 2026-10-24. Both the ICANN and the private sections count (`github.io` is a private entry).
//!
//! What is embedded is `public_suffix_rules.txt`, derived from it: every rule in lowercase
//! ASCII (internationalized rules in their `xn--` form) after a character naming its kind,
//! sorted. A lookup is a binary search in that text: nothing is parsed or allocated, which
//! matters in the unoptimized build a procedural macro usually runs in. A test derives the
//! file from the list again and fails if they differ (`PSL_REGENERATE=1` rewrites it).

use std::cmp::Ordering;

/// The derived rules, with their header.
const RULES: &str = include_str!("public_suffix_rules.txt");

/// The kinds of rule, as the first character of each line.
const EXACT: char = '=';
const WILDCARD: char = '*';
const EXCEPTION: char = '!';

/// Where the sorted lines start: after the header and its blank line (found while
/// compiling, so that no lookup scans the header again).
const LINES_START: usize = {
    let bytes = RULES.as_bytes();
    let mut at = 0;
    while at + 1 < bytes.len() && !(bytes[at] == b'\n' && bytes[at + 1] == b'\n') {
        at += 1;
    }
    at + 2
};

/// The sorted lines, after the header and its blank line.
fn sorted_lines() -> &'static str {
    RULES.get(LINES_START..).unwrap_or("")
}

/// Whether `kind` followed by `name` is one of the sorted lines.
fn has_rule(kind: char, name: &str) -> bool {
    let data = sorted_lines();
    let bytes = data.as_bytes();
    let key = (kind as u8, name.as_bytes());
    let compare = |line: &[u8]| match line.split_first() {
        Some((&k, rest)) => (key.0, key.1).cmp(&(k, rest)),
        None => Ordering::Greater,
    };
    // `lo..hi` always holds whole lines.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |at| lo + at + 1);
        let end = bytes[start..hi]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(hi, |at| start + at);
        match compare(&bytes[start..end]) {
            Ordering::Equal => return true,
            Ordering::Less => hi = start,
            Ordering::Greater => lo = end + 1,
        }
    }
    false
}

/// Whether `domain` (lowercase ASCII, no trailing dot) is itself a public suffix: a plain rule,
/// directly under a wildcard rule and not an exception, or a single label (the list's default
/// rule `*` makes every top-level domain a public suffix, listed or not).
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    let Some((_, parent)) = domain.split_once('.') else {
        return !domain.is_empty();
    };
    if has_rule(EXCEPTION, domain) {
        return false;
    }
    has_rule(EXACT, domain) || has_rule(WILDCARD, parent)
}

/// Whether a `*.domain` pattern spans registrations of unrelated owners: `domain` is a public
/// suffix, or a wildcard rule makes every name directly under it one (`*.kawasaki.jp`).
pub(crate) fn is_over_public_suffix(domain: &str) -> bool {
    is_public_suffix(domain) || has_rule(WILDCARD, domain)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::HashSet;

    use super::*;
    use crate::punycode;

    /// The list as published, with its MPL-2.0 header.
    const LIST: &str = include_str!("public_suffix_list.dat");

    /// The parsed rules, each domain in lowercase ASCII (internationalized rules in `xn--`
    /// form).
    struct Rules {
        /// Plain rules: `co.uk`.
        exact: HashSet<Cow<'static, str>>,
        /// Wildcard rules `*.ck`, stored without the `*.`: `ck`.
        wildcard: HashSet<Cow<'static, str>>,
        /// Exception rules `!www.ck`, stored without the `!`: `www.ck`.
        exception: HashSet<Cow<'static, str>>,
    }

    /// Parses the list format: one rule per line, read up to the first whitespace; `//`
    /// comments.
    fn parse(text: &'static str) -> Rules {
        let mut rules = Rules {
            exact: HashSet::new(),
            wildcard: HashSet::new(),
            exception: HashSet::new(),
        };
        for line in text.split('\n') {
            let rule = line.split([' ', '\t', '\r']).next().unwrap_or("");
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

    /// `public_suffix_rules.txt` as derived from `list`.
    fn derive(list: &'static str) -> String {
        let rules = parse(list);
        let mut lines: Vec<String> = rules
            .exact
            .iter()
            .map(|r| format!("{EXACT}{r}"))
            .chain(rules.wildcard.iter().map(|r| format!("{WILDCARD}{r}")))
            .chain(rules.exception.iter().map(|r| format!("{EXCEPTION}{r}")))
            .collect();
        lines.sort();
        let mut text = String::from(
            "// Derived from public_suffix_list.dat, the Public Suffix List (https://publicsuffix.org/),\n\
             // subject to the terms of the Mozilla Public License, version 2.0 (LICENSE-MPL-2.0):\n\
             // each rule in lowercase ASCII (Unicode rules in their xn-- form) after its kind\n\
             // (= plain, * wildcard without its `*.`, ! exception without its `!`), sorted.\n\
             // Generated by the test public_suffix::tests::the_sorted_rules_are_the_lists\n\
             // (PSL_REGENERATE=1 cargo test -p cors-rules); not edited by hand.\n\n",
        );
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }

    #[test]
    fn the_sorted_rules_are_the_lists() {
        let derived = derive(LIST);
        if std::env::var_os("PSL_REGENERATE").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/public_suffix_rules.txt");
            std::fs::write(path, &derived).expect("cannot write public_suffix_rules.txt");
        }
        assert!(
            RULES == derived,
            "src/public_suffix_rules.txt is not derived from src/public_suffix_list.dat: \
             run `PSL_REGENERATE=1 cargo test -p cors-rules` and commit the result"
        );
        // Every rule is found, of its own kind only.
        let rules = parse(LIST);
        for (kind, set) in [
            (EXACT, &rules.exact),
            (WILDCARD, &rules.wildcard),
            (EXCEPTION, &rules.exception),
        ] {
            for name in set {
                assert!(has_rule(kind, name), "{kind}{name}");
            }
        }
        assert!(!has_rule(EXACT, "ck") && has_rule(WILDCARD, "ck"));
        assert!(!has_rule(EXACT, "") && !has_rule(EXACT, "zzzzzz") && !has_rule(EXACT, "0"));
    }

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
        assert!(all().all(|r| !r.contains(['\n', ' '])));
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
