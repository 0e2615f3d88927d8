// Structure: wrong value type: a flag given a value.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], credentials = true);

fn main() {}
