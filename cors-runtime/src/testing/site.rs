//! Where the request goes, seen from the page: the `Sec-Fetch-Site` a browser sends
//! (Fetch Metadata), and what a browser puts on the wire for an absolute URL (`Host`, the
//! request target).

use core::fmt;
use std::net::Ipv4Addr;

use http::Uri;
use http::uri::PathAndQuery;

/// The value of `Sec-Fetch-Site` a browser sends: how the page's origin relates to the
/// server's.
///
/// A relative request URI (`/orders`) stands for a server on another site than the page:
/// [`Site::CrossSite`]. An absolute one (`https://api.example.com/orders`) names the
/// server, and the site follows from the two origins.
///
/// ```
/// use axum::{body::Body, http::Request, routing::get, Router};
/// use cors_runtime::testing::{Browser, Site};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let app: Router = Router::new().route("/orders", get(|| async { "[]" }));
/// let tab = Browser::new("https://app.example.com");
/// let to = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
/// assert_eq!(tab.fetch(&app, to("/orders")).await.site(), Site::CrossSite);
/// assert_eq!(tab.fetch(&app, to("https://api.example.com/orders")).await.site(), Site::SameSite);
/// assert_eq!(tab.fetch(&app, to("https://app.example.com/orders")).await.site(), Site::SameOrigin);
/// assert_eq!(Site::SameSite.to_string(), "same-site");
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    /// Same scheme, host and port: `same-origin`.
    SameOrigin,
    /// Same scheme and same site (registrable domain, or the host itself for an IP
    /// address, `localhost` or a public suffix), another origin: `same-site`.
    SameSite,
    /// Anything else, and every request from an opaque (`null`) origin: `cross-site`.
    CrossSite,
}

impl Site {
    /// The header's value: `same-origin`, `same-site` or `cross-site`.
    ///
    /// ```
    /// assert_eq!(cors_runtime::testing::Site::CrossSite.as_str(), "cross-site");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Site::SameOrigin => "same-origin",
            Site::SameSite => "same-site",
            Site::CrossSite => "cross-site",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tuple origin: scheme (`http` or `https`; `ws`/`wss` already mapped), lowercase host
/// as serialized (an IPv6 address in brackets), and port, the scheme's default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tuple {
    scheme: String,
    host: String,
    port: u16,
}

/// The default port of `scheme`, for the schemes a page or a server can have here.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

