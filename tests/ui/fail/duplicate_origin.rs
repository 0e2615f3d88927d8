// Structure: a duplicate entry in `origins`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com", "https://admin.example.com", "https://app.example.com"], methods = [GET]);

fn main() {}
