// Every escape hatch, each where it is needed.
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

// An OAuth `form_post` callback: the provider's site posts the form, and cannot be listed.
#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    credentials,
    dangerously_allow_cross_origin_writes,
)]
async fn oauth_callback() -> &'static str {
    "ok"
}

// With origins read at startup, which may or may not be `"*"`.
static CALLBACK: Policy = policy!(
    origins = env("CALLBACK_ORIGINS", default = ["https://app.example.com"]),
    methods = [POST],
    dangerously_allow_cross_origin_writes,
);

fn main() {
    assert!(!oauth_callback::POLICY.guards_cross_origin_writes());
    assert!(!CALLBACK.guards_cross_origin_writes());
    assert!(legacy::POLICY.allows_origin(b"http://api.example.com"));
    assert!(PAGES.allows_origin(b"https://me.github.io"));
    assert!(BOTH.allows_origin(b"http://shop.co.uk"));
}
