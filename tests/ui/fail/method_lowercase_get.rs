// Methods: a standard method in lowercase, suggest the upper-case form.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com"], methods = [get]);

fn main() {}
