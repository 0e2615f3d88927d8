// All problems of one `policy!` are reported in one compile, across every key.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = ["HTTPS://App.example.com", "http://127.1", "https://*.github.io"],
    methods = [GET, GET],
    alow_headers = ["x-request-id"],
    expose_headers = ["set-cookie"],
    credentials,
    max_age = -5,
);

fn main() {}
