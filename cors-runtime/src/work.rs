//! A count of the work `decide` does on a request's headers, for the crate's own tests.
//!
//! With the hidden feature `test-work-counter`, every field line and list element that
//! `decide` reads is counted per thread, so a test can prove that the scans stop at the
//! caps instead of reading the whole input. Without the feature this is a no-op that the
//! compiler removes.

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "test-work-counter"), allow(dead_code))]
pub(crate) enum Counter {
    /// `Origin` field lines read.
    OriginLines,
    /// `Access-Control-Request-Method` field lines read.
    MethodLines,
    /// `Access-Control-Request-Headers` field lines read.
    RequestHeaderLines,
    /// Comma-separated elements of `Access-Control-Request-Headers` read, empty ones too.
    RequestHeaderElements,
    /// `Sec-Fetch-Site` field lines read.
    FetchSiteLines,
    /// `Upgrade` field lines read.
    UpgradeLines,
    /// Comma-separated elements of `Upgrade` read.
    UpgradeElements,
}

/// `iter`, counting each item it yields under `counter`.
#[inline(always)]
pub(crate) fn counted<I: Iterator>(counter: Counter, iter: I) -> impl Iterator<Item = I::Item> {
    #[cfg(feature = "test-work-counter")]
    {
        iter.inspect(move |_| imp::add(counter))
    }
    #[cfg(not(feature = "test-work-counter"))]
    {
        let _ = counter;
        iter
    }
}

/// Counts one item under `counter`: an item read without an iterator [`counted`] wraps.
#[inline(always)]
pub(crate) fn count(counter: Counter) {
    #[cfg(feature = "test-work-counter")]
    imp::add(counter);
    #[cfg(not(feature = "test-work-counter"))]
    let _ = counter;
}

#[cfg(feature = "test-work-counter")]
pub use imp::{Work, measure};

#[cfg(feature = "test-work-counter")]
mod imp {
    use core::cell::Cell;

    use super::Counter;

    thread_local! {
        static COUNTS: Cell<Work> = const { Cell::new(Work::ZERO) };
    }

    /// What one call did: the field lines and list elements it read.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct Work {
        /// `Origin` field lines read.
        pub origin_lines: usize,
        /// `Access-Control-Request-Method` field lines read.
        pub method_lines: usize,
        /// `Access-Control-Request-Headers` field lines read.
        pub request_header_lines: usize,
        /// `Access-Control-Request-Headers` elements read.
        pub request_header_elements: usize,
        /// `Sec-Fetch-Site` field lines read.
        pub fetch_site_lines: usize,
        /// `Upgrade` field lines read.
        pub upgrade_lines: usize,
        /// `Upgrade` elements read.
        pub upgrade_elements: usize,
    }

    impl Work {
        const ZERO: Work = Work {
            origin_lines: 0,
            method_lines: 0,
            request_header_lines: 0,
            request_header_elements: 0,
            fetch_site_lines: 0,
            upgrade_lines: 0,
            upgrade_elements: 0,
        };
    }

    pub(super) fn add(counter: Counter) {
        let _ = COUNTS.try_with(|counts| {
            let mut work = counts.get();
            let field = match counter {
                Counter::OriginLines => &mut work.origin_lines,
                Counter::MethodLines => &mut work.method_lines,
                Counter::RequestHeaderLines => &mut work.request_header_lines,
                Counter::RequestHeaderElements => &mut work.request_header_elements,
                Counter::FetchSiteLines => &mut work.fetch_site_lines,
                Counter::UpgradeLines => &mut work.upgrade_lines,
                Counter::UpgradeElements => &mut work.upgrade_elements,
            };
            *field += 1;
            counts.set(work);
        });
    }

    /// Runs `f` and returns what it did on this thread, with its result.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    /// use cors_runtime::__private::work::measure;
    /// use http::{HeaderMap, Method};
    ///
    /// static API: Policy = policy!(origins = ["https://a.example"], methods = [GET]);
    /// let mut request = HeaderMap::new();
    /// for _ in 0..100 {
    ///     request.append("origin", "https://a.example".parse().unwrap());
    /// }
    /// let (work, _) = measure(|| API.decide(&Method::GET, &request).refusal());
    /// assert_eq!(work.origin_lines, 2);
    /// ```
    pub fn measure<R>(f: impl FnOnce() -> R) -> (Work, R) {
        COUNTS.with(|counts| counts.set(Work::ZERO));
        let result = f();
        (COUNTS.with(Cell::get), result)
    }
}
