// Escape hatches: a flag given a value.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://api.example.com"], methods = [GET], credentials, dangerously_allow_insecure_origins = true);

fn main() {}
