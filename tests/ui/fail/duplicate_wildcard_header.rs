// Structure: `"*"` twice in `allow_headers` / `expose_headers` is a duplicate entry (SPEC 4:
// "duplicate entry in any list"), reported in both policies.
use cors_runtime::{Policy, policy};

static REQUEST: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [POST],
    allow_headers = ["*", "*"],
);

static RESPONSE: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET],
    expose_headers = ["*", "*"],
);

fn main() {}
