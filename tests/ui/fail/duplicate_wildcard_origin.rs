// Structure: `"*"` twice in `origins` is a duplicate entry.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["*", "*"], methods = [GET]);

fn main() {}
