// Placement: `#[cors]` on a struct, with a bad origin too: both are reported in one compile.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com/"], methods = [get])]
struct Orders {
    count: u32,
}

fn main() {}
