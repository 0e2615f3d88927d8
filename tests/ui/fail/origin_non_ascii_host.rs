// Origins: a non-ASCII host (ask for Punycode).
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://bücher.example"], methods = [GET]);

fn main() {}
