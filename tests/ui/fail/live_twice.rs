// A policy reads at most one live set.
use cors_runtime::{OriginSet, Policy, policy};

static SHOPS: OriginSet = OriginSet::new();
static PREVIEWS: OriginSet = OriginSet::new();
static API: Policy = policy!(origins = [live(SHOPS), live(PREVIEWS)], methods = [GET]);

fn main() {}
