// Origins: a fragment after the authority.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com#top"], methods = [GET]);

fn main() {}
