// expose_headers: any `access-control-*` name.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["access-control-allow-origin"]);

fn main() {}
