// Every key of SPEC section 3 in one attribute, and in one `policy!`.
use cors_runtime::{Policy, cors, policy};

#[cors(
    origins = ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
    methods = [GET, POST, "PURGE"],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
)]
async fn orders() -> &'static str {
    "[]"
}

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH],
    allow_headers = ["Content-Type", "X-Request-ID", "authorization"],
    expose_headers = ["Location", "ETag", "x-request-id"],
    credentials,
    max_age = 7200,
);

fn main() {
    assert!(orders::POLICY.allows_credentials());
    assert!(API.allows_method(b"PATCH"));
    assert!(API.allows_request_header(b"x-request-id"));
}
