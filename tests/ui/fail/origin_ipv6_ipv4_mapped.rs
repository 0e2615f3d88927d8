// Origins: IPv4-mapped IPv6 with a dotted part.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://[::ffff:127.0.0.1]"], methods = [GET]);

fn main() {}
