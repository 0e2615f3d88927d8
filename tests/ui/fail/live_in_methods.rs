// A live set holds origins, nothing else.
use cors_runtime::{OriginSet, Policy, policy};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET, live(TENANTS)]);

fn main() {}
