// Methods: not a valid HTTP token (a separator).
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET, "M/SEARCH"]);

fn main() {}
