// `max_age` at both ends of `0..=86400`.
use cors_runtime::{Policy, cors, policy};

#[cors(origins = ["https://app.example.com"], methods = [PUT], max_age = 0)]
async fn no_cache() -> &'static str {
    "ok"
}

static DAY: Policy = policy!(origins = ["https://app.example.com"], methods = [PUT], max_age = 86400);

fn main() {
    let _ = no_cache::POLICY;
    let _ = &DAY;
}
