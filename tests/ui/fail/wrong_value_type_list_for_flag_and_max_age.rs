// Structure: wrong value type: a flag given an empty list, `max_age` given a list. The caret
// covers the whole list, brackets included.
use cors_runtime::{Policy, policy};

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET],
    credentials = [],
    max_age = [600],
);

fn main() {}
