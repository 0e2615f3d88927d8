// max_age: an integer literal with a type suffix.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], max_age = 600u32);

fn main() {}
