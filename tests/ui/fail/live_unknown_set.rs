// `live(NAME)` names a set that does not exist.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com", live(TENANT)], methods = [GET])]
async fn orders() -> &'static str {
    "[]"
}

fn main() {}
