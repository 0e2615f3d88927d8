// Placement: `#[cors]` on a struct; a shared policy is `policy!` plus `CorsLayer`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
struct Orders {
    count: u32,
}

fn main() {}
