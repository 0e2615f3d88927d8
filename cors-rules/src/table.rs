//! The table of a policy's exact origins: an open-addressing hash table, laid out once
//! (by the macros while compiling, by `cors-runtime` at startup for origins read at run
//! time) and probed per request by `cors-runtime`. Both sides call these functions, so
//! the layout and the lookup cannot disagree.

/// The most exact origins one table holds: slot entries are `u16` indices plus one.
///
/// ```
/// assert_eq!(cors_rules::MAX_EXACT_ORIGINS, 32767);
/// ```
pub const MAX_EXACT_ORIGINS: usize = u16::MAX as usize / 2;

/// More exact origins than one table holds ([`MAX_EXACT_ORIGINS`]), as a problem: the
/// macros and the startup checks report it with these words.
///
/// ```
/// assert!(cors_rules::too_many_exact_origins(32_767).is_none());
/// let problem = cors_rules::too_many_exact_origins(40_000).unwrap();
/// assert_eq!(problem.message, "40000 exact origins, over the 32767 one policy holds");
/// ```
pub fn too_many_exact_origins(count: usize) -> Option<crate::Problem> {
    (count > MAX_EXACT_ORIGINS).then(|| {
        crate::Problem::new(
            format!("{count} exact origins, over the {MAX_EXACT_ORIGINS} one policy holds"),
            "cover families of origins with patterns such as `https://*.example.com`",
        )
    })
}

/// The multiplier of [`origin_hash`]: 2⁶⁴ divided by the golden ratio, odd.
const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of an `Origin` value: eight bytes at a time (a rotate, a xor and a multiply
/// per word), so a typical origin costs three or four multiplies. The same on every
/// platform: the table is laid out on the compiling machine and probed on the target.
///
/// ```
/// use cors_rules::origin_hash;
///
/// assert_eq!(origin_hash(b"https://app.example.com"), origin_hash(b"https://app.example.com"));
/// assert_ne!(origin_hash(b"https://app.example.com"), origin_hash(b"https://app.example.org"));
/// ```
#[inline]
pub fn origin_hash(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n >= 8 {
        // Every whole word but the last, then the last eight bytes (overlapping the
        // previous word when `n` is not a multiple of eight).
        let mut i = 0;
        while i + 8 < n {
            h = mix(h, word(bytes, i));
            i += 8;
        }
        h = mix(h, word(bytes, n - 8));
    } else {
        let mut w = 0u64;
        for (j, &b) in bytes.iter().enumerate() {
            w |= u64::from(b) << (8 * j);
        }
        h = mix(h, w);
    }
    // The product's entropy is in its high bits; the table uses the low ones.
    h ^ (h >> 32)
}

#[inline(always)]
fn mix(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(K)
}

#[inline(always)]
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The number of slots of the table of `count` origins: a power of two, at least twice
/// `count` (so the table is at most half full), and at least 2.
///
/// ```
/// assert_eq!(cors_rules::slot_count(0), 2);
/// assert_eq!(cors_rules::slot_count(3), 8);
/// ```
pub const fn slot_count(count: usize) -> usize {
    let wanted = count * 2;
    if wanted < 2 {
        2
    } else {
        wanted.next_power_of_two()
    }
}

/// The laid-out table of some exact origins (at most [`MAX_EXACT_ORIGINS`]): slot `s`
/// holds `index + 1` of the origin there, or `0` when empty.
///
/// ```
/// use cors_rules::OriginTable;
///
/// let origins = ["https://a.example", "https://b.example"];
/// let table = OriginTable::new(&origins);
/// assert_eq!(table.slots.len(), 4);
/// assert_eq!(table.find(&origins, b"https://b.example"), Some(1));
/// assert_eq!(table.find(&origins, b"https://c.example"), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginTable {
    /// [`slot_count`] slots, each `0` or an origin's index plus one.
    pub slots: Vec<u16>,
    /// The longest probe sequence any listed origin needs (at least 1): it bounds every
    /// lookup, including lookups of origins not in the table.
    pub max_probe: u16,
    /// The length of the longest origin: anything longer is not looked up.
    pub max_len: usize,
}

impl OriginTable {
    /// Lays `origins` out, in order, each at the first free slot from its hash.
    ///
    /// # Panics
    ///
    /// With more than [`MAX_EXACT_ORIGINS`] origins (callers report that as a problem
    /// first).
    pub fn new<S: AsRef<str>>(origins: &[S]) -> Self {
        assert!(
            origins.len() <= MAX_EXACT_ORIGINS,
            "too many exact origins for one table"
        );
        let mut slots = vec![0u16; slot_count(origins.len())];
        let mask = slots.len() - 1;
        let mut max_probe = 1u16;
        let mut max_len = 0;
        for (i, origin) in origins.iter().enumerate() {
            let origin = origin.as_ref().as_bytes();
            max_len = max_len.max(origin.len());
            let mut s = (origin_hash(origin) as usize) & mask;
            let mut probes = 1u16;
            while slots[s] != 0 {
                s = (s + 1) & mask;
                probes += 1;
            }
            slots[s] = (i + 1) as u16;
            max_probe = max_probe.max(probes);
        }
        OriginTable {
            slots,
            max_probe,
            max_len,
        }
    }

    /// The index of `origin` in `origins` (the list this table was laid out from).
    pub fn find<S: AsRef<str>>(&self, origins: &[S], origin: &[u8]) -> Option<usize> {
        lookup(&self.slots, self.max_probe, self.max_len, origin, |index| {
            origins[index].as_ref().as_bytes()
        })
    }
}

