// Escape hatches: `dangerously_allow_public_suffix_subdomains` over a registrable domain.
use cors_runtime::cors;

#[cors(origins = ["https://*.example.com"], methods = [GET], credentials, dangerously_allow_public_suffix_subdomains)]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
