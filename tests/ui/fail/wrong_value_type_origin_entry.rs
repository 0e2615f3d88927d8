// Structure: wrong value type: a constant where `origins` needs a string literal.
use cors_runtime::{Policy, policy};

#[allow(dead_code)]
const APP: &str = "https://app.example.com";

static API: Policy = policy!(origins = [APP], methods = [GET]);

fn main() {}
