// allow_headers: a forbidden request-header name, in mixed case.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["Host"]);

fn main() {}
