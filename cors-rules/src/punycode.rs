//! Punycode (RFC 3492) for the `xn--` labels browsers send.
//!
//! Encoding: the Public Suffix List writes internationalized rules in Unicode while origins carry
//! ASCII, and a non-ASCII host in a policy gets its ASCII form as a suggestion. Decoding: an
//! `xn--` label written in a policy is checked the way browsers check it (see `host.rs`).

/// Punycode parameters of RFC 3492 section 5.
const BASE: u32 = 36;
/// Minimum threshold.
const T_MIN: u32 = 1;
/// Maximum threshold.
const T_MAX: u32 = 26;
/// Bias adaptation skew.
const SKEW: u32 = 38;
/// Damping of the first adaptation.
const DAMP: u32 = 700;
/// Initial bias.
const INITIAL_BIAS: u32 = 72;
/// First non-basic code point.
const INITIAL_N: u32 = 128;

/// The Punycode encoding of `label` (without the `xn--` prefix), or `None` on arithmetic overflow,
/// which only absurdly long labels reach.
pub(crate) fn encode(label: &str) -> Option<String> {
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    let total = u32::try_from(input.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while handled < total {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// The code points `code` (a label without its `xn--` prefix) stands for, or `None` when it is
/// not valid Punycode: a non-ASCII basic part, a character that is not a digit, a truncated
/// number, or arithmetic overflow.
pub(crate) fn decode(code: &str) -> Option<Vec<char>> {
    let (basic, deltas) = match code.rfind('-') {
        Some(dash) => (&code[..dash], &code[dash + 1..]),
        None => ("", code),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = deltas.bytes();
    while digits.len() > 0 {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let d = digit_value(digits.next()?)?;
            i = i.checked_add(d.checked_mul(weight)?)?;
            let t = threshold(k, bias);
            if d < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        output.insert(usize::try_from(i).ok()?, char::from_u32(n)?);
        i += 1;
    }
    Some(output)
}

/// The ASCII form of a whole domain: each non-ASCII label becomes `xn--` and its Punycode.
/// Labels are lowercased first; `None` if a label cannot be encoded.
pub(crate) fn domain_to_ascii(domain: &str) -> Option<String> {
    let labels = domain
        .split(['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'])
        .map(|label| {
            let label = label.to_lowercase();
            if label.is_ascii() {
                Some(label)
            } else {
                encode(&label).map(|code| format!("xn--{code}"))
            }
        })
        .collect::<Option<Vec<_>>>()?;
    Some(labels.join("."))
}

/// The character for digit `d` (`0..36`): `a`..`z` then `0`..`9`.
fn digit(d: u32) -> char {
    let d = u8::try_from(d).unwrap_or(0);
    char::from(if d < 26 { b'a' + d } else { b'0' + (d - 26) })
}

/// The value of digit character `b`, either case.
fn digit_value(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 26),
        _ => None,
    }
}

/// The threshold `t` of RFC 3492 section 6 at position `k`.
fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

/// Bias adaptation of RFC 3492 section 6.1.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_known_labels() {
        assert_eq!(encode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(encode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(encode("食狮").as_deref(), Some("85x722f"));
        assert_eq!(encode("公司").as_deref(), Some("55qx5d"));
        assert_eq!(encode("中国").as_deref(), Some("fiqs8s"));
        assert_eq!(encode("пример").as_deref(), Some("e1afmkfd"));
        assert_eq!(encode("ü").as_deref(), Some("tda"));
        assert_eq!(encode("abc").as_deref(), Some("abc-"));
        assert_eq!(encode("").as_deref(), Some(""));
    }

    #[test]
    fn rfc3492_sample() {
        // RFC 3492 section 7.1, sample (L), Japanese: "3年B組金八先生"
        assert_eq!(
            encode("3年b組金八先生").as_deref(),
            Some("3b-ww4c5e180e575a65lsy2b")
        );
    }

    #[test]
    fn decodes_what_it_encodes() {
        for label in [
            "bücher",
            "münchen",
            "食狮",
            "пример",
            "ü",
            "3年b組金八先生",
            "a-ü-b",
        ] {
            let code = encode(label).unwrap();
            assert_eq!(decode(&code), Some(label.chars().collect()), "{label}");
        }
        assert_eq!(decode("bcher-kva"), Some("bücher".chars().collect()));
        // Digits in either case; basic code points stay as written.
        assert_eq!(decode("BCHER-KVA"), Some("BüCHER".chars().collect()));
        assert_eq!(decode(""), Some(Vec::new()));
        assert_eq!(decode("abc-"), Some("abc".chars().collect()));
    }

    #[test]
    fn refuses_what_is_not_punycode() {
        // A number cut short, a character that is no digit, a non-ASCII basic part, and a
        // number too large for a code point.
        for code in ["kv", "bcher-kv!", "ü-a", "99999999"] {
            assert_eq!(decode(code), None, "{code}");
        }
    }

    #[test]
    fn whole_domains() {
        assert_eq!(
            domain_to_ascii("Bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(
            domain_to_ascii("食狮.公司。cn").as_deref(),
            Some("xn--85x722f.xn--55qx5d.cn")
        );
        assert_eq!(domain_to_ascii("plain.com").as_deref(), Some("plain.com"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "\u{10ffff}",
            "\u{0}\u{7f}ü",
            "a\u{feff}b",
            &"ü".repeat(5000),
        ] {
            let _ = encode(s);
            let _ = decode(s);
            let _ = domain_to_ascii(s);
        }
    }
}
