// `live(A, B)`: one set per `live(...)`.
use cors_runtime::{OriginSet, Policy, policy};

static A: OriginSet = OriginSet::new();
static B: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = [live(A, B)], methods = [GET]);

fn main() {}
