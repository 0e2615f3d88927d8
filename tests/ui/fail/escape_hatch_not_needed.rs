// Escape hatches: `dangerously_allow_insecure_origins` that excuses nothing (every origin is https).
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], credentials, dangerously_allow_insecure_origins)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
