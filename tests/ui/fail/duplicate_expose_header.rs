// Structure: a duplicate entry in `expose_headers`, after lowercasing.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-request-id", "ETag", "etag"]);

fn main() {}
