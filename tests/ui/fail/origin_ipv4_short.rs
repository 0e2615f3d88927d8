// Origins: non-canonical IPv4 `127.1`.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(origins = ["http://127.1:8080"], methods = [GET]);

fn main() {}
