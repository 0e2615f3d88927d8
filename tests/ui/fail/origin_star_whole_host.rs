// Origins: a `*` for the whole host.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://*"], methods = [GET]);

fn main() {}
