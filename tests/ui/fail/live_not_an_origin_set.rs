// `live(NAME)` must name an `OriginSet`.
use cors_runtime::{Policy, policy};

static TENANTS: [&str; 1] = ["https://shop.example"];
static API: Policy = policy!(origins = [live(TENANTS)], methods = [GET]);

fn main() {}
