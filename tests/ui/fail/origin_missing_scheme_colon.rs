// Origins: missing `://` (here the `:`): the help must suggest the intended origin.
use cors_runtime::cors;

#[cors(origins = ["https//app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "[]"
}

fn main() {}
