// Origins: a path after the authority.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com/api/v1"], methods = [GET]);

fn main() {}
