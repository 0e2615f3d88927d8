// max_age: not an integer literal.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], max_age = "600");

fn main() {}
