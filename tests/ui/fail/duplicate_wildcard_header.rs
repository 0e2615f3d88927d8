// NOT RUN (see tests/tests/ui.rs): belongs in ui/fail/ once the macro reports it.
// Structure: `"*"` twice in `allow_headers` / `expose_headers` is a duplicate entry (SPEC 4:
// "duplicate entry in any list"); today both policies compile without an error.
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
