// Origins: userinfo.
use cors_runtime::cors;

#[cors(origins = ["https://user:secret@app.example.com"], methods = [GET])]
async fn list_orders() -> &'static str {
    "ok"
}

fn main() {}
