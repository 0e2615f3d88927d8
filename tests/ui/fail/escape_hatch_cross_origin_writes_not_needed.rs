// Escape hatches: `dangerously_allow_cross_origin_writes` on a `"*"` policy, which trusts every origin.
use cors_runtime::cors;

#[cors(origins = ["*"], methods = [POST], dangerously_allow_cross_origin_writes)]
async fn webhook() -> &'static str {
    "ok"
}

fn main() {}
