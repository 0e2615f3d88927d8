// Structure: wrong value type: a number in `methods`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET, 1]);

fn main() {}
