// `live(...)` takes the path of a static `OriginSet`, not a string.
use cors_runtime::{OriginSet, Policy, policy};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = [live("TENANTS")], methods = [GET]);

fn main() {
    let _ = &TENANTS;
}
