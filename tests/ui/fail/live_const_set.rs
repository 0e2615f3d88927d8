// A `const` set would be a new, empty copy at every use: `live(...)` needs a `static`.
use cors_runtime::{OriginSet, Policy, policy};

#[allow(clippy::declare_interior_mutable_const)]
const TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = [live(TENANTS)], methods = [GET]);

fn main() {}
