// Structure: an unknown key close to `dangerously_allow_cross_origin_writes`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], dangerously_allow_cross_site_writes)]
async fn callback() -> &'static str {
    "ok"
}

fn main() {}
