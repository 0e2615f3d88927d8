// Origins: `xn--` labels browsers refuse (not Punycode, only ASCII, a code point IDNA
// disallows, a leading combining mark) or serialize differently (not the canonical
// encoding). Each is reported on its own string.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = [
        "https://xn--zz.example",
        "https://xn--abc-.example",
        "https://*.xn--a.example",
        "https://xn--bcher-kva0a.example",
        "https://xn--lsa.example",
        "https://xn---tda.example",
    ],
    methods = [GET],
);

fn main() {}
