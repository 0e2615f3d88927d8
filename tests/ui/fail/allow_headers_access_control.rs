// allow_headers: any `access-control-*` name.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["access-control-allow-origin"]);

fn main() {}
