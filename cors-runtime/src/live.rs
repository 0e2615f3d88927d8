//! [`OriginSet`]: origins that change while the program serves (`live(NAME)`).
//!
//! A set holds its checked origins in an `Arc` swapped whole by `arc-swap`: a replacement
//! is atomic, and a request sees the whole old set or the whole new one. Each thread keeps
//! the set it last read in an `arc_swap::Cache` (a thread-local), so that a request pays a
//! pointer comparison, not an atomic read-modify-write, to find the current set; the
//! thread reads the set again when it changed.

use core::fmt;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, PoisonError};

use arc_swap::{ArcSwapOption, Cache};
use cors_rules::{Entry, OriginFlags};

use crate::error::{PolicyError, Problem};
use crate::origin::OriginPattern;

/// A set of allowed origins that may change while the program serves: a shop per tenant,
/// a customer's own domain, a preview per pull request. Name it in a policy with
/// `live(NAME)` among the origins (`#[cors]`, `policy!`), or attach it with
/// [`PolicyBuilder::live_origins`](crate::PolicyBuilder::live_origins); several policies
/// may share one set.
///
/// Every entry is checked by the origin rules of the policy language, with the compiler's
/// messages, as for a policy with `credentials` (the strictest, so one set serves any
/// policy): exact origins as browsers send them, and patterns (`https://*.example.com`,
/// `http://localhost:*`); never `"*"`, never a plain `http:` origin off loopback, never a
/// subdomain pattern over a public suffix. A change that breaks a rule changes nothing and
/// reports every problem.
///
/// A change is atomic: each request sees the whole old set or the whole new one. Deciding
/// a request against a set allocates nothing. A change allocates the new set; the old one
/// is freed once no request uses it and every thread that read it has read the set again
/// (each thread keeps the set it last read, so memory stays flat however often the set
/// changes).
///
/// ```
/// use cors_runtime::{policy, OriginSet, Policy};
///
/// static TENANTS: OriginSet = OriginSet::new();
/// static API: Policy = policy!(
///     origins = ["https://app.example.com", live(TENANTS)],
///     methods = [GET, POST],
///     credentials,
/// );
///
/// assert!(!API.allows_origin(b"https://shop.acme.test"));
/// TENANTS.replace(["https://shop.acme.test", "https://*.portal.globex.test"])?;
/// assert!(API.allows_origin(b"https://shop.acme.test"));
/// assert!(API.allows_origin(b"https://eu.portal.globex.test"));
///
/// // A bad entry changes nothing; every problem is reported.
/// let error = TENANTS.replace(["https://new.example/", "http://shop.example"]).unwrap_err();
/// assert_eq!(error.problems().len(), 2);
/// assert_eq!(TENANTS.len(), 2);
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
pub struct OriginSet {
    /// The checked origins; `None` while nothing was ever stored (empty).
    current: ArcSwapOption<Table>,
    /// Held by every change, so that `insert` and `remove` never lose another's change.
    writer: Mutex<()>,
}

/// One version of a set: its origins laid out for matching, as a policy's literal origins
/// are (the same hash table of exact origins, the same patterns). The exact origins are
/// stored end to end in one buffer: one allocation for them all, and one pointer from the
/// version to their bytes.
#[derive(Debug, Default)]
struct Table {
    /// Exact origins, byte for byte what browsers send, in the order given, end to end.
    bytes: String,
    /// Where each exact origin ends in `bytes` (it starts where the previous one ends).
    ends: Vec<usize>,
    slots: Vec<u16>,
    max_probe: u16,
    max_len: usize,
    /// Patterns, in the order given.
    patterns: Vec<OriginPattern<String>>,
}

/// The cached handle of one set, for one thread.
type SetCache = Cache<&'static ArcSwapOption<Table>, Option<Arc<Table>>>;

/// Per thread, the sets this thread has read, each with the version it last read: the
/// set read last in `last` (nearly always the only one), the others in `others`.
struct Caches {
    last: Option<SetCache>,
    others: Vec<SetCache>,
}

thread_local! {
    static CACHES: RefCell<Caches> = const {
        RefCell::new(Caches { last: None, others: Vec::new() })
    };
}