impl Tuple {
    /// A page's serialized origin, `scheme://host[:port]`; `None` for `null` and for
    /// anything that is not an http(s) origin (the model then treats the page as opaque).
    fn of_page(origin: &str) -> Option<Tuple> {
        let (scheme, authority) = origin.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default = default_port(&scheme).filter(|_| scheme.starts_with("http"))?;
        let (host, port) = split_port(authority);
        let port = match port {
            Some(port) => port.parse().ok()?,
            None => default,
        };
        if host.is_empty() || host.contains(['/', '?', '#', '@']) {
            return None;
        }
        Some(Tuple {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// Whether both are on the same site: same scheme, and the same registrable domain
    /// (or the same host, when a host has none).
    fn same_site(&self, other: &Tuple) -> bool {
        self.scheme == other.scheme && site_of(&self.host) == site_of(&other.host)
    }
}

/// `host[:port]` split at the port's colon (after the `]` of an IPv6 literal).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let after = if authority.starts_with('[') {
        authority
            .find(']')
            .map_or(authority.len(), |close| close + 1)
    } else {
        0
    };
    match authority[after..].find(':') {
        Some(colon) => (
            &authority[..after + colon],
            Some(&authority[after + colon + 1..]),
        ),
        None => (authority, None),
    }
}

/// The site of `host` (lowercase): its registrable domain, or the host itself for an IP
/// address, `localhost`, or a host that is itself a public suffix.
///
/// The registrable domain is the public suffix of the host plus one label. The public
/// suffixes come from `cors_rules`, whose public surface answers "does a `*.domain`
/// pattern span a public suffix?" ([`cors_rules::Origin::is_over_public_suffix`]): true
/// when `domain` is a public suffix, and also for a domain whose every child is one by a
/// wildcard rule (`kawasaki.jp` under `*.kawasaki.jp`). Walking from the longest suffix
/// of the host down, the first such domain is the host's public suffix; the one case the
/// wildcard reading gets wrong is the host `kawasaki.jp` itself (its own site here, its
/// own registrable domain by the list), and no other host has that registrable domain,
/// so no same-site verdict changes.
fn site_of(host: &str) -> &str {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok() || host == "localhost" {
        return host;
    }
    let mut start = 0;
    let mut previous = None;
    loop {
        let domain = &host[start..];
        let Some(dot) = domain.find('.') else {
            // A single label: a public suffix by the list's default rule `*`.
            return previous.map_or(host, |p| &host[p..]);
        };
        if is_public_suffix(domain) {
            return previous.map_or(host, |p| &host[p..]);
        }
        previous = Some(start);
        start += dot + 1;
    }
}

/// Whether `domain` (with at least one dot) is a public suffix, as `cors_rules` reads
/// the Public Suffix List (see [`site_of`]).
fn is_public_suffix(domain: &str) -> bool {
    cors_rules::parse_origin(&format!("https://*.{domain}"))
        .is_ok_and(|origin| origin.is_over_public_suffix())
}

/// The server a request URI names, as the page sees it.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// `Sec-Fetch-Site`.
    pub(super) site: Site,
    /// The `Host` header a browser's HTTP/1.1 request carries, for an absolute URI.
    pub(super) host: Option<String>,
    /// The URI the service gets.
    pub(super) uri: Uri,
    /// Whether the request goes from an `https` page to a plain `http` server (a
    /// downgrade: the default referrer policy then sends `Origin: null` on a request
    /// that is not CORS, such as a form's `POST`).
    pub(super) downgrade: bool,
}

