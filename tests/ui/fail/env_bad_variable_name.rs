// Origins from the environment: the variable name must be [A-Za-z_][A-Za-z0-9_]*.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = env("API-ORIGINS"), methods = [GET]);

fn main() {}
