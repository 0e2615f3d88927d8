// A policy's origins come from the environment or from the source and a live set.
use cors_runtime::{OriginSet, Policy, policy};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(
    origins = env("API_ORIGINS", default = [live(TENANTS)]),
    methods = [GET],
);

fn main() {}
