// allow_headers: not a valid token (two names in one string).
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["content-type, x-request-id"]);

fn main() {}
