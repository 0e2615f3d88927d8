//! The doors CORS does not cover (SPEC 10): real HTML form submissions and real
//! `new WebSocket(...)` handshakes, from a listed and an unlisted origin, same-site and
//! cross-site, to `route!` handlers and to handlers behind `CorsLayer`. Each is proved on
//! the server: a refused one never ran the handler (its counter is unchanged and the
//! server's log shows a `403`), an accepted one did. The model of `cors_runtime::testing`
//! makes every form and WebSocket too, and must reach the engine's verdict.
//!
//! The page is on `http://127.0.0.1:<A>` or `http://localhost:<A>`, the API on
//! `http://127.0.0.1:<B>`: from `127.0.0.1` the requests are same-site (another port of the
//! same host), from `localhost` cross-site. What the engines sent, the same for a listed
//! and an unlisted origin (`fetch_metadata_of_forms_and_websockets` asserts it; `-`: no
//! such header):
//!
//! | engine              | door                 | page host   | Sec-Fetch-Site | Sec-Fetch-Mode | Sec-Fetch-Dest | Origin            |
//! |---------------------|----------------------|-------------|----------------|----------------|----------------|-------------------|
//! | Chromium 156        | form POST, iframe    | `127.0.0.1` | `same-site`    | `navigate`     | `iframe`       | the page's origin |
//! | Chromium 156        | form POST, iframe    | `localhost` | `cross-site`   | `navigate`     | `iframe`       | the page's origin |
//! | Chromium 156        | `new WebSocket`      | `127.0.0.1` | -              | -              | -              | the page's origin |
//! | Chromium 156        | `new WebSocket`      | `localhost` | -              | -              | -              | the page's origin |
//! | Firefox ESR 153     | form POST, iframe    | `127.0.0.1` | `same-site`    | `navigate`     | `iframe`       | the page's origin |
//! | Firefox ESR 153     | form POST, iframe    | `localhost` | `cross-site`   | `navigate`     | `iframe`       | the page's origin |
//! | Firefox ESR 153     | `new WebSocket`      | `127.0.0.1` | `same-site`    | `websocket`    | `empty`        | the page's origin |
//! | Firefox ESR 153     | `new WebSocket`      | `localhost` | `cross-site`   | `websocket`    | `empty`        | the page's origin |
//!
//! Neither engine sends `Sec-Fetch-User` on a form a script submits. Chromium's handshake
//! carries no Fetch Metadata at all, so the guard decides it by `Origin`: the policy's
//! origins, then (rule 4) `Origin` against `Host`, which differ in port here, so an
//! unlisted page is refused in both engines alike. The model sends Firefox's headers for a
//! handshake, and `Sec-Fetch-Dest: document` with `Sec-Fetch-User: ?1` for a form (a
//! top-level submission the user clicked); its verdicts, `Origin` and `Sec-Fetch-Site`
//! agree with both engines.

use crate::engine::Engine;
use crate::probe::{Ctx, DoorKind, Enctype, allowed, blocked, reached, refused};
use crate::routes::ran;

const IP: &str = "127.0.0.1";
const LOCALHOST: &str = "localhost";
const NOTE: &[(&str, &str)] = &[("note", "hello from a form")];

// --- forms -------------------------------------------------------------------------------

