// Every origin form of SPEC section 3, with and without `credentials`.
use cors_runtime::{Policy, cors, policy};

#[cors(
    origins = [
        "https://app.example.com",
        "https://*.example.com",
        "http://localhost:*",
        "https://*.example.com:*",
        "https://*.example.com:8443",
        "https://app.example.com:8443",
        "http://127.0.0.1:3000",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "http://*.localhost:*",
        "http://127.0.0.1",
        "https://api-v2.example.com",
    ],
    methods = [GET],
    credentials,
)]
async fn list_orders() -> &'static str {
    "[]"
}

static NO_CREDENTIALS: Policy = policy!(
    origins = [
        "http://api.example.com",
        "https://*.github.io",
        "https://*.com",
        "http://192.168.1.10:8080",
        "tauri://localhost",
        "http://[2001:db8::1]",
    ],
    methods = [GET],
);

fn main() {
    assert!(list_orders::POLICY.allows_credentials());
    assert!(!NO_CREDENTIALS.allows_credentials());
}
