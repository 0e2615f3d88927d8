// Methods: `TRACE`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = ["TRACE"]);

fn main() {}
