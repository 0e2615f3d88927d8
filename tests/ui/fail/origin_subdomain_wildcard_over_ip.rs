// Origins: `*.` in front of an IP address.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://*.127.0.0.1"], methods = [GET]);

fn main() {}