pub(crate) async fn form_urlencoded_from_listed_origin_reaches_route_handler(ctx: Ctx) {
    ctx.open(IP).await;
    let door = ctx
        .submit_form("/guarded/notes", Enctype::UrlEncoded, NOTE)
        .await;
    let door = reached(door, 201, &ctx);
    assert_eq!(ran(&ctx.handled.notes), 1, "the handler ran once: {door}");
    assert_eq!(
        door.seen.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
}

pub(crate) async fn form_text_plain_from_unlisted_cross_site_origin_refused_by_route(ctx: Ctx) {
    ctx.open(LOCALHOST).await;
    let door = ctx
        .submit_form("/guarded/notes", Enctype::TextPlain, NOTE)
        .await;
    let door = refused(door, &ctx);
    assert_eq!(ran(&ctx.handled.notes), 0, "the handler never ran: {door}");
    assert_eq!(door.seen.content_type.as_deref(), Some("text/plain"));
}

pub(crate) async fn form_from_unlisted_same_site_origin_refused_by_route(ctx: Ctx) {
    // `http://localhost:*` only: the page on 127.0.0.1 is same-site, and still untrusted.
    ctx.open(IP).await;
    let door = ctx
        .submit_form("/guarded/localhost-notes", Enctype::UrlEncoded, NOTE)
        .await;
    let door = refused(door, &ctx);
    assert_eq!(
        ran(&ctx.handled.localhost_notes),
        0,
        "the handler never ran: {door}"
    );
}

pub(crate) async fn form_text_plain_from_listed_cross_site_origin_reaches_route_handler(ctx: Ctx) {
    ctx.open(LOCALHOST).await;
    let door = ctx
        .submit_form("/guarded/localhost-notes", Enctype::TextPlain, NOTE)
        .await;
    let door = reached(door, 201, &ctx);
    assert_eq!(
        ran(&ctx.handled.localhost_notes),
        1,
        "the handler ran once: {door}"
    );
}

pub(crate) async fn form_behind_cors_layer_listed_reached_unlisted_refused(ctx: Ctx) {
    ctx.open(IP).await;
    let listed = ctx
        .submit_form("/layered/notes", Enctype::UrlEncoded, NOTE)
        .await;
    reached(listed, 201, &ctx);
    assert_eq!(ran(&ctx.handled.layered_notes), 1);
    ctx.open(LOCALHOST).await;
    for enctype in [Enctype::UrlEncoded, Enctype::TextPlain] {
        let unlisted = ctx.submit_form("/layered/notes", enctype, NOTE).await;
        refused(unlisted, &ctx);
    }
    assert_eq!(
        ran(&ctx.handled.layered_notes),
        1,
        "the refused forms never ran the handler"
    );
}

// --- WebSockets --------------------------------------------------------------------------

pub(crate) async fn websocket_from_listed_origin_opens_route_handler(ctx: Ctx) {
    ctx.open(IP).await;
    let door = ctx.open_websocket("/guarded/live").await;
    let door = reached(door, 101, &ctx);
    assert_eq!(door.messages, ["hello"], "{door}");
    assert_eq!(door.close_code, Some(1000), "a normal close: {door}");
    assert_eq!(ran(&ctx.handled.live), 1);
}

pub(crate) async fn websocket_from_unlisted_cross_site_origin_refused_by_route(ctx: Ctx) {
    ctx.open(LOCALHOST).await;
    let door = ctx.open_websocket("/guarded/live").await;
    let door = refused(door, &ctx);
    assert!(door.messages.is_empty(), "{door}");
    assert_eq!(door.close_code, Some(1006), "the handshake failed: {door}");
    assert_eq!(ran(&ctx.handled.live), 0, "the handler never ran");
}

pub(crate) async fn websocket_from_unlisted_same_site_origin_refused_by_route(ctx: Ctx) {
    ctx.open(IP).await;
    let door = ctx.open_websocket("/guarded/localhost-live").await;
    let door = refused(door, &ctx);
    assert_eq!(door.close_code, Some(1006), "{door}");
    assert_eq!(ran(&ctx.handled.localhost_live), 0, "the handler never ran");
}

pub(crate) async fn websocket_from_listed_cross_site_origin_opens_route_handler(ctx: Ctx) {
    ctx.open(LOCALHOST).await;
    let door = ctx.open_websocket("/guarded/localhost-live").await;
    let door = reached(door, 101, &ctx);
    assert_eq!(door.messages, ["hello"], "{door}");
    assert_eq!(ran(&ctx.handled.localhost_live), 1);
}

pub(crate) async fn websocket_behind_cors_layer_listed_opens_unlisted_refused(ctx: Ctx) {
    ctx.open(IP).await;
    let listed = reached(ctx.open_websocket("/layered/live").await, 101, &ctx);
    assert_eq!(listed.messages, ["hello"], "{listed}");
    ctx.open(LOCALHOST).await;
    let unlisted = refused(ctx.open_websocket("/layered/live").await, &ctx);
    assert!(unlisted.messages.is_empty(), "{unlisted}");
    assert_eq!(
        ran(&ctx.handled.layered_live),
        1,
        "the refused handshake never ran the handler"
    );
}

// --- "simple" fetch writes ---------------------------------------------------------------

pub(crate) async fn simple_fetch_post_from_refused_origin_never_reaches_handler(ctx: Ctx) {
    // A `POST` with a CORS-safelisted content type needs no preflight: the browser sends
    // it and only hides the answer. The policy lists https://app.example.com only, so the
    // guard refuses the write before the handler, same-site or cross-site.
    for host in [IP, LOCALHOST] {
        ctx.open(host).await;
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            let call = ctx.call("/elsewhere").init(serde_json::json!({
                "method": "POST",
                "headers": { "content-type": content_type },
                "body": "a=1",
            }));
            blocked(ctx.fetch(call).await, "POST /elsewhere", &ctx);
        }
    }
    let seen = ctx.api.log.seen("POST", "/elsewhere");
    assert_eq!(seen.len(), 4, "every POST reached the server");
    assert!(
        seen.iter().all(|s| s.status == Some(403)),
        "and was refused with 403:\n  {}",
        ctx.api.log.dump()
    );
    assert_eq!(ctx.api.log.preflights("/elsewhere"), 0, "no preflight");
    assert_eq!(ran(&ctx.handled.elsewhere_post), 0, "the handler never ran");
}

