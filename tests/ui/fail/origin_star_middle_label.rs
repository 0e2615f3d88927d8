// Origins: a `*` label that is not the leading one.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://api.*.example.com"], methods = [GET]);

fn main() {}
