// Origins from the environment: `env(...)` takes only `default = [...]`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = env("API_ORIGINS", fallback = ["https://app.example.com"]),
    methods = [GET],
);

fn main() {}
