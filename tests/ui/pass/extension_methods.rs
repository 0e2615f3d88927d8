// Extension methods as string literals (methods are case-sensitive, so any case is kept).
use cors_runtime::{Policy, cors, policy};

#[cors(origins = ["https://app.example.com"], methods = ["PURGE", "PROPFIND", "M-SEARCH", "purge"])]
async fn cache() -> &'static str {
    "purged"
}

static WEBDAV: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "GET_ALL"],
);

fn main() {
    assert!(cache::POLICY.allows_method(b"PURGE"));
    assert!(WEBDAV.allows_method(b"MKCOL"));
}
