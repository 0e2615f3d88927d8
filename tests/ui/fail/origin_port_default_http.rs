// Origins: the default port of `http`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://localhost:80"], methods = [GET]);

fn main() {}
