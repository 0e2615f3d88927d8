// `live()` names no set.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https://app.example.com", live()], methods = [GET]);

fn main() {}
