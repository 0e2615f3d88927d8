// Origins from the environment: `"*"` in the default list, with credentials.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = env("API_ORIGINS", default = ["*"]),
    methods = [GET],
    credentials,
);

fn main() {}
