//! What a browser serializes, as the `url` crate computes it, and the IDNA rules the
//! validator documents as unchecked. Shared, through `#[path]`, by the property tests
//! (`src/proptests.rs`), the `env_value` fuzz target and its corpus replay.

use url::Url;

pub(crate) fn special(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp")
}

/// Whether `s` is exactly what a browser serializes for the origin it names: for the
/// schemes with tuple origins, the `url` crate's serialization of `s` is `s`; for the
/// others (`chrome-extension://id` and the like), `s` parses as a URL that serializes
/// to itself.
pub(crate) fn is_browser_serialized(s: &str) -> Result<(), String> {
    let url = Url::parse(s).map_err(|e| format!("{s:?} does not parse as a URL: {e}"))?;
    let serialized = if special(url.scheme()) {
        url.origin().ascii_serialization()
    } else {
        url.as_str().to_owned()
    };
    if serialized == s {
        Ok(())
    } else {
        Err(format!("{s:?} is serialized as {serialized:?}"))
    }
}

/// Whether `host` has an `xn--` label that breaks one of the IDNA rules the validator
/// documents as unchecked (the label must be NFC, carry no joiner out of context, and, in a
/// domain with right-to-left characters, follow the Bidi rule): browsers refuse such a host,
/// the validator accepts it, and the policy entry never matches.
pub(crate) fn breaks_unchecked_idna_rule(host: &str) -> bool {
    use unicode_bidi::{BidiClass, bidi_class};
    use unicode_normalization::UnicodeNormalization;
    let decoded: Vec<String> = host
        .split('.')
        .map(|label| {
            label
                .strip_prefix("xn--")
                .and_then(idna::punycode::decode_to_string)
                .unwrap_or_else(|| label.to_owned())
        })
        .collect();
    let bidi_domain = decoded
        .iter()
        .flat_map(|l| l.chars())
        .any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN));
    bidi_domain
        || decoded.iter().any(|label| {
            label.nfc().collect::<String>() != *label || label.contains(['\u{200c}', '\u{200d}'])
        })
}
