//! `cargo run -p cors-benches`: the whole comparison of cors-runtime against tower-http
//! and actix-cors, printed as Markdown tables.
//!
//! 1. runs `cargo bench -p cors-benches --bench cors` (divan, one process) five times
//!    and reads its medians: time, allocations and bytes per request; every number
//!    printed is the median of the five rounds, and every ratio the median of the five
//!    rounds' ratios (within a round, the variants of a scenario run back to back, so a
//!    slow spell of a shared machine moves both sides). The time targets are also judged on
//!    divan's fastest samples (each the mean of `--sample-size` iterations): on a
//!    machine where other work slows some samples down, those are the steadier figure;
//! 2. measures the compile-time cost of `#[cors]`: two generated crates, 100 `#[cors]`
//!    handlers mounted with `route![...]` against 100 plain handlers mounted with `get`,
//!    each `cargo check`ed several times once their dependencies are built;
//! 3. prints the machine, the versions, the table, the targets of issue 4 with their
//!    verdicts, ours against the limit (a hand-written minimal middleware,
//!    `benches/benches/limit.rs`) with the targets of issue 15 (and issue 21's, the
//!    preflights alone), the cost of origins read
//!    from the environment (`origins = env(...)`
//!    against the same origins written in the source) with its own targets, the cost of
//!    the same policies built by `Policy::builder()` with its own targets, the cost of the
//!    guard on writes and WebSocket handshakes (SPEC 10: the same policy with and without
//!    `dangerously_allow_cross_origin_writes`) with its own targets, the cost of origin
//!    sets that change while serving (SPEC 11: `origins = [live(SET)]` against the same
//!    origins written in the source, and one change of a set of 1000) with its own
//!    targets, ours on actix-web (SPEC 12: `actix::Cors` and `actix_resource!` against
//!    actix-cors and the limit as an actix-web middleware) with its own targets, and the
//!    compile-time ratio with its target.
//!
//! Options (`--help` lists them): `--rounds N` (default 5), `--skip-compile` (no
//! compile-time measurement), `--compile-runs N` (default 9), `--sample-count N` and
//! `--sample-size N` (divan's, default 2000 and 64), `--filter REGEX` (divan's: run only
//! the benchmarks whose path matches, e.g. `::live::`; repeatable; the sections with no row
//! measured are left out), `--save FILE` (also write the report there), `--from FILE`
//! (format saved divan outputs instead of running the benchmark, each `--from` one round,
//! e.g. `target/cors-benches-divan-1.txt` to `-5.txt`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One round's figures of a row.
#[derive(Debug, Default, Clone, Copy)]
struct Round {
    /// Nanoseconds: the median sample.
    time: f64,
    /// Nanoseconds: the fastest sample.
    fastest: f64,
}

/// One divan row, per request: the median sample and the fastest one, allocations.
#[derive(Debug, Default, Clone)]
struct Row {
    /// Nanoseconds: the median sample.
    time: f64,
    /// Nanoseconds: the fastest sample (each sample is the mean of `--sample-size`
    /// iterations). Interference from other work on the machine only ever adds time, so
    /// on a noisy machine this is the steadier figure.
    fastest: f64,
    allocs: f64,
    alloc_bytes: f64,
    grows: f64,
    grow_bytes: f64,
    /// Each round's figures, in the order the rounds ran: ratios are taken within a round,
    /// where the variants of a scenario ran back to back, then their median is kept, so a
    /// slow spell of the machine during one round moves no ratio.
    rounds: Vec<Round>,
}

type Results = BTreeMap<(String, String), Row>;

/// What `--help` prints.
const USAGE: &str = "\
usage: cargo run -p cors-benches --release -- [OPTION]...

  --rounds N         runs of the divan benchmark; every figure is the median over them (5)
  --skip-compile     no compile-time measurement
  --compile-runs N   `cargo check` runs of each generated crate (9)
  --sample-count N   divan's samples per benchmark (2000)
  --sample-size N    divan's iterations per sample (64)
  --filter REGEX     run only the benchmarks whose path matches (divan's filter, e.g.
                     `::live::`); repeatable; sections with no row measured are left out
  --save FILE        also write the report to FILE
  --from FILE        format a saved divan output instead of running the benchmark; each
                     `--from` is one round (e.g. target/cors-benches-divan-1.txt)
  --help             this text
";

struct Options {
    skip_compile: bool,
    compile_runs: usize,
    sample_count: u32,
    sample_size: u32,
    save: Option<PathBuf>,
    from: Vec<PathBuf>,
    rounds: usize,
    /// Passed to divan as its filters.
    filters: Vec<String>,
}

fn parse_options() -> Options {
    let mut options = Options {
        skip_compile: false,
        compile_runs: 9,
        sample_count: 2000,
        sample_size: 64,
        save: None,
        from: Vec::new(),
        rounds: 5,
        filters: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        match arg.as_str() {
            "--skip-compile" => options.skip_compile = true,
            "--compile-runs" => options.compile_runs = value(&arg).parse().expect("a count"),
            "--sample-count" => options.sample_count = value(&arg).parse().expect("a count"),
            "--sample-size" => options.sample_size = value(&arg).parse().expect("a count"),
            "--save" => options.save = Some(PathBuf::from(value(&arg))),
            "--from" => options.from.push(PathBuf::from(value(&arg))),
            "--rounds" => options.rounds = value(&arg).parse().expect("a count"),
            "--filter" => options.filters.push(value(&arg)),
            "--help" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            other => panic!("unknown option {other}; see --help"),
        }
    }
    options
}