/// Whether `a` and `b` are the same bytes: [`lookup`]'s comparison, and the runtime's
/// of a requested name with a listed one.
///
/// Slices of 8 to 32 bytes (an origin, a header name) are compared as two overlapping
/// words, or two overlapping 16-byte blocks, inline: no call to `memcmp`, whose call
/// costs more than such a comparison. Others are compared as slices.
///
/// ```
/// use cors_rules::same_bytes;
///
/// assert!(same_bytes(b"https://app.example.com", b"https://app.example.com"));
/// assert!(!same_bytes(b"https://app.example.com", b"https://app.example.org"));
/// assert!(!same_bytes(b"content-type", b"content-typo"));
/// assert!(!same_bytes(b"content-type", b"content-type "));
/// ```
#[inline(always)]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    match a.len() {
        16..=32 => same_ends::<16>(a, b),
        8..=15 => same_ends::<8>(a, b),
        _ => a == b,
    }
}

/// Whether `a` and `b`, of one length from `N` to `2 * N`, have the same first `N` and
/// last `N` bytes, which then cover them.
#[inline(always)]
fn same_ends<const N: usize>(a: &[u8], b: &[u8]) -> bool {
    match (
        a.first_chunk::<N>(),
        b.first_chunk::<N>(),
        a.last_chunk::<N>(),
        b.last_chunk::<N>(),
    ) {
        (Some(a0), Some(b0), Some(a1), Some(b1)) => a0 == b0 && a1 == b1,
        _ => a == b,
    }
}

/// Probes a table laid out by [`OriginTable::new`] for `origin`; `listed(index)` gives
/// the bytes of the origin at `index`. The index of the equal one, if any.
///
/// ```
/// use cors_rules::{lookup, OriginTable};
///
/// let origins = ["https://a.example", "http://localhost:3000"];
/// let t = OriginTable::new(&origins);
/// let found = lookup(&t.slots, t.max_probe, t.max_len, b"http://localhost:3000", |i| {
///     origins[i].as_bytes()
/// });
/// assert_eq!(found, Some(1));
/// ```
#[inline]
pub fn lookup<'a>(
    slots: &[u16],
    max_probe: u16,
    max_len: usize,
    origin: &[u8],
    listed: impl Fn(usize) -> &'a [u8],
) -> Option<usize> {
    if origin.len() > max_len || slots.is_empty() {
        return None;
    }
    if slots.len() == 2 {
        // At most one origin (the usual policy): a comparison costs less than a hash.
        return (slots != [0, 0] && same_bytes(listed(0), origin)).then_some(0);
    }
    let mask = slots.len() - 1;
    let mut s = (origin_hash(origin) as usize) & mask;
    for _ in 0..max_probe {
        let index = usize::from(slots[s]);
        if index == 0 {
            return None;
        }
        if same_bytes(listed(index - 1), origin) {
            return Some(index - 1);
        }
        s = (s + 1) & mask;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_is_slice_equality() {
        // Every length the word and block comparisons cover, and beyond, with each byte
        // changed in turn, and every length against every other.
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for len in 0..=base.len() {
            let a = &base[..len];
            // A copy elsewhere in memory.
            let copy = a.to_vec();
            assert!(same_bytes(a, &copy), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {at}");
                assert!(!same_bytes(&b, a), "{len} {at}");
            }
            for other in 0..=base.len() {
                assert_eq!(same_bytes(a, &base[..other]), len == other, "{len} {other}");
            }
        }
    }

    #[test]
    fn finds_every_origin_and_nothing_else() {
        let origins: Vec<String> = (0..1000)
            .map(|i| format!("https://app{i}.example.org"))
            .chain(["https://app.example.com".to_owned()])
            .collect();
        let table = OriginTable::new(&origins);
        assert_eq!(table.slots.len(), 2048);
        for (i, origin) in origins.iter().enumerate() {
            assert_eq!(table.find(&origins, origin.as_bytes()), Some(i), "{origin}");
        }
        for outsider in [
            "https://app.example.com/",
            "https://app1000.example.org",
            "https://APP1.example.org",
            "",
            "http",
            "https://app1.example.org:443",
        ] {
            assert_eq!(
                table.find(&origins, outsider.as_bytes()),
                None,
                "{outsider}"
            );
        }
        // A hash that sent these to a few clusters would make every lookup long.
        assert!(table.max_probe <= 16, "max probe {}", table.max_probe);
    }

    #[test]
    fn every_length_is_hashed_in_full() {
        // Inputs differing in one byte, at every position of every length up to 40.
        for n in 0..40usize {
            let base = vec![b'a'; n];
            for at in 0..n {
                let mut other = base.clone();
                other[at] = b'b';
                assert_ne!(origin_hash(&base), origin_hash(&other), "n {n}, at {at}");
            }
        }
        assert_ne!(origin_hash(b""), origin_hash(b"\0"));
    }

    #[test]
    fn probe_bound_covers_collisions() {
        // Four origins forced into one slot of a two-slot table cannot happen (tables are
        // at most half full), but neighbours in a small table do: all must be found.
        let origins: Vec<String> = (0..40).map(|i| format!("https://o{i}.example")).collect();
        let table = OriginTable::new(&origins);
        for (i, origin) in origins.iter().enumerate() {
            assert_eq!(table.find(&origins, origin.as_bytes()), Some(i));
        }
        let one = ["https://a.example"];
        let table = OriginTable::new(&one);
        assert_eq!(table.find(&one, b"https://a.example"), Some(0));
        assert_eq!(table.find(&one, b"https://b.example"), None);
        assert_eq!(table.find(&one, b"https://a.exampl"), None);
        let empty: [&str; 0] = [];
        let table = OriginTable::new(&empty);
        assert_eq!(table.find(&empty, b"https://a.example"), None);
        assert_eq!(table.max_len, 0);
    }
}
