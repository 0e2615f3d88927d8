//! The rules about the shape of a policy: which keys it must have, lists that must not be
//! empty, and the range of `max_age`.

use crate::problem::Problem;

/// The longest `max_age` browsers honour, in seconds (Firefox's cap; Chromium caps at 7200).
pub const MAX_AGE_LIMIT: u32 = 86_400;

/// `origins` or `methods` is missing.
///
/// ```
/// let problem = cors_rules::missing_key("origins");
/// assert_eq!(problem.message, "missing `origins`: a CORS policy must say which origins it allows");
/// ```
pub fn missing_key(key: &str) -> Problem {
    let example = if key == "origins" {
        "origins = [\"https://app.example.com\"]"
    } else {
        "methods = [GET, POST]"
    };
    Problem::new(
        format!("missing `{key}`: a CORS policy must say which {key} it allows"),
        format!("add `{example}`"),
    )
}

/// A list key was given an empty list.
///
/// ```
/// let problem = cors_rules::empty_list("allow_headers");
/// assert_eq!(problem.message, "`allow_headers` is an empty list");
/// ```
pub fn empty_list(key: &str) -> Problem {
    Problem::new(
        format!("`{key}` is an empty list"),
        if matches!(key, "origins" | "methods") {
            format!("list at least one of the {key} the policy allows")
        } else {
            format!("list at least one header name, or leave `{key}` out")
        },
    )
}

/// Checks `max_age`, written as `written`: at most [`MAX_AGE_LIMIT`] seconds.
///
/// ```
/// assert_eq!(cors_rules::check_max_age(600, "600"), Ok(600));
/// assert!(cors_rules::check_max_age(86_401, "86401").is_err());
/// ```
pub fn check_max_age(seconds: u64, written: &str) -> Result<u32, Problem> {
    match u32::try_from(seconds) {
        Ok(seconds) if seconds <= MAX_AGE_LIMIT => Ok(seconds),
        _ => Err(Problem::new(
            format!("`max_age = {written}` is over the 86400 seconds (24 hours) allowed"),
            "browsers ignore longer values: Firefox caps the preflight cache at 86400 and \
             Chromium at 7200; use at most 86400, e.g. `max_age = 7200`",
        )),
    }
}

/// Every key of a policy, in the order the documentation gives them.
pub const ALL_KEYS: [&str; 9] = [
    "origins",
    "methods",
    "allow_headers",
    "expose_headers",
    "credentials",
    "max_age",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_subdomains",
    "dangerously_allow_cross_origin_writes",
];

/// An unknown key, and the key it was probably meant to be.
///
/// ```
/// let (problem, closest) = cors_rules::unknown_key("orgins");
/// assert_eq!(problem.message, "unknown key `orgins`");
/// assert!(problem.help.starts_with("did you mean `origins`?"));
/// assert_eq!(closest, Some("origins"));
/// ```
pub fn unknown_key(name: &str) -> (Problem, Option<&'static str>) {
    let normalized = name.replace('-', "_").to_ascii_lowercase();
    let closest = ALL_KEYS
        .iter()
        .map(|key| (edit_distance(&normalized, key), *key))
        .min()
        .filter(|(distance, key)| *distance <= key.len() / 3 + 1)
        .map(|(_, key)| key);
    let valid = ALL_KEYS.join(", ");
    let help = match closest {
        Some(key) => format!("did you mean `{key}`? valid keys are: {valid}"),
        None => format!("valid keys are: {valid}"),
    };
    (Problem::new(format!("unknown key `{name}`"), help), closest)
}

/// Levenshtein distance, for suggesting the key the user meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("orgins", "origins"), 1);
        assert_eq!(edit_distance("method", "methods"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
