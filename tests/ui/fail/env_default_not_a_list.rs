// Origins from the environment: `default` takes a list, not one string.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = env("API_ORIGINS", default = "https://app.example.com"),
    methods = [GET],
);

fn main() {}
