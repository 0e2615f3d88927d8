// Origins: with `credentials`, a plain `http:` pattern that is not loopback.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com", "http://*.example.com:*"], methods = [GET], credentials);

fn main() {}
