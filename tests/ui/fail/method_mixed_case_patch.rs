// Methods: `Patch` in mixed case.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [Patch]);

fn main() {}