impl Table {
    fn new(origins: cors_rules::Origins) -> Self {
        let patterns = origins
            .patterns
            .into_iter()
            .map(OriginPattern::from_checked)
            .collect();
        Table::from_parts(&origins.exact, patterns)
    }

    fn from_parts<S: AsRef<str>>(exact: &[S], patterns: Vec<OriginPattern<String>>) -> Self {
        let table = cors_rules::OriginTable::new(exact);
        let mut bytes = String::with_capacity(exact.iter().map(|e| e.as_ref().len()).sum());
        let ends = exact
            .iter()
            .map(|origin| {
                bytes.push_str(origin.as_ref());
                bytes.len()
            })
            .collect();
        Table {
            bytes,
            ends,
            slots: table.slots,
            max_probe: table.max_probe,
            max_len: table.max_len,
            patterns,
        }
    }

    /// Where exact origin `index` is in `bytes`.
    #[inline(always)]
    fn span(&self, index: usize) -> core::ops::Range<usize> {
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1],
        };
        start..self.ends[index]
    }

    /// Exact origin `index`.
    fn exact(&self, index: usize) -> &str {
        &self.bytes[self.span(index)]
    }

    /// The exact origins, in the order given.
    fn exact_origins(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|index| self.exact(index))
    }

    /// Whether a request's `Origin` value is allowed by `version` (`None`: empty).
    #[inline(always)]
    fn allows(version: &Option<Arc<Table>>, origin: &[u8]) -> bool {
        version
            .as_deref()
            .is_some_and(|table| table.matches(origin))
    }

    /// Whether a request's `Origin` value is allowed by this version.
    #[inline(always)]
    fn matches(&self, origin: &[u8]) -> bool {
        // Bytes, not `str`: slicing a `str` would check the boundary too.
        let bytes = self.bytes.as_bytes();
        cors_rules::lookup(&self.slots, self.max_probe, self.max_len, origin, |index| {
            &bytes[self.span(index)]
        })
        .is_some()
            || self.patterns.iter().any(|p| p.matches(origin))
    }

    fn len(&self) -> usize {
        self.ends.len() + self.patterns.len()
    }

    /// Whether `entry` is one of this version's entries, as written.
    fn has_entry(&self, entry: &str) -> bool {
        self.exact_origins().any(|e| e == entry)
            || self.patterns.iter().any(|p| p.to_string() == entry)
    }

    /// This version with `other`'s entries after its own.
    fn with(&self, other: &Table) -> Table {
        let exact: Vec<&str> = self.exact_origins().chain(other.exact_origins()).collect();
        let mut patterns = self.patterns.clone();
        patterns.extend(other.patterns.iter().cloned());
        Table::from_parts(&exact, patterns)
    }

    /// This version without the entry `entry`.
    fn without(&self, entry: &str) -> Table {
        let exact: Vec<&str> = self.exact_origins().filter(|e| *e != entry).collect();
        let patterns = self
            .patterns
            .iter()
            .filter(|p| p.to_string() != entry)
            .cloned()
            .collect();
        Table::from_parts(&exact, patterns)
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len() == 0 {
            return f.write_str("(empty)");
        }
        let mut first = true;
        let mut separate = |f: &mut fmt::Formatter<'_>| {
            if !core::mem::take(&mut first) {
                f.write_str(", ")?;
            }
            Ok(())
        };
        for origin in self.exact_origins() {
            separate(f)?;
            f.write_str(origin)?;
        }
        for pattern in &self.patterns {
            separate(f)?;
            fmt::Display::fmt(pattern, f)?;
        }
        Ok(())
    }
}

impl OriginSet {
    /// An empty set, for a `static`.
    ///
    /// ```
    /// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
    /// assert_eq!(TENANTS.len(), 0);
    /// ```
    pub const fn new() -> Self {
        OriginSet {
            current: ArcSwapOption::const_empty(),
            writer: Mutex::new(()),
        }
    }

