//! Errors: one typed enum for everything that can stop a build, and
//! [`Diagnostic`], a content mistake located at `file:line:column` with the
//! key path and a hint. Validation collects every diagnostic of a run before
//! failing, so editors see all their mistakes at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a content file (1-based line and column; 0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    pub fn new(line: u64, column: u64) -> Self {
        Pos { line, column }
    }
}

/// One mistake in the content, with everything needed to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path of the file, relative to the site root where possible.
    pub file: PathBuf,
    pub pos: Pos,
    /// Key path inside the file, e.g. `projects[3].targets[0].unit`.
    pub key: String,
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Diagnostic {
    pub fn new(file: &Path, pos: Pos, key: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            pos,
            key: key.into(),
            message: message.into(),
            hint: String::new(),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.pos.line > 0 {
            write!(f, ":{}:{}", self.pos.line, self.pos.column)?;
        }
        write!(f, ": ")?;
        if !self.key.is_empty() {
            write!(f, "{}: ", self.key)?;
        }
        write!(f, "{}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every way a build can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content has mistakes; all of them are listed.
    #[error("{}", list_diagnostics(.0))]
    Content(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A template (default theme or a site override) failed to compile or render.
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// A command-line value is wrong.
    #[error("{0}")]
    Usage(String),
    /// Building the search index failed.
    #[error("search index: {0}")]
    Search(String),
}

fn list_diagnostics(list: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in list {
        out.push_str("error: ");
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let n = list.len();
    out.push_str(&format!("{n} content error{} found", if n == 1 { "" } else { "s" }));
    out
}

impl Error {
    /// Wraps an IO error with the path it concerns.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The diagnostics, when this is a content error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Content(d) => d,
            _ => &[],
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_display_names_file_line_key_and_hint() {
        let d = Diagnostic::new(
            Path::new("content/regions.yaml"),
            Pos::new(3, 11),
            "[0].parent",
            "unknown region `hebi`",
        )
        .hint("did you mean `hebei`?");
        assert_eq!(
            d.to_string(),
            "content/regions.yaml:3:11: [0].parent: unknown region `hebi`\n  hint: did you mean `hebei`?"
        );
    }

    #[test]
    fn content_error_counts() {
        let d = Diagnostic::new(Path::new("a.yaml"), Pos::default(), "", "bad");
        let e = Error::Content(vec![d.clone(), d]);
        assert!(e.to_string().ends_with("2 content errors found"));
    }
}