pub(crate) async fn refused_origin_get_blocked_but_handler_ran(ctx: Ctx) {
    // A read is not guarded: the handler runs, and the browser hides the answer.
    let reply = ctx.fetch_from(IP, ctx.call("/elsewhere")).await;
    blocked(reply, "GET /elsewhere", &ctx);
    let seen = ctx.api.log.seen("GET", "/elsewhere");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].status, Some(200));
    assert_eq!(ran(&ctx.handled.elsewhere_get), 1, "the handler ran");
    // Still allowed in the browser where the policy says so.
    let reply = ctx.fetch(ctx.call("/simple")).await;
    allowed(reply, "GET /simple", &ctx);
}

// --- what the engines send ---------------------------------------------------------------

/// The Fetch Metadata an engine sends on a form or WebSocket handshake from a page on
/// `host` to the API on 127.0.0.1 (another port): `Sec-Fetch-Site`, `-Mode`, `-Dest`
/// (`None`: no such header).
fn expected_metadata(engine: Engine, kind: DoorKind, host: &str) -> [Option<&'static str>; 3] {
    let site = if host == IP {
        "same-site"
    } else {
        "cross-site"
    };
    match (kind, engine) {
        // A form submitted into a named `<iframe>` navigates that frame.
        (DoorKind::Form(_), _) => [Some(site), Some("navigate"), Some("iframe")],
        (DoorKind::WebSocket, Engine::Firefox) => [Some(site), Some("websocket"), Some("empty")],
        // Chromium sends no `Sec-Fetch-*` header on a handshake: the guard judges it by
        // `Origin` (against the policy, then against `Host`).
        (DoorKind::WebSocket, Engine::Chromium) => [None, None, None],
    }
}

pub(crate) async fn fetch_metadata_of_forms_and_websockets(ctx: Ctx) {
    let mut doors = Vec::new();
    for (host, notes, live, trusted) in [
        (IP, "/guarded/notes", "/guarded/live", true),
        (
            IP,
            "/guarded/localhost-notes",
            "/guarded/localhost-live",
            false,
        ),
        (LOCALHOST, "/guarded/notes", "/guarded/live", false),
        (
            LOCALHOST,
            "/guarded/localhost-notes",
            "/guarded/localhost-live",
            true,
        ),
    ] {
        ctx.open(host).await;
        let form = ctx.submit_form(notes, Enctype::UrlEncoded, NOTE).await;
        let socket = ctx.open_websocket(live).await;
        doors.push((host, trusted, form));
        doors.push((host, trusted, socket));
    }
    // All of them in every failure message: what this engine sent.
    let table: Vec<String> = doors
        .iter()
        .map(|(host, _, door)| format!("{} from {host}: {door}", ctx.engine.name()))
        .collect();
    let table = table.join("\n  ");
    for (host, trusted, door) in &doors {
        let seen = &door.seen;
        let [site, mode, dest] = expected_metadata(ctx.engine, door.kind, host);
        assert_eq!(
            [
                seen.fetch_site.as_deref(),
                seen.fetch_mode.as_deref(),
                seen.fetch_dest.as_deref(),
            ],
            [site, mode, dest],
            "Sec-Fetch-Site, -Mode, -Dest of {door}\nall:\n  {table}"
        );
        assert_eq!(
            seen.origin.as_deref(),
            Some(format!("http://{host}:{}", ctx.page.port).as_str()),
            "Origin: the page's, listed or not: {door}\nall:\n  {table}"
        );
        assert_eq!(
            seen.fetch_user, None,
            "a form a script submits carries no Sec-Fetch-User: {door}\nall:\n  {table}"
        );
        if door.kind == DoorKind::WebSocket {
            assert_eq!(seen.upgrade.as_deref(), Some("websocket"), "{door}");
        }
        assert_eq!(door.reached, *trusted, "{door}\nall:\n  {table}");
    }
}