    /// Replaces every entry with `origins`: exact origins and patterns, written as in the
    /// source (`https://shop.example`, `https://*.portal.example`, `http://localhost:*`).
    /// Each is checked as for a policy with `credentials`; on any problem nothing changes
    /// and the error lists every problem, with the compiler's message and help for the
    /// same mistake. An empty list empties the set.
    ///
    /// ```
    /// use cors_runtime::OriginSet;
    ///
    /// static TENANTS: OriginSet = OriginSet::new();
    /// TENANTS.replace(["https://shop.acme.test"])?;
    /// assert!(TENANTS.contains("https://shop.acme.test"));
    ///
    /// let error = TENANTS.replace(["https://Shop.example", "*"]).unwrap_err();
    /// let messages: Vec<&str> = error.problems().map(|p| p.message()).collect();
    /// assert_eq!(
    ///     messages,
    ///     [
    ///         "origin `https://Shop.example` has upper-case letters",
    ///         "`\"*\"` (any origin) in `origins` cannot be used with `credentials`",
    ///         "`\"*\"` (any origin) cannot be mixed with other origins",
    ///     ]
    /// );
    /// assert_eq!(TENANTS.to_string(), "https://shop.acme.test"); // unchanged
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn replace<I, S>(&self, origins: I) -> Result<(), PolicyError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let texts: Vec<S> = origins.into_iter().collect();
        let entries: Vec<Entry<usize>> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Entry::text(text.as_ref(), i))
            .collect();
        let table = checked("`OriginSet::replace`", &entries)?;
        self.store(table, "replace");
        Ok(())
    }

    /// Adds one origin or pattern, checked as by [`OriginSet::replace`]. `Ok(false)` when
    /// it was in the set already (nothing changes).
    ///
    /// ```
    /// use cors_runtime::OriginSet;
    ///
    /// static TENANTS: OriginSet = OriginSet::new();
    /// assert_eq!(TENANTS.insert("https://shop.acme.test"), Ok(true));
    /// assert_eq!(TENANTS.insert("https://shop.acme.test"), Ok(false));
    /// let error = TENANTS.insert("https://shop.globex.test/").unwrap_err();
    /// assert_eq!(error.problems().next().unwrap().entry(), "https://shop.globex.test/");
    /// assert_eq!(TENANTS.len(), 1);
    /// ```
    pub fn insert(&self, origin: &str) -> Result<bool, PolicyError> {
        let entry = [Entry::text(origin, 0)];
        let alone = checked("`OriginSet::insert`", &entry)?;
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let current = self.current.load_full();
        let Some(current) = current else {
            self.swap(Arc::new(alone), 0, "insert");
            return Ok(true);
        };
        if current.has_entry(origin) {
            return Ok(false);
        }
        let table = current.with(&alone);
        if let Some(problem) = cors_rules::too_many_exact_origins(table.ends.len()) {
            return Err(set_error(
                "`OriginSet::insert`",
                vec![Problem::new("", problem)],
            ));
        }
        self.swap(Arc::new(table), current.len(), "insert");
        Ok(true)
    }

    /// Removes one origin or pattern, as written when it was added; `false` when it was
    /// not in the set (nothing changes).
    ///
    /// ```
    /// use cors_runtime::OriginSet;
    ///
    /// static TENANTS: OriginSet = OriginSet::new();
    /// TENANTS.replace(["https://shop.acme.test", "https://*.portal.globex.test"])?;
    /// assert!(TENANTS.remove("https://*.portal.globex.test"));
    /// assert!(!TENANTS.remove("https://*.portal.globex.test"));
    /// assert_eq!(TENANTS.to_string(), "https://shop.acme.test");
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn remove(&self, origin: &str) -> bool {
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(current) = self.current.load_full() else {
            return false;
        };
        if !current.has_entry(origin) {
            return false;
        }
        self.swap(Arc::new(current.without(origin)), current.len(), "remove");
        true
    }

    /// How many entries (exact origins and patterns) the set holds.
    ///
    /// ```
    /// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
    /// TENANTS.replace(["https://a.example", "https://*.b.example"])?;
    /// assert_eq!(TENANTS.len(), 2);
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.current.load().as_ref().map_or(0, |table| table.len())
    }

    /// Whether the set holds no entry.
    ///
    /// ```
    /// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
    /// assert!(TENANTS.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `origin` is an entry of the set, as written when it was added (an exact
    /// origin, or a pattern such as `https://*.portal.example`). To ask whether a
    /// request's `Origin` is allowed, ask the policy: [`Policy::allows_origin`].
    ///
    /// [`Policy::allows_origin`]: crate::Policy::allows_origin
    ///
    /// ```
    /// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
    /// TENANTS.replace(["https://*.portal.globex.test"])?;
    /// assert!(TENANTS.contains("https://*.portal.globex.test"));
    /// assert!(!TENANTS.contains("https://eu.portal.globex.test"));
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn contains(&self, origin: &str) -> bool {
        self.current
            .load()
            .as_ref()
            .is_some_and(|table| table.has_entry(origin))
    }

    /// Whether a request's `Origin` value is allowed by the set, as it is now. Allocates
    /// nothing (but once per thread and set, the first time the thread reads it).
    #[inline]
    pub(crate) fn matches(&'static self, origin: &[u8]) -> bool {
        let cached = CACHES.try_with(|caches| {
            let mut caches = caches.try_borrow_mut().ok()?;
            // The set this thread read last: nearly always this one.
            let cache = match &mut caches.last {
                Some(cache) if core::ptr::eq(cache.arc_swap(), &self.current) => cache,
                _ => self.cache_first(&mut caches),
            };
            Some(Table::allows(cache.load(), origin))
        });
        match cached {
            Ok(Some(allowed)) => allowed,
            // The thread's caches are gone (it is exiting) or in use: read the set itself.
            _ => self.matches_uncached(origin),
        }
    }

    /// Makes this set's cache the thread's `last`, creating it the first time (the one
    /// allocation a thread makes for a set, but for its first set).
    #[cold]
    #[inline(never)]
    fn cache_first<'c>(&'static self, caches: &'c mut Caches) -> &'c mut SetCache {
        let index = caches
            .others
            .iter()
            .position(|cache| core::ptr::eq(cache.arc_swap(), &self.current));
        let mine = match index {
            Some(index) => caches.others.swap_remove(index),
            None => Cache::new(&self.current),
        };
        if let Some(previous) = caches.last.replace(mine) {
            caches.others.push(previous);
        }
        caches.last.as_mut().expect("just set")
    }

    #[cold]
    #[inline(never)]
    fn matches_uncached(&self, origin: &[u8]) -> bool {
        Table::allows(&self.current.load(), origin)
    }

    /// Stores a checked table, replacing whatever was there.
    fn store(&self, table: Table, operation: &str) {
        let _writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let before = self.len();
        self.swap(Arc::new(table), before, operation);
    }

    /// Swaps `table` in (the writer lock held); the previous version is freed when no
    /// one holds it.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    fn swap(&self, table: Arc<Table>, before: usize, operation: &str) {
        let after = table.len();
        self.current.store(Some(table));
        #[cfg(feature = "tracing")]
        tracing::info!(
            before,
            after,
            operation,
            "CORS: live origin set changed: {before} -> {after} entries"
        );
    }
}

