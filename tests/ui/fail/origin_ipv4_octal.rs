// Origins: non-canonical IPv4 in octal.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://0177.0.0.1"], methods = [GET]);

fn main() {}
