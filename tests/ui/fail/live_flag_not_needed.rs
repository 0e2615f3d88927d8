// The entries of a live set are always checked without `dangerously_*` flags.
use cors_runtime::{OriginSet, Policy, policy};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(
    origins = [live(TENANTS)],
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
);

fn main() {}