impl Default for OriginSet {
    fn default() -> Self {
        OriginSet::new()
    }
}

/// The entries of `entries` checked as live entries, laid out; or every problem.
fn checked(operation: &'static str, entries: &[Entry<usize>]) -> Result<Table, PolicyError> {
    let mut problems = Vec::new();
    let checked = cors_rules::check_origins(entries, OriginFlags::LIVE, &mut |i, problem| {
        problems.push(Problem::new(&entries[i].text, problem));
    });
    problems.extend(crate::error::capacity(&checked.origins));
    if !problems.is_empty() {
        return Err(set_error(operation, problems));
    }
    Ok(Table::new(checked.origins))
}

fn set_error(operation: &'static str, problems: Vec<Problem>) -> PolicyError {
    PolicyError {
        policy: operation,
        variable: None,
        origin_set: true,
        problems,
    }
}

/// The entries, exact origins first, then patterns, separated by `, `; `(empty)` when
/// there are none.
///
/// ```
/// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
/// assert_eq!(TENANTS.to_string(), "(empty)");
/// TENANTS.replace(["https://*.b.example", "https://a.example"])?;
/// assert_eq!(TENANTS.to_string(), "https://a.example, https://*.b.example");
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
impl fmt::Display for OriginSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.current.load() {
            Some(table) => fmt::Display::fmt(&**table, f),
            None => f.write_str("(empty)"),
        }
    }
}

impl fmt::Debug for OriginSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OriginSet")
            .field(&format_args!("{self}"))
            .finish()
    }
}
