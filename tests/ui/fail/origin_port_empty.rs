// Origins: an empty port.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com:"], methods = [GET]);

fn main() {}
