// Origins from the environment: the variable name is a string literal.
use cors_runtime::{Policy, policy};

const NAME: &str = "API_ORIGINS";
static API: Policy = policy!(origins = env(NAME), methods = [GET]);

fn main() {}