impl Target {
    /// Where `uri` goes from a page of `page_origin`. `websocket`: `ws` and `wss` are the
    /// URL's schemes (and `http`, `https`, which the WebSocket constructor maps to them).
    /// `Err` names what a browser refuses: a scheme it cannot fetch.
    pub(super) fn of(page_origin: &str, uri: &Uri, websocket: bool) -> Result<Target, String> {
        let page = Tuple::of_page(page_origin);
        let Some(authority) = uri.authority() else {
            // A relative URI: a server on another site than the page.
            return Ok(Target {
                site: Site::CrossSite,
                host: None,
                uri: uri.clone(),
                downgrade: false,
            });
        };
        let scheme = uri.scheme_str().unwrap_or_default().to_ascii_lowercase();
        let mapped = match scheme.as_str() {
            "http" | "https" => scheme.clone(),
            "ws" if websocket => "http".to_owned(),
            "wss" if websocket => "https".to_owned(),
            _ => {
                let allowed = if websocket {
                    "ws, wss, http or https"
                } else {
                    "http or https"
                };
                return Err(format!(
                    "the URL's scheme `{scheme}` is not {allowed}: {uri}"
                ));
            }
        };
        let host = authority.host().to_ascii_lowercase();
        let port = authority
            .port_u16()
            .or_else(|| default_port(&mapped))
            .unwrap_or_default();
        // `Host` as a browser writes it: no user information, no default port.
        let host_header = match authority.port_u16() {
            Some(p) if Some(p) != default_port(&mapped) => format!("{host}:{p}"),
            _ => host.clone(),
        };
        let server = Tuple {
            scheme: mapped,
            host,
            port,
        };
        let site = match &page {
            Some(page) if *page == server => Site::SameOrigin,
            Some(page) if page.same_site(&server) => Site::SameSite,
            _ => Site::CrossSite,
        };
        let downgrade =
            page.as_ref().is_some_and(|p| p.scheme == "https") && server.scheme == "http";
        // The service gets the request target in origin-form (`/orders?x=1`) and the
        // authority in `Host`: what a browser's HTTP/1.1 request carries, and what hyper
        // hands an axum service for it. Middleware reading `uri().host()` then sees what
        // it sees in production over HTTP/1.1 (nothing), and the guard of a policy reads
        // `Host`, as it does there. axum routes on the path either way.
        let path = uri
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        let uri = Uri::from(path);
        Ok(Target {
            site,
            host: Some(host_header),
            uri,
            downgrade,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Site, Target, site_of, split_port};

    fn site(page: &str, uri: &str) -> Site {
        Target::of(page, &uri.parse().expect("a URI"), false)
            .expect("a target")
            .site
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(site_of("app.example.com"), "example.com");
        assert_eq!(site_of("a.b.example.com"), "example.com");
        assert_eq!(site_of("example.com"), "example.com");
        assert_eq!(site_of("shop.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("co.uk"), "co.uk");
        assert_eq!(site_of("alice.github.io"), "alice.github.io");
        assert_eq!(site_of("x.alice.github.io"), "alice.github.io");
        assert_eq!(site_of("com"), "com");
        assert_eq!(site_of("a.foo.kawasaki.jp"), "a.foo.kawasaki.jp");
        assert_eq!(site_of("www.city.kawasaki.jp"), "city.kawasaki.jp");
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
        assert_eq!(site_of("[::1]"), "[::1]");
        assert_eq!(site_of("localhost"), "localhost");
        assert_eq!(site_of("app.localhost"), "app.localhost");
        assert_eq!(site_of("example.com."), "example.com");
    }

    #[test]
    fn sites_between_origins() {
        let page = "https://app.example.com";
        assert_eq!(site(page, "/orders"), Site::CrossSite);
        assert_eq!(site(page, "https://app.example.com/x"), Site::SameOrigin);
        assert_eq!(
            site(page, "https://APP.example.com:443/x"),
            Site::SameOrigin
        );
        assert_eq!(site(page, "https://api.example.com/x"), Site::SameSite);
        assert_eq!(site(page, "https://example.com/x"), Site::SameSite);
        assert_eq!(site(page, "https://app.example.com:8443/x"), Site::SameSite);
        assert_eq!(site(page, "http://app.example.com/x"), Site::CrossSite);
        assert_eq!(site(page, "https://example.org/x"), Site::CrossSite);
        let github = "https://alice.github.io";
        assert_eq!(site(github, "https://bob.github.io/x"), Site::CrossSite);
        let local = "http://127.0.0.1:3001";
        assert_eq!(site(local, "http://127.0.0.1:3000/x"), Site::SameSite);
        assert_eq!(site(local, "http://127.0.0.1:3001/x"), Site::SameOrigin);
        assert_eq!(site(local, "http://localhost:3001/x"), Site::CrossSite);
        assert_eq!(site("null", "https://app.example.com/x"), Site::CrossSite);
        assert_eq!(site("http://[::1]:1", "http://[::1]:2/x"), Site::SameSite);
    }

    #[test]
    fn what_the_service_gets() {
        let uri = "https://api.example.com:443/orders?x=1"
            .parse()
            .expect("a URI");
        let target = Target::of("https://app.example.com", &uri, false).expect("a target");
        assert_eq!(target.uri, "/orders?x=1");
        assert_eq!(target.host.as_deref(), Some("api.example.com"));
        let uri = "wss://api.example.com:8443".parse().expect("a URI");
        let target = Target::of("https://app.example.com", &uri, true).expect("a target");
        assert_eq!(target.uri, "/");
        assert_eq!(target.host.as_deref(), Some("api.example.com:8443"));
        assert_eq!(target.site, Site::SameSite);
        let uri = "ws://api.example.com/live".parse().expect("a URI");
        assert!(Target::of("https://app.example.com", &uri, false).is_err());
        let target = Target::of("https://app.example.com", &uri, true).expect("a target");
        assert!(target.downgrade);
    }

    #[test]
    fn ports_split_after_ipv6_literals() {
        assert_eq!(split_port("[::1]:80"), ("[::1]", Some("80")));
        assert_eq!(split_port("h"), ("h", None));
    }
}
