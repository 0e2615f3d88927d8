// A handler with generics: the companion type needs none of them.
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use cors_runtime::{CorsLayer, cors, route};

trait Store: Clone + Send + Sync + 'static {
    fn count(&self) -> usize;
}

#[derive(Clone)]
struct Memory;

impl Store for Memory {
    fn count(&self) -> usize {
        0
    }
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn count<S: Store>(State(store): State<S>) -> String {
    store.count().to_string()
}

#[cors(origins = ["https://app.example.com"], methods = [DELETE])]
async fn reset<S: Store>(State(_store): State<S>) -> &'static str {
    "reset"
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn describe<'a, T>(_marker: State<std::marker::PhantomData<fn() -> T>>) -> &'static str
where
    T: Send + 'static,
{
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn page<const N: usize>(body: impl Into<String> + Send) -> String {
    let _ = N;
    body.into()
}

fn main() {
    // A handler declared inside a function body is a free `async fn` too.
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn local() -> &'static str {
        "local"
    }
    let _ = local::POLICY;
    let _ = page::POLICY;
    let _ = page::<3>("x");
    let _app: Router = Router::new()
        .route("/count", get(count::<Memory>).layer(CorsLayer::new(count::POLICY)))
        // `route!` takes the handlers with their generic arguments.
        .route("/store", route![count::<Memory>, reset::<Memory>])
        .with_state(Memory);
    let _ = describe::POLICY;
}
