//! HTTP tokens (RFC 9110, section 5.6.2), as used for method and header names.

/// Whether `b` is a `tchar`.
pub(crate) const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// [`is_tchar`] for every byte: one load per byte in the hot path.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = is_tchar(b as u8);
        b += 1;
    }
    table
};

/// Whether `bytes` is a non-empty token.
pub(crate) fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| TCHAR[usize::from(b)])
}

#[cfg(test)]
mod tests {
    use super::is_token;

    #[test]
    fn tokens() {
        assert!(is_token(b"GET"));
        assert!(is_token(b"x-request-id"));
        assert!(is_token(b"PURGE"));
        assert!(!is_token(b""));
        assert!(!is_token(b"a b"));
        assert!(!is_token(b"a,b"));
        assert!(!is_token(b"caf\xc3\xa9"));
        assert!(!is_token(b"a\tb"));
        // The table agrees with the definition on every byte.
        for b in 0..=255u8 {
            assert_eq!(is_token(&[b]), super::is_tchar(b), "{b}");
        }
    }
}
