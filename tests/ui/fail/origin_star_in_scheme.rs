// Origins: a `*` in the scheme.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["*://app.example.com"], methods = [GET]);

fn main() {}
