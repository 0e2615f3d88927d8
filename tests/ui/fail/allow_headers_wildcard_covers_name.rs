// allow_headers: a name next to `"*"` (other than `authorization`) is redundant.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["*", "x-request-id"]);

fn main() {}
