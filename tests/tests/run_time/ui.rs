//! Reading `tests/ui/fail`: each file's code (comment lines blanked, so offsets and lines
//! stay), and the errors of its `.stderr` with where they point.

use std::path::{Path, PathBuf};

/// One compile-fail case.
pub(crate) struct UiFile {
    pub(crate) name: String,
    /// The source, with `//` comment lines blanked.
    pub(crate) code: String,
    /// Message, help, line and column of each error of its `.stderr`.
    pub(crate) errors: Vec<(String, String, usize, usize)>,
}

/// Every file of `tests/ui/fail`, by name.
pub(crate) fn read_all() -> Vec<UiFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/fail");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/ui/fail")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let source = std::fs::read_to_string(&path).expect("a ui source");
            let stderr = std::fs::read_to_string(path.with_extension("stderr")).expect("a .stderr");
            // Comment lines say what a case is about; they are not code.
            let code = source
                .lines()
                .map(|line| {
                    if line.trim_start().starts_with("//") {
                        ""
                    } else {
                        line
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            UiFile {
                name,
                code,
                errors: errors(&stderr),
            }
        })
        .collect()
}

/// The string literals of the bracketed list opening at `open` (a `[`), each with its
/// byte offset (of the opening quote) and its value; `None` if an element is not a string
/// literal.
pub(crate) fn string_literals(code: &str, open: usize) -> Option<Vec<(usize, String)>> {
    let bytes = code.as_bytes();
    let mut literals = Vec::new();
    let mut at = open + 1;
    let mut expect_item = true;
    while at < bytes.len() {
        match bytes[at] {
            b']' => return Some(literals),
            b'"' if expect_item => {
                let (value, end) = unescape(code, at)?;
                literals.push((at, value));
                at = end;
                expect_item = false;
                continue;
            }
            b',' if !expect_item => expect_item = true,
            b if b.is_ascii_whitespace() => {}
            _ => return None,
        }
        at += 1;
    }
    None
}

/// The value of the string literal starting at `start` and the offset after it.
pub(crate) fn unescape(code: &str, start: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = code[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, start + 1 + i + 1)),
            '\\' => {
                let (_, escape) = chars.next()?;
                value.push(match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    '\\' | '"' | '\'' => escape,
                    'u' => {
                        let rest = &code[start + 1 + i + 2..];
                        let close = rest.find('}')?;
                        let hex = rest.get(1..close)?;
                        for _ in 0..=close {
                            chars.next();
                        }
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                    }
                    _ => return None,
                });
            }
            c => value.push(c),
        }
    }
    None
}

/// Whether offset `at` lies inside a string literal of `code` (quotes counted from the
/// start, escapes skipped).
pub(crate) fn in_string(code: &str, at: usize) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for b in code.as_bytes()[..at].iter() {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// The errors of a `.stderr`: message, help, and the line and column they point at.
fn errors(stderr: &str) -> Vec<(String, String, usize, usize)> {
    stderr
        .split("\nerror: ")
        .filter_map(|block| {
            let block = block.strip_prefix("error: ").unwrap_or(block);
            let (message, rest) = block.split_once("\n\n")?;
            let help = rest.trim_start().strip_prefix("= help: ")?;
            let (help, rest) = help.split_once('\n')?;
            let location = rest.trim_start().strip_prefix("--> ")?;
            let location = location.lines().next()?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((message.to_owned(), help.to_owned(), line, column))
        })
        .collect()
}

/// The byte offset of 1-based `line` and character `column` in `code`.
pub(crate) fn offset(code: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = code.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
    let text = code.split('\n').nth(line - 1)?;
    let within = text.char_indices().nth(column - 1).map(|(i, _)| i)?;
    Some(start + within)
}
