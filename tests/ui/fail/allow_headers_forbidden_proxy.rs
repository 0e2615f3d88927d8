// allow_headers: any `proxy-*` name.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["proxy-authorization"]);

fn main() {}
