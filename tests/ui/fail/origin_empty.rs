// Origins: an empty string.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = [""], methods = [GET]);

fn main() {}
