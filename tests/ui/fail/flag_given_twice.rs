// Structure: a flag given twice.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET], credentials, credentials);

fn main() {}
