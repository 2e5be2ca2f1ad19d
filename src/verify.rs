//! `gongkai verify`: prove that a copy of the site (a deployed folder, or a
//! mirror fetched over HTTP) is the approved build. Reads the build's
//! `manifest.sha256` (or an approved manifest kept elsewhere), hashes every
//! file of the folder in parallel and names every file that is **altered**
//! (different bytes), **missing** (listed, not there) or **extra** (there,
//! not listed). The build's `.gongkai-output` marker is not content and
//! never counts; nor does the folder's own `manifest.sha256`, except that
//! with an approved manifest kept elsewhere it must equal that one (or,
//! when the approved manifest lists `manifest.sha256`, match its hash).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::write::guard::MARKER;
use crate::write::manifest::{self, MANIFEST};

/// What a difference between the folder and the manifest is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    Altered,
    Missing,
    Extra,
}

impl Problem {
    pub fn word(self) -> &'static str {
        match self {
            Problem::Altered => "altered",
            Problem::Missing => "missing",
            Problem::Extra => "extra",
        }
    }
}

/// The result of checking a folder against a manifest.
#[derive(Debug, Clone, Default)]
pub struct VerifyReport {
    /// Files the manifest lists.
    pub listed: usize,
    /// Files found in the folder (manifest and marker not counted).
    pub found: usize,
    /// Every difference, sorted by path.
    pub problems: Vec<(Problem, String)>,
}

impl VerifyReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn count(&self, p: Problem) -> usize {
        self.problems.iter().filter(|(q, _)| *q == p).count()
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (p, path) in &self.problems {
            writeln!(f, "{:<8} {path}", p.word())?;
        }
        if self.is_ok() {
            write!(f, "OK: all {} files match the manifest", self.listed)
        } else {
            write!(
                f,
                "FAILED: {} altered, {} missing, {} extra ({} files listed, {} found)",
                self.count(Problem::Altered),
                self.count(Problem::Missing),
                self.count(Problem::Extra),
                self.listed,
                self.found
            )
        }
    }
}

/// Checks `dir` against `manifest_file`, or `dir/manifest.sha256` when
/// `None`. An unreadable or malformed manifest is an error, not a report.
pub fn verify(dir: &Path, manifest_file: Option<&Path>) -> Result<VerifyReport> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!("{} is not a folder", dir.display())));
    }
    let own = dir.join(MANIFEST);
    let path = manifest_file.map(Path::to_path_buf).unwrap_or_else(|| own.clone());
    let text = fs::read(&path).map_err(|e| Error::io("reading", &path, e))?;
    let text = String::from_utf8(text).map_err(|_| Error::Usage(format!("{} is not UTF-8 text", path.display())))?;
    let mut listed =
        manifest::parse(&text).map_err(|e| Error::Usage(format!("{}:{}: {}", path.display(), e.line, e.message)))?;
    listed.sort();
    // A manifest that lists `manifest.sha256` (one written over a whole
    // deployed folder) checks it like any file; else it is not content.
    let lists_itself = listed.iter().any(|(p, _)| p == MANIFEST);
    let mut found = files_of(dir)?;
    found.retain(|p| p != MARKER && (p != MANIFEST || lists_itself));
    let actual: Vec<(String, Option<String>)> = found
        .par_iter()
        .map(|rel| fs::read(dir.join(rel)).map(|b| (rel.clone(), Some(manifest::sha256_hex(&b)))))
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io("reading a file in", dir, e))?;
    let mut report = compare(&listed, &actual);
    report.listed = listed.len();
    report.found = actual.len();
    if manifest_file.is_some() && !lists_itself && own.is_file() {
        let theirs = fs::read(&own).map_err(|e| Error::io("reading", &own, e))?;
        if theirs != text.as_bytes() {
            report.problems.push((Problem::Altered, MANIFEST.to_string()));
        }
    }
    report.problems.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(report)
}

/// Differences between `listed` and `actual`, both sorted by path.
fn compare(listed: &[(String, String)], actual: &[(String, Option<String>)]) -> VerifyReport {
    let mut problems = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < listed.len() || j < actual.len() {
        let order = match (listed.get(i), actual.get(j)) {
            (Some(l), Some(a)) => l.0.cmp(&a.0),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, _) => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                problems.push((Problem::Missing, listed[i].0.clone()));
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                problems.push((Problem::Extra, actual[j].0.clone()));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                if actual[j].1.as_deref() != Some(listed[i].1.as_str()) {
                    problems.push((Problem::Altered, listed[i].0.clone()));
                }
                i += 1;
                j += 1;
            }
        }
    }
    VerifyReport {
        problems,
        ..VerifyReport::default()
    }
}

/// Every file below `dir`, as `/`-separated relative paths, sorted.
/// Symbolic links are followed, as a web server would.
fn files_of(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = entry.map_err(|e| {
            let p = e.path().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(dir));
            Error::io("listing", &p, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.push(parts.join("/"));
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_names_every_kind() {
        let h = |s: &str| s.to_string();
        let listed = vec![(h("a"), h("1")), (h("b"), h("2")), (h("c"), h("3"))];
        let actual = vec![(h("a"), Some(h("1"))), (h("b"), Some(h("9"))), (h("d"), Some(h("4")))];
        let r = compare(&listed, &actual);
        assert_eq!(
            r.problems,
            vec![
                (Problem::Altered, h("b")),
                (Problem::Missing, h("c")),
                (Problem::Extra, h("d"))
            ]
        );
    }
}
