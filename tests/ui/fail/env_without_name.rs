// Origins from the environment: `env()` names no variable.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = env(), methods = [GET]);

fn main() {}
