// expose_headers: a CORS-safelisted name is already exposed.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-request-id", "content-type"]);

fn main() {}
