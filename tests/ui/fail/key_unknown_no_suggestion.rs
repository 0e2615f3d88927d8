// Structure: an unknown key far from every valid key: the valid keys, no guess.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], timeout = 30);

fn main() {}
