// allow_headers: every other name of the forbidden list, one error each.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [POST], allow_headers = ["accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method", "connection", "content-length", "cookie2", "date", "dnt", "expect", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via"])]
async fn create_order() -> &'static str {
    "ok"
}

fn main() {}
