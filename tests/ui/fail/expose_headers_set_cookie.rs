// expose_headers: `set-cookie` is never exposed.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["Set-Cookie"]);

fn main() {}
