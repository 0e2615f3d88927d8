// expose_headers: `"*"` with `credentials`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["*"], credentials);

fn main() {}
