// `"*"` allows every origin: a live set beside it would mean nothing.
use cors_runtime::{OriginSet, Policy, policy};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = ["*", live(TENANTS)], methods = [GET]);

fn main() {}
