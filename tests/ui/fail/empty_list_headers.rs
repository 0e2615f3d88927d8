// Structure: an empty optional list.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], allow_headers = []);

fn main() {}
