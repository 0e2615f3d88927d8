// Structure: wrong value type: `dangerously_allow_cross_origin_writes` is a flag, given a value.
use cors_runtime::{Policy, policy};

static CALLBACK: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [POST],
    dangerously_allow_cross_origin_writes = true,
);

fn main() {}
