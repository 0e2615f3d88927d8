//! The caps on `Access-Control-Request-Headers`, pinned here as numbers rather than
//! imported from the runtime: a change of a cap in the runtime must fail the tests, not
//! move them along with it.

/// Bytes of ACRH, counted as Fetch combines its field lines: the values joined by `, `.
pub const ACRH_MAX_BYTES: usize = 4096;
/// Names ACRH may list over all its lines.
pub const ACRH_MAX_NAMES: usize = 64;
/// Bytes between two combined field lines (`, `).
pub const ACRH_LINE_SEPARATOR: usize = 2;
/// The most lines, all empty, that stay within [`ACRH_MAX_BYTES`].
pub const ACRH_MAX_EMPTY_LINES: usize = ACRH_MAX_BYTES / ACRH_LINE_SEPARATOR + 1;

/// Bytes of `Upgrade` the guard reads (its lines combined as ACRH's); past them, a `GET`
/// counts as a WebSocket handshake.
pub const UPGRADE_MAX_BYTES: usize = 1024;

/// The bytes of `lines` as Fetch combines them.
pub fn acrh_combined_len(lines: &[&[u8]]) -> usize {
    let bytes: usize = lines.iter().map(|l| l.len()).sum();
    bytes + ACRH_LINE_SEPARATOR * lines.len().saturating_sub(1)
}
