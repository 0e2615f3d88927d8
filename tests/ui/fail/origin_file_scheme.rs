// Origins: `file:` has no host, browsers send `null`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["file:///home/me/index.html"], methods = [GET]);

fn main() {}