fn main() {
    let options = parse_options();
    let root = workspace_root();
    let started = Instant::now();
    let machine = machine(&root);
    eprintln!("{machine}");

    let results = if options.from.is_empty() {
        run_divan(&root, &options)
    } else {
        let rounds: Vec<Results> = options
            .from
            .iter()
            .map(|path| parse_divan(&std::fs::read_to_string(path).expect("cannot read --from")))
            .collect();
        merge(&rounds)
    };
    let compile = (!options.skip_compile).then(|| compile_cost(&root, options.compile_runs));

    let mut report = String::new();
    report.push_str(&machine);
    report.push('\n');
    let end_to_end = measured_any(&results, &END_TO_END);
    if end_to_end {
        report.push_str(&table(&results));
        report.push('\n');
    }
    if measured_any(&results, &WITHOUT_AXUM) {
        report.push_str(&without_axum(&results));
        report.push('\n');
    }
    if end_to_end {
        report.push_str(&targets(&results));
    }
    if let Some(floor) = against_the_limit(&results) {
        report.push('\n');
        report.push_str(&floor);
    }
    if let Some(actix) = actix(&results) {
        report.push('\n');
        report.push_str(&actix);
    }
    if let Some(from_env) = from_env(&results) {
        report.push('\n');
        report.push_str(&from_env);
    }
    if let Some(from_builder) = from_builder(&results) {
        report.push('\n');
        report.push_str(&from_builder);
    }
    if let Some(guard) = guard(&results) {
        report.push('\n');
        report.push_str(&guard);
    }
    if let Some(live) = live(&results) {
        report.push('\n');
        report.push_str(&live);
    }
    if let Some(compile) = compile {
        report.push('\n');
        report.push_str(&compile);
    }
    let _ = writeln!(
        report,
        "\n(whole comparison: {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    println!("{report}");
    if let Some(path) = options.save {
        std::fs::write(&path, &report).expect("cannot write the report");
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ is inside the workspace")
        .to_path_buf()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Date, machine, load and the versions compared, as Markdown lines.
fn machine(root: &Path) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let version = |name: &str| -> String {
        let mut found = Vec::new();
        let mut lines = lock.lines();
        while let Some(line) = lines.next() {
            if line == format!("name = \"{name}\"")
                && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = "))
            {
                found.push(v.trim_matches('"').to_owned());
            }
        }
        found.join(", ")
    };
    format!(
        "- date: {}\n- machine: {cores} cores (`nproc`: {}), {cpu}; load average at start: {load}\n\
         - versions: axum {}, tower-http {}, actix-web {}, actix-cors {}, http {}, {}\n",
        command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command_output("nproc", &[]),
        version("axum"),
        version("tower-http"),
        version("actix-web"),
        version("actix-cors"),
        version("http"),
        command_output("rustc", &["--version"]),
    )
}

// ---------------------------------------------------------------------------------------
// divan

/// Runs the benchmark `options.rounds` times and keeps, for every row, the median of its
/// rounds' medians: a burst of noise during one round moves no number.
fn run_divan(root: &Path, options: &Options) -> Results {
    let rounds: Vec<Results> = (1..=options.rounds.max(1))
        .map(|round| divan_round(root, options, round))
        .collect();
    merge(&rounds)
}

/// One row per benchmark: the medians over `rounds` of its figures, and each round's.
fn merge(rounds: &[Results]) -> Results {
    let mut results = Results::new();
    for key in rounds[0].keys() {
        let rows: Vec<Row> = rounds.iter().filter_map(|r| r.get(key).cloned()).collect();
        let pick = |f: fn(&Row) -> f64| median(rows.iter().map(f).collect());
        results.insert(
            key.clone(),
            Row {
                time: pick(|r| r.time),
                fastest: pick(|r| r.fastest),
                allocs: pick(|r| r.allocs),
                alloc_bytes: pick(|r| r.alloc_bytes),
                grows: pick(|r| r.grows),
                grow_bytes: pick(|r| r.grow_bytes),
                rounds: rows.iter().flat_map(|r| r.rounds.iter().copied()).collect(),
            },
        );
    }
    results
}

fn divan_round(root: &Path, options: &Options, round: usize) -> Results {
    eprintln!(
        "round {round}/{}: cargo bench -p cors-benches --bench cors (divan) ...",
        options.rounds
    );
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["bench", "-p", "cors-benches", "--bench", "cors", "--"])
        .args(["--sample-count", &options.sample_count.to_string()])
        .args(["--sample-size", &options.sample_size.to_string()])
        .args(["--color", "never"])
        .args(&options.filters)
        .stderr(Stdio::inherit())
        .output()
        .expect("cannot run cargo bench");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let raw = target_dir(root).join(format!("cors-benches-divan-{round}.txt"));
    let _ = std::fs::write(&raw, &text);
    assert!(output.status.success(), "cargo bench failed:\n{text}");
    eprintln!("divan's own output: {}", raw.display());
    parse_divan(&text)
}

/// Reads divan's tree: `group`, then `name  fastest │ slowest │ median │ mean │ ...`,
/// then blocks of `alloc:` / `grow:` / ... with a count line and a bytes line.
fn parse_divan(text: &str) -> Results {
    let mut results = Results::new();
    let mut group = String::new();
    let mut bench: Option<String> = None;
    let mut label = String::new();
    let mut line_in_label = 0;
    for line in text.lines() {
        // `│` is both divan's column separator and the tree's vertical line: count the
        // five column separators from the right.
        let columns: Vec<&str> = line.split('│').collect();
        if columns.len() < 6 {
            continue;
        }
        let first = columns[..columns.len() - 5].join("│");
        let median = columns[columns.len() - 4].trim();
        let trimmed = first
            .trim_start_matches(|c: char| "│├╰─ ".contains(c))
            .trim();
        if let Some(at) = first.find("─ ") {
            // A tree node: a group (no numbers) or a benchmark (with its fastest time).
            let node = first[at + "─ ".len()..].trim();
            let name = node.split_whitespace().next().unwrap_or("").to_owned();
            if median.is_empty() {
                // Groups do not nest in this benchmark.
                group = name;
                bench = None;
            } else {
                let (time, fastest) = (parse_time(median), parse_time(node[name.len()..].trim()));
                let row = Row {
                    time,
                    fastest,
                    rounds: vec![Round { time, fastest }],
                    ..Row::default()
                };
                results.insert((group.clone(), name.clone()), row);
                bench = Some(name);
            }
            label.clear();
            continue;
        }
        let Some(name) = &bench else { continue };
        if trimmed.ends_with(':') {
            label = trimmed.trim_end_matches(':').to_owned();
            line_in_label = 0;
            continue;
        }
        if label.is_empty() || median.is_empty() {
            continue;
        }
        line_in_label += 1;
        let row = results.get_mut(&(group.clone(), name.clone())).unwrap();
        match (label.as_str(), line_in_label) {
            ("alloc", 1) => row.allocs = parse_number(median),
            ("alloc", 2) => row.alloc_bytes = parse_bytes(median),
            ("grow", 1) => row.grows = parse_number(median),
            ("grow", 2) => row.grow_bytes = parse_bytes(median),
            _ => {}
        }
    }
    results
}

fn parse_number(text: &str) -> f64 {
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

fn parse_time(text: &str) -> f64 {
    let mut parts = text.split_whitespace();
    let value: f64 = parts
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    value
        * match parts.next() {
            Some("ps") => 1e-3,
            Some("ns") => 1.0,
            Some("µs" | "us") => 1e3,
            Some("ms") => 1e6,
            Some("s") => 1e9,
            _ => f64::NAN,
        }
}

fn parse_bytes(text: &str) -> f64 {
    let mut parts = text.split_whitespace();
    let value: f64 = parts
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN);
    value
        * match parts.next() {
            Some("B") => 1.0,
            Some("KB") => 1e3,
            Some("MB") => 1e6,
            Some("GB") => 1e9,
            Some("KiB") => 1024.0,
            Some("MiB") => 1024.0 * 1024.0,
            _ => f64::NAN,
        }
}

// ---------------------------------------------------------------------------------------
// The tables

const END_TO_END: [(&str, &str); 12] = [
    ("actual_allowed", "actual, allowed origin (1 exact)"),
    ("actual_refused", "actual, refused origin"),
    ("actual_no_origin", "actual, no `Origin`"),
    ("preflight_allowed", "preflight, allowed"),
    ("preflight_minimal", PREFLIGHT_MINIMAL),
    ("preflight_refused", "preflight, refused origin"),
    ("preflight_hostile_acrh", "preflight, 64 KiB ACRH"),
    ("origins_0001", "actual, 1 exact origin"),
    ("origins_0010", "actual, 10 exact origins (last)"),
    ("origins_0100", "actual, 100 exact origins (last)"),
    ("origins_1000", "actual, 1000 exact origins (last)"),
    ("origin_pattern", "actual, `https://*.example.com`"),
];

/// The title of the minimal preflight's rows.
const PREFLIGHT_MINIMAL: &str =
    "preflight, minimal (`Origin`, ACRM `POST`, ACRH `content-type` alone)";

const WITHOUT_AXUM: [(&str, &str); 8] = [
    ("svc_actual_allowed", "actual, allowed origin"),
    ("svc_actual_refused", "actual, refused origin"),
    ("svc_actual_no_origin", "actual, no `Origin`"),
    ("svc_preflight_allowed", "preflight, allowed"),
    ("svc_preflight_refused", "preflight, refused origin"),
    ("svc_preflight_hostile_acrh", "preflight, 64 KiB ACRH"),
    ("svc_origins_1000", "actual, 1000 exact origins (last)"),
    ("svc_origin_pattern", "actual, `https://*.example.com`"),
];

/// Whether any of `groups` (group, title) has a row: not so when `--filter` left them out.
fn measured_any(results: &Results, groups: &[(&str, &str)]) -> bool {
    groups
        .iter()
        .any(|(group, _)| results.keys().any(|(measured, _)| measured == group))
}

fn get(results: &Results, group: &str, variant: &str) -> Option<Row> {
    results
        .get(&(group.to_owned(), variant.to_owned()))
        .cloned()
}

fn fmt_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn fmt_count(n: f64) -> String {
    if (n - n.round()).abs() < 0.01 {
        format!("{n:.0}")
    } else {
        format!("{n:.2}")
    }
}

/// `690 ns · 11 / 1255 B`, with `+N grow` when the map or a vector reallocated.
fn cell(row: Option<Row>) -> String {
    let Some(row) = row else {
        return "–".to_owned();
    };
    let mut cell = format!(
        "{} · {} / {:.0} B",
        fmt_time(row.time),
        fmt_count(row.allocs),
        row.alloc_bytes
    );
    if row.grows > 0.0 {
        let _ = write!(
            cell,
            " +{} grow / {:.0} B",
            fmt_count(row.grows),
            row.grow_bytes
        );
    }
    cell
}

/// The median over rounds of `f` applied to each round's figures of `rows` (all measured
/// in every round); with rows from different numbers of rounds, `f` of the medians.
fn per_round(rows: &[&Row], f: impl Fn(&[Round]) -> f64) -> f64 {
    let n = rows[0].rounds.len();
    if n == 0 || rows.iter().any(|r| r.rounds.len() != n) {
        let merged: Vec<Round> = rows
            .iter()
            .map(|r| Round {
                time: r.time,
                fastest: r.fastest,
            })
            .collect();
        return f(&merged);
    }
    median(
        (0..n)
            .map(|i| {
                let round: Vec<Round> = rows.iter().map(|r| r.rounds[i]).collect();
                f(&round)
            })
            .collect(),
    )
}

/// `a / b` of the median samples, within each round, then the median over rounds.
fn ratio(a: Option<Row>, b: Option<Row>) -> Option<f64> {
    let (a, b) = (a?, b?);
    Some(per_round(&[&a, &b], |r| r[0].time / r[1].time))
}

/// `a / b` of the fastest samples, within each round, then the median over rounds.
fn fastest_ratio(a: Option<Row>, b: Option<Row>) -> Option<f64> {
    let (a, b) = (a?, b?);
    Some(per_round(&[&a, &b], |r| r[0].fastest / r[1].fastest))
}

/// (variant − floor) / (tower-http − floor) of the figure `pick` reads (median or fastest
/// sample): the CORS work alone, axum's floor removed. Within each round, then the median.
fn cors_only(
    results: &Results,
    group: &str,
    variant: &str,
    floor: &str,
    pick: fn(&Round) -> f64,
) -> Option<f64> {
    cors_only_against(results, group, variant, floor, "tower_http", pick)
}

/// [`cors_only`] with another variant than tower-http's as the reference.
fn cors_only_against(
    results: &Results,
    group: &str,
    variant: &str,
    floor: &str,
    reference: &str,
    pick: fn(&Round) -> f64,
) -> Option<f64> {
    let floor = get(results, group, floor)?;
    let ours = get(results, group, variant)?;
    let theirs = get(results, group, reference)?;
    Some(per_round(&[&ours, &floor, &theirs], |r| {
        (pick(&r[0]) - pick(&r[1])) / (pick(&r[2]) - pick(&r[1]))
    }))
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or("–".to_owned(), |r| format!("{r:.2}"))
}

fn table(results: &Results) -> String {
    let mut out = String::from(
        "Through axum (`Router::with_state(())`, `oneshot` per request). Each cell: median \
         time (median of the rounds' divan medians) · allocations / bytes allocated per request (`+N grow`: reallocations). \
         Ratios are of median times, taken within each round (the variants of a scenario \
         run back to back) and then the median over the rounds; \"CORS only\" subtracts the \
         identity-layer router from \
         both sides.\n\n\
         | scenario | no CORS | identity layer | tower-http | ours, `CorsLayer` | ours, `route!` \
         | layer / tower-http | route! / tower-http | CORS only: layer / tower-http | CORS only: route! / tower-http |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (group, title) in END_TO_END {
        let g = |v| get(results, group, v);
        let _ = writeln!(
            out,
            "| {title} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(g("none")),
            cell(g("identity")),
            cell(g("tower_http")),
            cell(g("ours_layer")),
            cell(g("ours_route")),
            fmt_ratio(ratio(g("ours_layer"), g("tower_http"))),
            fmt_ratio(ratio(g("ours_route"), g("tower_http"))),
            fmt_ratio(cors_only(results, group, "ours_layer", "identity", |r| r.time)),
            fmt_ratio(cors_only(results, group, "ours_route", "identity", |r| r.time)),
        );
    }
    out
}

fn without_axum(results: &Results) -> String {
    let mut out = String::from(
        "Without axum: the CORS service over a `tower::service_fn` (cloned per request, as \
         hyper-util does), the limit's over the same, and ours' decision + header emission \
         alone (`Policy::decide` + `write_headers` / `into_response_reusing`; tower-http has \
         no such API). \"CORS only\" subtracts the inner service from both sides.\n\n\
         | scenario | inner service | tower-http | limit | ours, `CorsLayer` | ours, `decide` + write \
         | layer / tower-http | CORS only: layer / tower-http | layer / limit | CORS only: layer / limit |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (group, title) in WITHOUT_AXUM {
        let g = |v| get(results, group, v);
        let _ = writeln!(
            out,
            "| {title} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(g("none")),
            cell(g("tower_http")),
            cell(g("limit")),
            cell(g("ours_layer")),
            cell(g("ours_decide")),
            fmt_ratio(ratio(g("ours_layer"), g("tower_http"))),
            fmt_ratio(cors_only(results, group, "ours_layer", "none", |r| r.time)),
            fmt_ratio(ratio(g("ours_layer"), g("limit"))),
            fmt_ratio(cors_only_against(
                results,
                group,
                "ours_layer",
                "none",
                "limit",
                |r| r.time
            )),
        );
    }
    if let Some(parts) = parts(results) {
        out.push('\n');
        out.push_str(&parts);
    }
    out
}

fn parts(results: &Results) -> Option<String> {
    let names = [
        ("decide_actual", "`decide`, actual"),
        ("decide_preflight", "`decide`, preflight"),
        ("decide_preflight_hostile", "`decide`, 64 KiB ACRH"),
        ("write_actual", "`Actual::write_headers`"),
        ("into_response_preflight", "`Preflight::into_response`"),
        (
            "into_response_reusing_preflight",
            "`Preflight::into_response_reusing` (the request's map)",
        ),
        (
            "floor_six_inserts",
            "floor: `HeaderMap::with_capacity(6)` + 6 inserts",
        ),
        (
            "into_response_then_content_length",
            "`into_response` + the `content-length` axum adds",
        ),
        (
            "floor_seven_inserts_capacity_7",
            "floor: `HeaderMap::with_capacity(7)` + 7 inserts",
        ),
        (
            "header_values_from_static_str",
            "6 preflight values by `HeaderValue::from_static(&str)` at run time",
        ),
        (
            "header_values_clone_prebuilt",
            "the same, cloned from a `static`",
        ),
        ("header_values_const", "the same, copied from `const`s"),
        (
            "origin_value_from_static_str",
            "one origin's value by `HeaderValue::from_static(&str)`",
        ),
        ("origin_value_clone_static", "cloned from a `static`"),
        ("origin_value_const", "copied from a `const`"),
        (
            "exact_origin_lookup",
            "`allows_origin`, 1 exact origin (a comparison)",
        ),
        (
            "exact_origin_lookup_1000",
            "`allows_origin`, 1000 exact origins (a hash and a probe)",
        ),
        (
            "pattern_origin_match",
            "`allows_origin`, `https://*.example.com`",
        ),
    ];
    let mut out = String::from("Ours, piece by piece: ");
    let mut any = false;
    for (name, title) in names {
        if let Some(row) = get(results, "parts", name) {
            let _ = write!(out, "{title} {}; ", cell(Some(row)));
            any = true;
        }
    }
    let mut out = out.trim_end_matches("; ").to_owned() + ".\n";
    let floors = [
        (
            "handler_layer_identity",
            "handlers `Handler::layer(Identity)`",
        ),
        ("handler_layer_ours", "handlers `Handler::layer(CorsLayer)`"),
        (
            "method_router_layer_identity",
            "`MethodRouter::layer(Identity)`",
        ),
        ("both_identity", "both, with `Identity`"),
        (
            "handler_layer_ours_method_router_identity",
            "both, with `CorsLayer` on the handlers",
        ),
    ];
    let mut first = true;
    for (name, title) in floors {
        if let Some(row) = get(results, "route_floor", name) {
            if first {
                out.push_str(
                    "\nWhy `route!` wraps each handler in a zero-sized `CorsHandler` and puts no \
                     layer anywhere (actual request, allowed, no CORS work in these rows): axum \
                     clones a handler per request, which allocates unless it is zero-sized, and \
                     any layer on a `MethodRouter` or `Router` costs a boxed service and a boxed \
                     future per request: ",
                );
                first = false;
            }
            let _ = write!(out, "{title} {}; ", cell(Some(row)));
        }
    }
    if !first {
        out = out.trim_end_matches("; ").to_owned() + ".\n";
    }
    any.then_some(out)
}

// ---------------------------------------------------------------------------------------
// Targets of issue 4

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "MISS" }
}

