//! Shared helpers for integration tests: copy a fixture site into a temp
//! folder, build it, and read the output as parsed HTML.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use gongkai::{build, BuildOptions, BuildSummary};
use scraper::{Html, Selector};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn shipped_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies `src` (a site folder) into a new temp dir; returns the temp dir.
pub fn copy_site(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "templates", "static", "i18n"] {
        let from = src.join(folder);
        if !from.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(src).unwrap();
            let to = dir.path().join(rel);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
    }
    dir
}

/// Replaces the first occurrence of `from` in a site file (must exist).
pub fn patch(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let s = fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{rel} does not contain {from:?}");
    fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

/// Builds without the search index, which only `tests/search.rs` and the
/// rebuild test look at (indexing is slow in debug builds).
pub fn build_to(root: &Path, out: &Path, base_url: Option<&str>) -> gongkai::error::Result<BuildSummary> {
    build_with(root, out, base_url, false)
}

pub fn build_with(
    root: &Path,
    out: &Path,
    base_url: Option<&str>,
    search: bool,
) -> gongkai::error::Result<BuildSummary> {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: base_url.map(String::from),
        force: false,
        search,
    })
}

/// Every `.html` file under `dir`, relative, sorted.
pub fn html_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    v.sort();
    v
}

pub fn parse(dir: &Path, rel: &str) -> Html {
    Html::parse_document(&fs::read_to_string(dir.join(rel)).unwrap())
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

pub fn text_of(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

/// Maps a link found in the page written at `page` (relative to the output
/// folder, e.g. `en/plans/index.html`) to the output file it names, as a
/// browser resolves it: a root-relative URL (`/sub/en/plans/`) or one
/// relative to the page (`../regions/`). `None` when it leaves `base_path`.
pub fn url_to_file(base_path: &str, page: &str, url: &str) -> Option<String> {
    let path = url.split('#').next().unwrap();
    let absolute = if path.starts_with('/') {
        path.to_string()
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        resolve_dots(&format!("{base_path}{dir}{path}"))
    };
    let rel = absolute.strip_prefix(base_path)?;
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// Removes `.` and `..` segments from an absolute path, as URL resolution
/// does (`..` at the root stays at the root).
fn resolve_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if i == last && (*seg == "." || *seg == "..") {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

/// Every file (any kind) under `dir` with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Patches `rel` in a copy of `site` so that a value no longer matches its
/// quote, and asserts that `check` warns about exactly that value.
pub fn assert_value_not_in_quote_warns(site: &Path, rel: &str, from: &str, to: &str, value: &str) {
    let copy = copy_site(site);
    patch(copy.path(), rel, from, to);
    let report = gongkai::check(copy.path()).unwrap();
    let expected = format!("{value} does not appear in the quote");
    assert!(
        report.warnings.iter().any(|w| w.message == expected),
        "{:?}",
        report.warnings
    );
}

/// The shipped site, built once per test binary into cargo's temporary
/// folder for integration tests (replaced on the next run).
pub fn shipped_site() -> &'static Path {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("shipped-{}", env!("CARGO_CRATE_NAME")));
        build_to(&shipped_root(), &out, Some("https://example.gov.cn/minsheng/")).unwrap();
        out
    })
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts_of(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
