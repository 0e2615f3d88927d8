// Origins: a host that is not a valid domain: an empty (leading) label.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://.example.com"], methods = [GET]);

fn main() {}
