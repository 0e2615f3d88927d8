// Origins: `https:///host` has an empty host; what follows is not the origin's path.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["https:///app.example.com"], methods = [GET]);

fn main() {}
