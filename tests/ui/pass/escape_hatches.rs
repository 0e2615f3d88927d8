// Both escape hatches, each where it is needed.
use cors_runtime::{Policy, cors, policy};

#[cors(
    origins = ["http://api.example.com"],
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
)]
async fn legacy() -> &'static str {
    "ok"
}

static PAGES: Policy = policy!(
    origins = ["https://*.github.io"],
    methods = [GET],
    credentials,
    dangerously_allow_public_suffix_subdomains,
);

static BOTH: Policy = policy!(
    origins = ["http://*.co.uk", "https://app.example.com"],
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
    dangerously_allow_public_suffix_subdomains,
);

fn main() {
    assert!(legacy::POLICY.allows_origin(b"http://api.example.com"));
    assert!(PAGES.allows_origin(b"https://me.github.io"));
    assert!(BOTH.allows_origin(b"http://shop.co.uk"));
}
