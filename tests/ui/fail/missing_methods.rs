// Structure: `methods` is required.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"]);

fn main() {}
