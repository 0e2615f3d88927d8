// Structure: `allow-headers` (spelled like the HTTP header) is an unknown key; suggest the closest.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [POST],
    allow-headers = ["content-type"],
);

fn main() {}
