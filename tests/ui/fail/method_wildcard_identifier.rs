// Methods: `*` is not an identifier; `"*"` is written as a string.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [*]);

fn main() {}
