// Origins: a `wss:` origin. No page has a WebSocket URL, so no browser sends one: the entry
// never matches. Not in SPEC's list; caught because it silently never matches.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["wss://app.example.com"], methods = [GET]);

fn main() {}
