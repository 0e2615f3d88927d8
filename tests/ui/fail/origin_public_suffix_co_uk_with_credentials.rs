// Origins: with `credentials`, a subdomain pattern over the public suffix `co.uk`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://*.co.uk"], methods = [GET], credentials);

fn main() {}
