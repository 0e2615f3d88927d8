// Structure: `dangerously_allow_cross_origin_writes` given twice.
use cors_runtime::{Policy, policy};

static CALLBACK: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [POST],
    dangerously_allow_cross_origin_writes,
    dangerously_allow_cross_origin_writes,
);

fn main() {}
