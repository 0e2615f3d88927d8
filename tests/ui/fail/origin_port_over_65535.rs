// Origins: port over 65535.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com:65536"], methods = [GET]);

fn main() {}