fn targets(results: &Results) -> String {
    let mut out = String::from("Targets (issue 4):\n\n");
    let g = |group: &str, v: &str| get(results, group, v);

    // 1. ours / tower-http <= 0.6, 1 origin, actual and preflight.
    for group in ["actual_allowed", "preflight_allowed"] {
        for variant in ["ours_layer", "ours_route"] {
            let end_to_end = ratio(g(group, variant), g(group, "tower_http"));
            let fastest = fastest_ratio(g(group, variant), g(group, "tower_http"));
            let only = cors_only(results, group, variant, "identity", |r| r.time);
            let only_fastest = cors_only(results, group, variant, "identity", |r| r.fastest);
            let _ = writeln!(
                out,
                "- {} {group}, {variant} / tower-http ≤ 0.6: end to end {}; CORS only (minus \
                 the identity-layer router) {}; fastest samples: {} {} (CORS only {})",
                verdict(end_to_end.is_some_and(|r| r <= 0.6)),
                fmt_ratio(end_to_end),
                fmt_ratio(only),
                verdict(fastest.is_some_and(|r| r <= 0.6)),
                fmt_ratio(fastest),
                fmt_ratio(only_fastest),
            );
        }
    }

    // 2. 1000 exact origins <= 1.1 x 1 origin (ours); tower-http as the contrast.
    for variant in ["ours_layer", "ours_route", "tower_http"] {
        let r = ratio(g("origins_1000", variant), g("origins_0001", variant));
        let fastest = fastest_ratio(g("origins_1000", variant), g("origins_0001", variant));
        let (mark, fastest_mark) = if variant == "tower_http" {
            ("(contrast)", String::new())
        } else {
            (
                verdict(r.is_some_and(|r| r <= 1.1)),
                format!("{} ", verdict(fastest.is_some_and(|r| r <= 1.1))),
            )
        };
        let _ = writeln!(
            out,
            "- {mark} 1000 exact origins / 1 origin, {variant} ≤ 1.1: {}; fastest samples: \
             {fastest_mark}{}",
            fmt_ratio(r),
            fmt_ratio(fastest),
        );
    }
    if let (Some(a), Some(b)) = (
        g("svc_origins_1000", "ours_decide"),
        g("svc_actual_allowed", "ours_decide"),
    ) {
        let _ = writeln!(
            out,
            "  (decision + emission alone, without axum: 1000 / 1 = {:.2})",
            a.time / b.time
        );
    }

    // 3. Actual requests: no allocation beyond the identity-layer router.
    let actual = [
        "actual_allowed",
        "actual_refused",
        "actual_no_origin",
        "origins_0001",
        "origins_0010",
        "origins_0100",
        "origins_1000",
        "origin_pattern",
    ];
    for variant in ["ours_layer", "ours_route"] {
        let mut worst: Option<(f64, f64, &str)> = None;
        for group in actual {
            if let (Some(ours), Some(floor)) = (g(group, variant), g(group, "identity")) {
                let extra = ours.allocs + ours.grows - floor.allocs - floor.grows;
                let bytes = ours.alloc_bytes - floor.alloc_bytes;
                if worst.is_none_or(|(e, _, _)| extra > e) {
                    worst = Some((extra, bytes, group));
                }
            }
        }
        if let Some((extra, bytes, group)) = worst {
            let _ = writeln!(
                out,
                "- {} actual requests, {variant}: allocations beyond the identity-layer router \
                 = 0: worst {} ({group}, {bytes:+.0} B)",
                verdict(extra <= 0.0),
                fmt_count(extra),
            );
        }
    }
    let svc = g("svc_actual_allowed", "ours_decide");
    if let Some(row) = svc {
        let _ = writeln!(
            out,
            "  (decision + emission alone: {} allocations, {} grows)",
            fmt_count(row.allocs),
            fmt_count(row.grows)
        );
    }

    // 4. Preflight: at most the allocations of its own response's header map.
    for variant in ["ours_layer", "ours_route"] {
        if let (Some(ours), Some(floor)) = (
            g("preflight_allowed", variant),
            g("preflight_allowed", "identity"),
        ) {
            // The identity router answers the same request with its own 405, whose header
            // map costs what a preflight response's does: equal counts and no reallocation
            // mean nothing but the response's own header map was allocated.
            let extra = ours.allocs + ours.grows - floor.allocs;
            let _ = writeln!(
                out,
                "- {} preflight, {variant}: allocations beyond the identity router's own \
                 405 answer = 0: {} ({} grow, {:+.0} B)",
                verdict(extra <= 0.0 && ours.grows == 0.0),
                fmt_count(extra),
                fmt_count(ours.grows),
                ours.alloc_bytes + ours.grow_bytes - floor.alloc_bytes,
            );
        }
    }
    if let (Some(ours), Some(inner)) = (
        g("svc_preflight_allowed", "ours_layer"),
        g("svc_preflight_allowed", "none"),
    ) {
        let _ = writeln!(
            out,
            "  (without axum: {} allocations / {:.0} B and {} grows, where a response with one \
             header costs {} / {:.0} B: the header map alone)",
            fmt_count(ours.allocs),
            ours.alloc_bytes,
            fmt_count(ours.grows),
            fmt_count(inner.allocs),
            inner.alloc_bytes
        );
    }

    // 5. Hostile 64 KiB ACRH: <= 3 x a normal preflight, nothing extra allocated.
    for variant in ["ours_layer", "ours_route"] {
        if let (Some(hostile), Some(normal)) = (
            g("preflight_hostile_acrh", variant),
            g("preflight_allowed", variant),
        ) {
            let r = hostile.time / normal.time;
            let fastest = hostile.fastest / normal.fastest;
            let extra = hostile.allocs + hostile.grows - normal.allocs - normal.grows;
            let _ = writeln!(
                out,
                "- {} 64 KiB ACRH, {variant}: ≤ 3 × a normal preflight: {r:.2} (fastest \
                 samples: {fastest:.2}); {} allocations beyond it: {}",
                verdict(r <= 3.0 && extra <= 0.0),
                verdict(extra <= 0.0),
                fmt_count(extra),
            );
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Against the floor (issue 15)

/// The scenarios judged against the limit: group, title.
const AGAINST_LIMIT: [(&str, &str); 8] = [
    ("actual_allowed", "actual, allowed origin"),
    ("actual_refused", "actual, refused origin"),
    ("actual_no_origin", "actual, no `Origin`"),
    ("preflight_allowed", "preflight, allowed"),
    ("preflight_minimal", PREFLIGHT_MINIMAL),
    ("preflight_refused", "preflight, refused origin"),
    ("origins_1000", "actual, 1000 exact origins (last)"),
    ("origin_pattern", "actual, `https://*.example.com`"),
];

/// Ours / the limit must stay within this, by medians and by fastest samples.
const LIMIT_MAX_RATIO: f64 = 1.00;

/// The preflights among [`AGAINST_LIMIT`], judged on their own (issue 21).
const PREFLIGHTS_AGAINST_LIMIT: [&str; 3] = [
    "preflight_allowed",
    "preflight_minimal",
    "preflight_refused",
];

/// Whether `variant` / the limit ≤ [`LIMIT_MAX_RATIO`] in every one of `groups`, by
/// `figure` (not when a scenario has no figure), and the worst ratio (with `decimals`
/// digits: a ratio just above the bar must not print as the bar) with its scenario.
fn worst_against_limit(
    results: &Results,
    groups: &[&str],
    variant: &str,
    figure: fn(Option<Row>, Option<Row>) -> Option<f64>,
    decimals: usize,
) -> (bool, String) {
    let g = |group: &str, v: &str| get(results, group, v);
    let mut worst: Option<(f64, &str)> = None;
    let mut missing = false;
    for &group in groups {
        match figure(g(group, variant), g(group, "limit")) {
            Some(r) if worst.is_none_or(|(w, _)| r > w) => worst = Some((r, group)),
            Some(_) => {}
            None => missing = true,
        }
    }
    let ok = !missing && worst.is_some_and(|(r, _)| r <= LIMIT_MAX_RATIO);
    let worst = worst.map_or("–".to_owned(), |(r, group)| {
        format!("{r:.decimals$} ({group})")
    });
    (ok, format!("worst {worst}"))
}

/// The table and the targets of ours against the hand-written minimal middleware;
/// `None` when the results have no `limit` rows (an older divan output).
fn against_the_limit(results: &Results) -> Option<String> {
    let g = |group: &str, v: &str| get(results, group, v);
    if !AGAINST_LIMIT
        .iter()
        .any(|(group, _)| g(group, "limit").is_some())
    {
        return None;
    }
    let mut out = String::from(
        "Against the floor: `limit` is a hand-written minimal middleware (`benches/benches/limit.rs`): \
         one exact origin compared byte for byte, every header copied from a `const` value, any \
         `OPTIONS` answered at once with a new response and no check of the requested method \
         or headers (on the minimal preflight, which requests `POST`, its answer leaves \
         `Access-Control-Allow-Methods` out, as ours does), put on the router with \
         `Router::layer` like `CorsLayer`. It sends the same \
         bytes as ours in every scenario below (checked before measuring). Each cell as in the \
         first table; the ratios of median times, then of fastest samples, each within a \
         round and then the median over the rounds.\n\n\
         | scenario | limit | ours, `CorsLayer` | ours, `route!` | layer / limit | route! / limit \
         | fastest: layer / limit | fastest: route! / limit |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (group, title) in AGAINST_LIMIT {
        let _ = writeln!(
            out,
            "| {title} | {} | {} | {} | {} | {} | {} | {} |",
            cell(g(group, "limit")),
            cell(g(group, "ours_layer")),
            cell(g(group, "ours_route")),
            fmt_ratio(ratio(g(group, "ours_layer"), g(group, "limit"))),
            fmt_ratio(ratio(g(group, "ours_route"), g(group, "limit"))),
            fmt_ratio(fastest_ratio(g(group, "ours_layer"), g(group, "limit"))),
            fmt_ratio(fastest_ratio(g(group, "ours_route"), g(group, "limit"))),
        );
    }
    out.push_str("\nTargets (issue 15):\n\n");
    let groups: Vec<&str> = AGAINST_LIMIT.iter().map(|(group, _)| *group).collect();
    for (variant, name) in [("ours_layer", "`CorsLayer`"), ("ours_route", "`route!`")] {
        for (figure, label) in [
            (
                ratio as fn(Option<Row>, Option<Row>) -> Option<f64>,
                "medians",
            ),
            (fastest_ratio, "fastest samples"),
        ] {
            let (ok, worst) = worst_against_limit(results, &groups, variant, figure, 2);
            let _ = writeln!(
                out,
                "- {} {name} / limit ≤ {LIMIT_MAX_RATIO:.2} in every scenario, {label}: {worst}",
                verdict(ok),
            );
        }
    }
    // Issue 21 judges the preflights alone, by medians.
    out.push_str("\nTargets (issue 21, preflights; medians):\n\n");
    for (variant, name) in [("ours_layer", "`CorsLayer`"), ("ours_route", "`route!`")] {
        let (ok, worst) =
            worst_against_limit(results, &PREFLIGHTS_AGAINST_LIMIT, variant, ratio, 3);
        let _ = writeln!(
            out,
            "- {} {name} preflights / limit ≤ {LIMIT_MAX_RATIO:.2}: {worst}",
            verdict(ok),
        );
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// actix-web (SPEC 12)

/// The actix-web groups: group, title, and whether ours is judged against the limit there
/// (everywhere but the 64 KiB ACRH, which ours refuses and the limit never reads).
const ACTIX: [(&str, &str, bool); 9] = [
    (
        "actix_actual_allowed",
        "actual, allowed origin (1 exact)",
        true,
    ),
    ("actix_actual_refused", "actual, refused origin", true),
    ("actix_actual_no_origin", "actual, no `Origin`", true),
    ("actix_preflight_allowed", "preflight, allowed", true),
    ("actix_preflight_minimal", PREFLIGHT_MINIMAL, true),
    ("actix_preflight_refused", "preflight, refused origin", true),
    (
        "actix_preflight_hostile_acrh",
        "preflight, 64 KiB ACRH",
        false,
    ),
    (
        "actix_origins_1000",
        "actual, 1000 exact origins (last)",
        true,
    ),
    (
        "actix_origin_pattern",
        "actual, `https://*.example.com`",
        true,
    ),
];

/// Ours on actix-web, each mount: variant, title.
const ACTIX_OURS: [(&str, &str); 2] = [("ours", "`Cors`"), ("ours_resource", "`actix_resource!`")];

/// The table and the targets of the actix-web groups; `None` when the results have none
/// of their rows (an older divan output, or `--filter`).
fn actix(results: &Results) -> Option<String> {
    let g = |group: &str, v: &str| get(results, group, v);
    if !measured_any(results, &ACTIX.map(|(group, title, _)| (group, title))) {
        return None;
    }
    let mut out = String::from(
        "Through actix-web (SPEC 12): an in-process `App` (`actix_web::test::init_service`, \
         called on one thread, one request at a time), one resource with GET, POST and \
         DELETE on the same trivial handler, the requests of the first table (their values \
         and URI `'static`) built and the responses dropped outside the timed region. \
         actix-cors 0.7 gets the same policy (`allowed_origin` for each origin, \
         `allowed_origin_fn` for the pattern, the same methods, headers, exposed headers, \
         credentials and max age); ours is `App::wrap(Cors::new(&POLICY))` and, with no \
         middleware, `actix_resource!` of the `#[cors]` handler with the same arguments; \
         the limit (`benches/benches/actix_limit.rs`) is the axum one's work as an actix-web \
         middleware for `App::wrap`, and sends the same bytes as both of ours (status, \
         headers, body; checked before measuring) in every scenario but the 64 KiB ACRH. \
         Each cell as in the first table; the ratios of median times (and of fastest \
         samples where said), each within a round and then the median over the rounds.\n\n\
         | scenario | no CORS | actix-cors | limit | ours, `Cors` | ours, `actix_resource!` \
         | `Cors` / actix-cors | `actix_resource!` / actix-cors | `Cors` / limit \
         | `actix_resource!` / limit | fastest: `Cors` / limit \
         | fastest: `actix_resource!` / limit |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (group, title, _) in ACTIX {
        let _ = writeln!(
            out,
            "| {title} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(g(group, "none")),
            cell(g(group, "actix_cors")),
            cell(g(group, "limit")),
            cell(g(group, "ours")),
            cell(g(group, "ours_resource")),
            fmt_ratio(ratio(g(group, "ours"), g(group, "actix_cors"))),
            fmt_ratio(ratio(g(group, "ours_resource"), g(group, "actix_cors"))),
            fmt_ratio(ratio(g(group, "ours"), g(group, "limit"))),
            fmt_ratio(ratio(g(group, "ours_resource"), g(group, "limit"))),
            fmt_ratio(fastest_ratio(g(group, "ours"), g(group, "limit"))),
            fmt_ratio(fastest_ratio(g(group, "ours_resource"), g(group, "limit"))),
        );
    }

    out.push_str("\nTargets (actix-web, SPEC 12):\n\n");
    let judged: Vec<&str> = ACTIX
        .iter()
        .filter(|(.., judged)| *judged)
        .map(|(group, ..)| *group)
        .collect();
    // 1. No allocation beyond what actix-web makes: no more than the limit's, which
    //    allocates nothing of its own, in every judged scenario.
    for (variant, name) in ACTIX_OURS {
        let mut worst: Option<(f64, f64, &str)> = None;
        let mut missing = false;
        for &group in &judged {
            let (Some(ours), Some(limit)) = (g(group, variant), g(group, "limit")) else {
                missing = true;
                continue;
            };
            let extra = ours.allocs + ours.grows - limit.allocs - limit.grows;
            let bytes = ours.alloc_bytes + ours.grow_bytes - limit.alloc_bytes - limit.grow_bytes;
            if worst.is_none_or(|(e, b, _)| extra > e || (extra == e && bytes > b)) {
                worst = Some((extra, bytes, group));
            }
        }
        let _ = writeln!(
            out,
            "- {} {name}: allocations per request beyond the limit's ≤ 0 in every scenario: {}",
            verdict(!missing && worst.is_some_and(|(extra, ..)| extra <= 0.0)),
            worst.map_or("–".to_owned(), |(extra, bytes, group)| format!(
                "worst {} ({group}, {bytes:+.0} B)",
                fmt_count(extra)
            )),
        );
    }
    // 2. Time: ours / the limit ≤ 1.00, the bar of issue 15, by medians and by fastest
    //    samples.
    for (variant, name) in ACTIX_OURS {
        for (figure, label) in [
            (
                ratio as fn(Option<Row>, Option<Row>) -> Option<f64>,
                "medians",
            ),
            (fastest_ratio, "fastest samples"),
        ] {
            let mut worst: Option<(f64, &str)> = None;
            let mut missing = false;
            for &group in &judged {
                match figure(g(group, variant), g(group, "limit")) {
                    Some(r) if worst.is_none_or(|(w, _)| r > w) => worst = Some((r, group)),
                    Some(_) => {}
                    None => missing = true,
                }
            }
            let ok = !missing && worst.is_some_and(|(r, _)| r <= LIMIT_MAX_RATIO);
            let _ = writeln!(
                out,
                "- {} {name} / limit ≤ {LIMIT_MAX_RATIO:.2} in every scenario, {label}: worst {}",
                verdict(ok),
                worst.map_or("–".to_owned(), |(r, group)| format!("{r:.2} ({group})")),
            );
        }
    }
    // Not a target: against actix-cors.
    for (variant, name) in ACTIX_OURS {
        let figures: Vec<f64> = ACTIX
            .iter()
            .filter_map(|(group, ..)| ratio(g(group, variant), g(group, "actix_cors")))
            .collect();
        if let (Some(low), Some(high)) = (
            figures.iter().copied().reduce(f64::min),
            figures.iter().copied().reduce(f64::max),
        ) {
            let _ = writeln!(
                out,
                "  (not a target: {name} / actix-cors, medians: {low:.2} to {high:.2})"
            );
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// The guard on writes and WebSocket handshakes (SPEC 10)

/// The guard's groups: group, title, short name, whether the policy allows the request's
/// origin.
const GUARD: [(&str, &str, &str, bool); 4] = [
    (
        "guard_allowed_post",
        "`POST`, allowed origin",
        "`POST`",
        true,
    ),
    ("guard_allowed_get", "`GET`, allowed origin", "`GET`", true),
    (
        "guard_refused_write",
        "`POST`, unlisted origin",
        "refused write",
        false,
    ),
    (
        "guard_refused_socket",
        "WebSocket handshake, unlisted origin",
        "refused WebSocket handshake",
        false,
    ),
];

/// The paths each group is measured on (variants `<path>_on` and `<path>_off`): path,
/// title, and whether the path allocates nothing of its own (axum's router does
/// allocate). The WebSocket handshake is measured on the first two only.
const GUARD_PATHS: [(&str, &str, bool); 4] = [
    ("decide", "`decide`", true),
    ("decide_write", "`decide` + headers / `403`", true),
    ("layer", "axum, `CorsLayer`", false),
    ("route", "axum, `route!`", false),
];

/// On an allowed request, the guard on / off must stay within this, by medians and by
/// fastest samples, on every path.
const GUARD_MAX_RATIO: f64 = 1.02;

/// One row of a table of two sides, unless neither was measured: `label`, the two cells in
/// the order given, then `num / den` by medians and by fastest samples, and `num − den`.
fn pair_row(
    out: &mut String,
    label: &str,
    cells: [Option<Row>; 2],
    num: Option<Row>,
    den: Option<Row>,
) {
    let [first, second] = cells;
    if first.is_none() && second.is_none() {
        return;
    }
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} | {} | {} |",
        cell(first),
        cell(second),
        fmt_ratio(ratio(num.clone(), den.clone())),
        fmt_ratio(fastest_ratio(num.clone(), den.clone())),
        difference(num, den).map_or("–".to_owned(), |d| format!("{d:+.1} ns")),
    );
}

/// `a − b` in nanoseconds of the median samples, within each round, then the median over
/// rounds.
fn difference(a: Option<Row>, b: Option<Row>) -> Option<f64> {
    let (a, b) = (a?, b?);
    Some(per_round(&[&a, &b], |r| r[0].time - r[1].time))
}

/// `11 / 1319 B`, with `+N grow / B` when something reallocated.
fn allocations(row: &Row) -> String {
    let mut text = format!("{} / {:.0} B", fmt_count(row.allocs), row.alloc_bytes);
    if row.grows > 0.0 {
        let _ = write!(
            text,
            " +{} grow / {:.0} B",
            fmt_count(row.grows),
            row.grow_bytes
        );
    }
    text
}

/// One side of a group's path (`on` or `off` for the guard, `literal` or `live` for the
/// live sets): `<path>_<side>`, or, where each side was measured twice, numbered in the
/// order the four ran (off, on, on, off: `<path>_1_off`, `<path>_2_on`, `<path>_3_on`,
/// `<path>_4_off`; literal, live, live, literal likewise), the two measurements as one
/// row: in each round the mean of their medians and the faster of their fastest samples,
/// the most of their allocations. `None` when a measurement is missing.
fn side_row(results: &Results, group: &str, path: &str, side: &str) -> Option<Row> {
    if let Some(row) = get(results, group, &format!("{path}_{side}")) {
        return Some(row);
    }
    let rows: Vec<Row> = (1..=4)
        .filter_map(|n| get(results, group, &format!("{path}_{n}_{side}")))
        .collect();
    let [a, b] = <[Row; 2]>::try_from(rows).ok()?;
    let rounds = if a.rounds.len() == b.rounds.len() {
        a.rounds
            .iter()
            .zip(&b.rounds)
            .map(|(a, b)| Round {
                time: (a.time + b.time) / 2.0,
                fastest: a.fastest.min(b.fastest),
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(Row {
        time: (a.time + b.time) / 2.0,
        fastest: a.fastest.min(b.fastest),
        allocs: a.allocs.max(b.allocs),
        alloc_bytes: a.alloc_bytes.max(b.alloc_bytes),
        grows: a.grows.max(b.grows),
        grow_bytes: a.grow_bytes.max(b.grow_bytes),
        rounds,
    })
}

/// The same allocations per request: counts, reallocations and bytes.
fn same_allocations(a: &Row, b: &Row) -> bool {
    (a.allocs - b.allocs).abs() < 0.01
        && (a.grows - b.grows).abs() < 0.01
        && (a.alloc_bytes - b.alloc_bytes).abs() < 0.5
        && (a.grow_bytes - b.grow_bytes).abs() < 0.5
}

/// The table and the targets of the guard: the 1-origin policy with the guard on and the
/// same policy with `dangerously_allow_cross_origin_writes`; `None` when the results have
/// no guard rows (an older divan output).
fn guard(results: &Results) -> Option<String> {
    let g = |group: &str, path: &str, side: &str| side_row(results, group, path, side);
    if !GUARD
        .iter()
        .any(|(group, ..)| g(group, "decide", "on").is_some())
    {
        return None;
    }
    let mut out = String::from(
        "The guard on writes and WebSocket handshakes (SPEC 10): the 1-origin policy of the \
         first table (guard on) against the same policy written with \
         `dangerously_allow_cross_origin_writes` (guard off), each request as a browser \
         sends it (`Sec-Fetch-Site: cross-site`). An allowed origin is trusted from the \
         origin check already made; with the guard on, a write or WebSocket handshake from \
         an unlisted origin is answered `403` before the handler, with it off it reaches the \
         handler. `decide` is `Policy::decide_request` alone; `decide` + headers / `403` adds \
         what the layers do with the decision (the headers written into the handler's \
         response, or the refusal built in the request's header map). On the allowed \
         requests, each side is measured twice per round, in the order off, on, on, off, \
         and its two measurements make one (the mean of their medians, the faster of their \
         fastest samples). Each cell as in the first table; ratios and differences within \
         each round, then the median over the rounds.\n\n\
         | request | measured | guard on | guard off | on / off | fastest: on / off | on − off |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for (group, title, ..) in GUARD {
        for (path, measured, _) in GUARD_PATHS {
            let (on, off) = (g(group, path, "on"), g(group, path, "off"));
            pair_row(
                &mut out,
                &format!("{title} | {measured}"),
                [on.clone(), off.clone()],
                on,
                off,
            );
        }
    }

    out.push_str("\nTargets (the guard, SPEC 10):\n\n");
    let allowed: Vec<(&str, &str)> = GUARD
        .iter()
        .filter(|(.., allowed)| *allowed)
        .map(|&(group, _, short, _)| (group, short))
        .collect();
    // 1. The guard costs at most 2 % on an allowed request, on every path.
    for (path, measured, _) in GUARD_PATHS {
        let judge = |figure: fn(Option<Row>, Option<Row>) -> Option<f64>| {
            let figures: Vec<(&str, Option<f64>)> = allowed
                .iter()
                .map(|&(group, title)| (title, figure(g(group, path, "on"), g(group, path, "off"))))
                .collect();
            let ok = figures
                .iter()
                .all(|(_, r)| r.is_some_and(|r| r <= GUARD_MAX_RATIO));
            let text: Vec<String> = figures
                .iter()
                .map(|(title, r)| format!("{title} {}", fmt_ratio(*r)))
                .collect();
            (verdict(ok), text.join(", "))
        };
        let (mark, text) = judge(ratio);
        let (fastest_mark, fastest_text) = judge(fastest_ratio);
        let _ = writeln!(
            out,
            "- {mark} allowed request, {measured}: guard on / off ≤ {GUARD_MAX_RATIO:.2}, \
             medians: {text}; fastest samples: {fastest_mark} {fastest_text}",
        );
    }
    // 2. The guard allocates nothing on an allowed request: the same allocations on and
    //    off, on every path.
    for (path, measured, _) in GUARD_PATHS {
        let mut ok = true;
        let mut text = Vec::new();
        for &(group, title) in &allowed {
            match (g(group, path, "on"), g(group, path, "off")) {
                (Some(on), Some(off)) => {
                    ok &= same_allocations(&on, &off);
                    text.push(format!(
                        "{title} {} on, {} off",
                        allocations(&on),
                        allocations(&off)
                    ));
                }
                _ => {
                    ok = false;
                    text.push(format!("{title} –"));
                }
            }
        }
        let _ = writeln!(
            out,
            "- {} allowed request, {measured}: the same allocations with and without the \
             guard: {}",
            verdict(ok),
            text.join("; "),
        );
    }
    // 3. No allocation at all where the path allocates nothing of its own: every request,
    //    guard on and off.
    for (path, measured, alone) in GUARD_PATHS {
        if !alone {
            continue;
        }
        let mut worst: Option<(f64, f64, String)> = None;
        let mut missing = false;
        for (group, ..) in GUARD {
            for side in ["on", "off"] {
                let Some(row) = g(group, path, side) else {
                    missing = true;
                    continue;
                };
                let count = row.allocs + row.grows;
                if worst.as_ref().is_none_or(|(w, ..)| count > *w) {
                    worst = Some((
                        count,
                        row.alloc_bytes + row.grow_bytes,
                        format!("{group}, {side}"),
                    ));
                }
            }
        }
        let _ = writeln!(
            out,
            "- {} {measured}: allocations per request = 0, every request, guard on and off: {}",
            verdict(!missing && worst.as_ref().is_some_and(|(w, ..)| *w <= 0.0)),
            worst.map_or("–".to_owned(), |(count, bytes, at)| format!(
                "worst {} ({at}, {bytes:.0} B)",
                fmt_count(count)
            )),
        );
    }
    // Not a target: what a refusal costs against letting the request through. Through
    // axum, the `403` replaces the handler's run; through `decide`, no handler runs on
    // either side, so the ratio is the price of the guard's checks and of the `403`.
    for (group, _, short, allowed) in GUARD {
        if allowed {
            continue;
        }
        let paths: Vec<String> = GUARD_PATHS
            .iter()
            .filter_map(|&(path, measured, alone)| {
                let (on, off) = (g(group, path, "on")?, g(group, path, "off")?);
                let mut text = format!(
                    "{measured} {} (fastest samples {})",
                    fmt_ratio(ratio(Some(on.clone()), Some(off.clone()))),
                    fmt_ratio(fastest_ratio(Some(on.clone()), Some(off.clone()))),
                );
                if !alone {
                    let _ = write!(
                        text,
                        ", {} against {} allocations",
                        allocations(&on),
                        allocations(&off)
                    );
                }
                Some(text)
            })
            .collect();
        let _ = writeln!(
            out,
            "  (not a target: {short}, guard on / off: {})",
            paths.join("; "),
        );
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Policies set up at run time: origins from the environment, policies from a builder

/// The 1- and 1000-origin policies against their twins set up at run time, actual
/// requests: group, title. Each group measures the literal policy as `literal_<path>`,
/// its `origins = env(...)` twin (the variable holding the same origins) as `env_<path>`
/// and its `Policy::builder()` twin (the same arguments) as `built_<path>`.
const FROM_ENV: [(&str, &str); 4] = [
    ("env_origins_0001", "1 exact origin, allowed"),
    ("env_origins_0001_refused", "1 exact origin, refused origin"),
    ("env_origins_1000", "1000 exact origins, allowed (last)"),
    (
        "env_origins_1000_refused",
        "1000 exact origins, refused origin",
    ),
];

/// What each group measures of the env-resolved policies: path, title, and whether the
/// path allocates nothing of its own (axum's router does allocate).
const FROM_ENV_PATHS: [(&str, &str, bool); 4] = [
    ("decide", "`decide`", true),
    ("decide_write", "`decide` + `write_headers`", true),
    ("layer", "axum, `CorsLayer`", false),
    ("route", "axum, `route!`", false),
];

/// What each group measures of the builder-built policies: the paths that take a
/// `&'static Policy` (`route!` takes `#[cors]` handlers only).
const FROM_BUILDER_PATHS: [(&str, &str, bool); 3] =
    [FROM_ENV_PATHS[0], FROM_ENV_PATHS[1], FROM_ENV_PATHS[2]];

/// A policy set up at run time / its literal twin must stay within this, by medians and
/// by fastest samples.
const TWIN_MAX_RATIO: f64 = 1.05;

/// One way to set the literal policies up at run time, as its table and targets name it.
struct Twin {
    /// The variants' prefix: `<side>_<path>`.
    side: &'static str,
    /// As the targets name these policies: `env-resolved`.
    name: &'static str,
    /// The table's column of these policies.
    column: &'static str,
    /// The table's ratio columns: `env / literal`.
    over: &'static str,
    /// The paragraph before the table.
    intro: &'static str,
    /// The line before the targets.
    targets: &'static str,
    paths: &'static [(&'static str, &'static str, bool)],
}

const FROM_ENV_TWIN: Twin = Twin {
    side: "env",
    name: "env-resolved",
    column: "`env(...)`",
    over: "env / literal",
    intro: "Origins from the environment: the 1- and 1000-origin policies above against the \
            same policies written `origins = env(\"NAME\")`, the variable holding the same \
            origins (resolved once, before measuring), actual requests. `decide` alone, \
            `decide` + `write_headers` into the handler's response, and through axum as in \
            the first table.",
    targets: "Targets (origins from the environment):",
    paths: &FROM_ENV_PATHS,
};

const FROM_BUILDER_TWIN: Twin = Twin {
    side: "built",
    name: "builder-built",
    column: "`Policy::builder()`",
    over: "builder / literal",
    intro: "Policies from a builder: the 1- and 1000-origin policies above against the same \
            policies built by `Policy::builder()` from the same arguments (built once, before \
            measuring, and checked first: the same `to_string()`, the same verdict on every \
            listed origin and a few others), actual requests, in the same groups as the \
            table above (the literal column is the same measurement). `decide` alone, \
            `decide` + `write_headers` into the handler's response, and through axum with \
            `CorsLayer` (`route!` takes `#[cors]` handlers only).",
    targets: "Targets (policies from a builder):",
    paths: &FROM_BUILDER_PATHS,
};

/// The table and the targets of the `env_origins_*` groups' env-resolved policies.
fn from_env(results: &Results) -> Option<String> {
    twins(results, &FROM_ENV_TWIN)
}

/// The table and the targets of the `env_origins_*` groups' builder-built policies.
fn from_builder(results: &Results) -> Option<String> {
    twins(results, &FROM_BUILDER_TWIN)
}

/// The table and the targets of one kind of run-time twin; `None` when the results hold
/// none of its rows (e.g. `--from` an older divan output).
fn twins(results: &Results, twin: &Twin) -> Option<String> {
    let g = |group: &str, side: &str, path: &str| get(results, group, &format!("{side}_{path}"));
    let (side, name, over) = (twin.side, twin.name, twin.over);
    if !FROM_ENV
        .iter()
        .any(|(group, _)| g(group, side, twin.paths[0].0).is_some())
    {
        return None;
    }
    let mut out = format!(
        "{}\n\n\
         | scenario | measured | literal `[...]` | {} | {over} | fastest samples: {over} |\n\
         |---|---|---|---|---|---|\n",
        twin.intro, twin.column,
    );
    for (group, title) in FROM_ENV {
        for &(path, measured, _) in twin.paths {
            let (literal, ours) = (g(group, "literal", path), g(group, side, path));
            let _ = writeln!(
                out,
                "| {title} | {measured} | {} | {} | {} | {} |",
                cell(literal.clone()),
                cell(ours.clone()),
                fmt_ratio(ratio(ours.clone(), literal.clone())),
                fmt_ratio(fastest_ratio(ours, literal)),
            );
        }
    }

    let _ = writeln!(out, "\n{}\n", twin.targets);
    // 1. run-time twin / literal <= 1.05 on every path, every scenario.
    for &(path, measured, _) in twin.paths {
        let worst = |figure: fn(Option<Row>, Option<Row>) -> Option<f64>| {
            let mut worst: Option<(f64, &str)> = None;
            let mut missing = false;
            for (group, _) in FROM_ENV {
                match figure(g(group, side, path), g(group, "literal", path)) {
                    Some(r) if worst.is_none_or(|(w, _)| r > w) => worst = Some((r, group)),
                    Some(_) => {}
                    None => missing = true,
                }
            }
            let ok = !missing && worst.is_some_and(|(r, _)| r <= TWIN_MAX_RATIO);
            let text = match worst {
                Some((r, group)) => format!("worst {r:.2} ({group})"),
                None => "–".to_owned(),
            };
            (verdict(ok), text)
        };
        let (mark, text) = worst(ratio);
        let (fastest_mark, fastest_text) = worst(fastest_ratio);
        let _ = writeln!(
            out,
            "- {mark} {name} / literal ≤ {TWIN_MAX_RATIO}, {measured}: {text}; \
             fastest samples: {fastest_mark} {fastest_text}",
        );
    }
    // 2. No allocation: none at all where the path allocates nothing of its own, none
    //    beyond the literal twin's through axum.
    for &(path, measured, alone) in twin.paths {
        let mut worst: Option<(f64, f64, &str)> = None;
        let mut missing = false;
        for (group, _) in FROM_ENV {
            let Some(ours) = g(group, side, path) else {
                missing = true;
                continue;
            };
            let floor = if alone {
                Some(Row::default())
            } else {
                g(group, "literal", path)
            };
            let Some(floor) = floor else {
                missing = true;
                continue;
            };
            let extra = ours.allocs + ours.grows - floor.allocs - floor.grows;
            let bytes = ours.alloc_bytes + ours.grow_bytes - floor.alloc_bytes - floor.grow_bytes;
            if worst.is_none_or(|(e, _, _)| extra > e) {
                worst = Some((extra, bytes, group));
            }
        }
        let what = if alone {
            "allocations per request = 0"
        } else {
            "allocations beyond the literal twin's = 0"
        };
        match worst {
            Some((extra, bytes, group)) => {
                let _ = writeln!(
                    out,
                    "- {} {name}, {measured}: {what}: worst {} ({group}, {bytes:+.0} B)",
                    verdict(!missing && extra <= 0.0),
                    fmt_count(extra),
                );
            }
            None => {
                let _ = writeln!(out, "- MISS {name}, {measured}: {what}: –");
            }
        }
    }
    // Not a target: 1000 / 1 origins for the run-time twins, as target 2 above has it for
    // the literal ones.
    let thousand_over_one: Vec<String> = twin
        .paths
        .iter()
        .map(|(path, measured, _)| {
            let r = ratio(
                g("env_origins_1000", side, path),
                g("env_origins_0001", side, path),
            );
            let fastest = fastest_ratio(
                g("env_origins_1000", side, path),
                g("env_origins_0001", side, path),
            );
            format!(
                "{measured} {} (fastest samples {})",
                fmt_ratio(r),
                fmt_ratio(fastest)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "  ({name}, 1000 exact origins / 1 origin, allowed: {})",
        thousand_over_one.join("; ")
    );
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Origin sets that change while serving (SPEC 11)

/// The live groups: group, title. Each measures the literal policy (`<path>_1_literal`,
/// `<path>_4_literal`) and its `live(...)` twin (`<path>_2_live`, `<path>_3_live`).
const LIVE: [(&str, &str); 4] = [
    ("live_0001_actual", "1 origin, `GET`"),
    ("live_0001_preflight", "1 origin, preflight"),
    ("live_1000_actual", "1000 origins (the middle one), `GET`"),
    (
        "live_1000_preflight",
        "1000 origins (the middle one), preflight",
    ),
];

/// The paths each live group is measured on: path, title, and whether the path allocates
/// nothing of its own (axum's router does allocate).
const LIVE_PATHS: [(&str, &str, bool); 3] = [
    ("decide", "`decide`", true),
    ("layer", "axum, `CorsLayer`", false),
    ("route", "axum, `route!`", false),
];

/// The changes measured (group `live_change`): variant, title.
const LIVE_CHANGES: [(&str, &str); 2] = [
    (
        "replace_1000",
        "`replace` of a set of 1000 origins with the same 1000",
    ),
    (
        "insert_1000",
        "`insert` of one new origin into a set of 1000",
    ),
];

/// A live set / the same origins written as literals must stay within this, by medians.
const LIVE_MAX_RATIO: f64 = 1.05;

/// The table and the targets of the live sets, and what a change costs; `None` when the
/// results have no live rows (an older divan output, or `--filter`).
fn live(results: &Results) -> Option<String> {
    let g = |group: &str, path: &str, side: &str| side_row(results, group, path, side);
    let changes: Vec<(&str, Row)> = LIVE_CHANGES
        .iter()
        .filter_map(|&(variant, title)| Some((title, get(results, "live_change", variant)?)))
        .collect();
    if changes.is_empty()
        && !LIVE
            .iter()
            .any(|(group, _)| g(group, "decide", "live").is_some())
    {
        return None;
    }
    let mut out = String::from(
        "Origin sets that change while serving (SPEC 11): the 1- and 1000-origin policies of \
         the first table against the same policies written `origins = [live(SET)]`, each set \
         filled with the same origins once, before measuring (and checked first: the same \
         verdict on every listed origin and a few others, the same answers on every path). \
         An allowed `GET` and a preflight, from the one origin or the middle one of the \
         1000. `decide` is `Policy::decide_request` alone; through axum as in the first \
         table. Each side is measured twice per round, in the order literal, live, live, \
         literal, and its two measurements make one (the mean of their medians, the faster \
         of their fastest samples). Each cell as in the first table; ratios and differences \
         within each round, then the median over the rounds.\n\n\
         | request | measured | literal `[...]` | `live(SET)` | live / literal \
         | fastest: live / literal | live − literal |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for (group, title) in LIVE {
        for (path, measured, _) in LIVE_PATHS {
            let (literal, live) = (g(group, path, "literal"), g(group, path, "live"));
            let cells = [literal.clone(), live.clone()];
            pair_row(
                &mut out,
                &format!("{title} | {measured}"),
                cells,
                live,
                literal,
            );
        }
    }

    out.push_str("\nTargets (origin sets that change while serving, SPEC 11):\n\n");
    // 1. A live set costs at most 5 % over the same origins written as literals, by
    //    medians, for 1 and 1000 origins, on every path.
    for (path, measured, _) in LIVE_PATHS {
        let figures = |figure: fn(Option<Row>, Option<Row>) -> Option<f64>| {
            let figures: Vec<(&str, Option<f64>)> = LIVE
                .iter()
                .map(|&(group, title)| {
                    (
                        title,
                        figure(g(group, path, "live"), g(group, path, "literal")),
                    )
                })
                .collect();
            let ok = figures
                .iter()
                .all(|(_, r)| r.is_some_and(|r| r <= LIVE_MAX_RATIO));
            let text: Vec<String> = figures
                .iter()
                .map(|(title, r)| format!("{title} {}", fmt_ratio(*r)))
                .collect();
            (ok, text.join("; "))
        };
        let (ok, text) = figures(ratio);
        let (_, fastest_text) = figures(fastest_ratio);
        let _ = writeln!(
            out,
            "- {} live / literal ≤ {LIVE_MAX_RATIO:.2}, {measured}, medians: {text} \
             (fastest samples, not judged: {fastest_text})",
            verdict(ok),
        );
    }
    // 2. A live set allocates nothing per request: the literal's allocations on every
    //    path, and none at all through `decide`.
    for (path, measured, alone) in LIVE_PATHS {
        let mut ok = true;
        let mut text = Vec::new();
        for (group, title) in LIVE {
            match (g(group, path, "live"), g(group, path, "literal")) {
                (Some(live), Some(literal)) => {
                    ok &= same_allocations(&live, &literal);
                    if alone {
                        ok &= live.allocs + live.grows <= 0.0;
                    }
                    text.push(format!(
                        "{title} {} live, {} literal",
                        allocations(&live),
                        allocations(&literal)
                    ));
                }
                _ => {
                    ok = false;
                    text.push(format!("{title} –"));
                }
            }
        }
        let what = if alone {
            "allocations per request = the literal's = 0"
        } else {
            "allocations per request = the literal's"
        };
        let _ = writeln!(
            out,
            "- {} {measured}: {what}: {}",
            verdict(ok),
            text.join("; ")
        );
    }

    // Not a target: what a change costs.
    if !changes.is_empty() {
        out.push_str(
            "\nWhat a change costs (not a target; group `live_change`): the new version \
             checked and laid out, swapped in, and the old one freed (no thread holds it). \
             Median and fastest sample per change, allocations per change.\n\n\
             | change | median | fastest | allocations |\n\
             |---|---|---|---|\n",
        );
        for (title, row) in changes {
            let _ = writeln!(
                out,
                "| {title} | {:.1} µs | {:.1} µs | {} |",
                row.time / 1e3,
                row.fastest / 1e3,
                allocations(&row),
            );
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Compile time

const HANDLERS: usize = 100;

/// `cargo check` of the `#[cors]` crate / the plain one must stay within this.
const COMPILE_MAX_RATIO: f64 = 2.0;

fn generate(dir: &Path, root: &Path, with_cors: bool) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let name = if with_cors { "cost-cors" } else { "cost-plain" };
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n\
         cors-runtime = {{ path = {:?}, features = [\"axum\"] }}\n\
         axum = {{ version = \"0.8.4\", default-features = false }}\n\n\
         [workspace]\n",
        root.join("cors-runtime").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock file: the same versions, nothing to resolve.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let mut src = String::from(
        "//! Generated by cors-benches: compile-time cost of `#[cors]`.\n\
         #![allow(missing_docs)]\n\
         #![allow(unused_imports)]\n\
         use axum::{Router, routing::get};\n\
         use cors_runtime::{cors, route};\n\n",
    );
    for i in 0..HANDLERS {
        if with_cors {
            let _ = writeln!(
                src,
                "#[cors(\n    origins = [\"https://app{i}.example.com\", \"https://*.example.com\", \
                 \"http://localhost:*\"],\n    methods = [GET],\n    allow_headers = \
                 [\"content-type\", \"x-request-id\"],\n    expose_headers = [\"x-request-id\"],\n    \
                 credentials,\n    max_age = 600,\n)]"
            );
        }
        let _ = writeln!(
            src,
            "pub async fn h{i}() -> &'static str {{\n    \"{i}\"\n}}\n"
        );
    }
    src.push_str("pub fn app() -> Router {\n    Router::new()\n");
    for i in 0..HANDLERS {
        if with_cors {
            let _ = writeln!(src, "        .route(\"/h{i}\", route![h{i}])");
        } else {
            let _ = writeln!(src, "        .route(\"/h{i}\", get(h{i}))");
        }
    }
    src.push_str("}\n");
    let path = dir.join("src/lib.rs");
    // Rewrite only on change, so that the dependencies stay built between runs.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(src.as_str()) {
        std::fs::write(path, src).unwrap();
    }
}

fn cargo_check(dir: &Path, target: &Path) -> f64 {
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(["check", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", target)
        // A full check of the crate, as CI does it: no incremental cache to lean on.
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .expect("cannot run cargo check");
    assert!(status.success(), "cargo check failed in {}", dir.display());
    started.elapsed().as_secs_f64()
}

fn touch(path: &Path) {
    let file = std::fs::File::options().append(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now()).unwrap();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn compile_cost(root: &Path, runs: usize) -> String {
    let base = target_dir(root).join("cors-compile-cost");
    let cors = base.join("cors");
    let plain = base.join("plain");
    let target = base.join("target");
    generate(&cors, root, true);
    generate(&plain, root, false);
    eprintln!(
        "compile time: building the dependencies of {} (once) ...",
        base.display()
    );
    cargo_check(&plain, &target);
    cargo_check(&cors, &target);
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for run in 0..runs {
        eprintln!("compile time: run {}/{runs}", run + 1);
        touch(&plain.join("src/lib.rs"));
        without.push(cargo_check(&plain, &target));
        touch(&cors.join("src/lib.rs"));
        with.push(cargo_check(&cors, &target));
    }
    let (with_median, without_median) = (median(with.clone()), median(without.clone()));
    let list = |v: &[f64]| {
        v.iter()
            .map(|s| format!("{s:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ratio = with_median / without_median;
    format!(
        "Compile time (`cargo check`, non-incremental, dependencies already built, median of \
         {runs}): {HANDLERS} `#[cors]` handlers mounted with `route!` {with_median:.2} s \
         ({} s); the same {HANDLERS} plain handlers mounted with `get` {without_median:.2} s \
         ({} s); ratio {ratio:.2}, {:.1} ms per `#[cors]` handler.\n\n\
         - {} 100 `#[cors]` handlers with `route!` / plain ≤ {COMPILE_MAX_RATIO:.1} (issue 15): \
         {ratio:.2}\n",
        list(&with),
        list(&without),
        (with_median - without_median) * 1000.0 / HANDLERS as f64,
        verdict(ratio <= COMPILE_MAX_RATIO),
    )
}
