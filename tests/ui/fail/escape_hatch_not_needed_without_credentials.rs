// Escape hatches: without `credentials`, an `http:` origin needs no flag.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://api.example.com"], methods = [GET], dangerously_allow_insecure_origins);

fn main() {}
