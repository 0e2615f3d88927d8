// Origins: uppercase letters.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://App.Example.com"], methods = [GET]);

fn main() {}
