// The `"*"` forms, none with `credentials`; `authorization` may stand beside `"*"`.
use cors_runtime::{Policy, cors, policy};

#[cors(origins = ["*"], methods = ["*"], allow_headers = ["*"], expose_headers = ["*"])]
async fn anything() -> &'static str {
    "ok"
}

static PUBLIC: Policy = policy!(
    origins = ["*"],
    methods = [GET, POST],
    allow_headers = ["*", "authorization"],
    expose_headers = ["*"],
    max_age = 600,
);

static SOME_ORIGINS_ANY_METHOD: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = ["*"],
    allow_headers = ["*"],
);

fn main() {
    assert!(anything::POLICY.allows_any_origin());
    assert!(PUBLIC.allows_request_header(b"authorization"));
    assert!(!SOME_ORIGINS_ANY_METHOD.allows_any_origin());
}
