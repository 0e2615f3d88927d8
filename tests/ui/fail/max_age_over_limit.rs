// max_age: over 86400 (a week).
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], max_age = 604800);

fn main() {}
