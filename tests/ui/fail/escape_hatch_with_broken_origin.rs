// Escape hatches: the only insecure origin has its own mistake; the flag is still meant for it.
use cors_runtime::cors;

#[cors(
    origins = ["http://api.example.com/"],
    methods = [GET],
    credentials,
    dangerously_allow_insecure_origins,
)]
async fn legacy() -> &'static str {
    "ok"
}

fn main() {}
