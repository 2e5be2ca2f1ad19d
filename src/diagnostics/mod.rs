//! Diagnostics for people and for machines. [`render`] shows one
//! diagnostic the way compilers do — `file:line:column`, the key path, the
//! offending source line with the spot underlined, and the hint — in
//! English or Chinese ([`zh`]); [`json_report`] gives the same facts to a
//! CI bot. The diagnostics themselves are made where mistakes are found
//! (`load`, `validate`); this module only presents them.

pub mod zh;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Message and hint in `lang` (English where the catalog has no Chinese).
pub fn localise(d: &Diagnostic, lang: Lang) -> (String, String) {
    match lang {
        Lang::En => (d.message.clone(), d.hint.clone()),
        Lang::Zh => (
            zh::to_zh(&d.message).unwrap_or_else(|| d.message.clone()),
            if d.hint.is_empty() {
                String::new()
            } else {
                zh::to_zh(&d.hint).unwrap_or_else(|| d.hint.clone())
            },
        ),
    }
}

/// One diagnostic for a terminal. `line` is the text of the line it points
/// at, when its file can be read ([`Sources::line`]), to show the spot;
/// `color` for ANSI styling.
pub fn render(d: &Diagnostic, severity: Severity, lang: Lang, line: Option<&str>, color: bool) -> String {
    let (message, hint) = localise(d, lang);
    let (level, name) = match (severity, lang) {
        (Severity::Error, Lang::En) => (Level::ERROR, "error"),
        (Severity::Error, Lang::Zh) => (Level::ERROR, "错误"),
        (Severity::Warning, Lang::En) => (Level::WARNING, "warning"),
        (Severity::Warning, Lang::Zh) => (Level::WARNING, "警告"),
    };
    let title = if d.key.is_empty() {
        message.clone()
    } else {
        format!("{}: {message}", d.key)
    };
    let path = location(d);
    let head = level.with_name(name).primary_title(title.clone());
    let line = line.filter(|_| d.pos.line > 0);
    let shown_path = line.is_some();
    let group = match line {
        Some(line) => head.element(
            Snippet::source(line)
                .line_start(d.pos.line as usize)
                .path(d.file.display().to_string().replace('\\', "/"))
                .annotation(AnnotationKind::Primary.span(underline(line, d.pos.column))),
        ),
        None => Group::with_title(head),
    };
    let help = if lang == Lang::Zh { "提示" } else { "help" };
    let mut report = vec![group];
    if !hint.is_empty() {
        report.push(Group::with_title(Level::HELP.with_name(help).secondary_title(hint)));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let body = renderer.render(&report).to_string();
    if shown_path {
        body
    } else {
        // No source line to show: name the place on the first line.
        format!(
            "{name}: {path}: {title}{}",
            body.split_once('\n')
                .map(|(_, rest)| format!("\n{rest}"))
                .unwrap_or_default()
        )
    }
}

/// `file:line:column`, or the file alone when the place is unknown.
pub fn location(d: &Diagnostic) -> String {
    let file = d.file.display().to_string().replace('\\', "/");
    if d.pos.line > 0 {
        format!("{file}:{}:{}", d.pos.line, d.pos.column)
    } else {
        file
    }
}

/// The byte range of the token starting at 1-based character `column`.
fn underline(line: &str, column: u64) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let rest = &line[start..];
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | '}' | ']'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if len == 0 {
        let next = rest.chars().next().map_or(0, char::len_utf8);
        start..start + next
    } else {
        start..start + len
    }
}

#[derive(Serialize)]
struct JsonDiagnostic {
    severity: Severity,
    file: String,
    line: u64,
    column: u64,
    key: String,
    message: String,
    hint: String,
}

/// A machine-readable report: every diagnostic with its place, plus the
/// caller's `summary` object.
pub fn json_report(errors: &[Diagnostic], warnings: &[Diagnostic], lang: Lang, summary: serde_json::Value) -> String {
    let item = |d: &Diagnostic, severity| {
        let (message, hint) = localise(d, lang);
        JsonDiagnostic {
            severity,
            file: d.file.display().to_string().replace('\\', "/"),
            line: d.pos.line,
            column: d.pos.column,
            key: d.key.clone(),
            message,
            hint,
        }
    };
    let list: Vec<JsonDiagnostic> = errors
        .iter()
        .map(|d| item(d, Severity::Error))
        .chain(warnings.iter().map(|d| item(d, Severity::Warning)))
        .collect();
    let doc = serde_json::json!({
        "errors": errors.len(),
        "warnings": warnings.len(),
        "diagnostics": list,
        "summary": summary,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The files a list of diagnostics points into (relative to the site
/// root), each read once and its lines found once: a synthetic corpus of
/// 100,000 projects has 55,000 warnings in one 8,000-line `regions.yaml`,
/// which read per warning took longer than the build's writing.
pub struct Sources {
    files: HashMap<PathBuf, Option<Lines>>,
}

/// A file's text and the byte offset where each line starts.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Sources {
    /// Reads every file `list` names; a file that cannot be read shows its
    /// diagnostics without a source line.
    pub fn read(root: &Path, list: &[Diagnostic]) -> Sources {
        let mut files = HashMap::new();
        for d in list {
            files.entry(d.file.clone()).or_insert_with(|| {
                let bytes = std::fs::read(root.join(&d.file)).ok()?;
                Some(Lines::new(String::from_utf8_lossy(&bytes).into_owned()))
            });
        }
        Sources { files }
    }

    /// The text (without its line break) of the line `d` points at.
    pub fn line(&self, d: &Diagnostic) -> Option<&str> {
        let n = usize::try_from(d.pos.line).ok()?.checked_sub(1)?;
        self.files.get(&d.file)?.as_ref()?.line(n)
    }
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .filter(|&i| i < text.len())
            .collect();
        Lines { text, starts }
    }

    /// Line `n` (0-based) as `str::lines` gives it: no `\n` or `\r\n`.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n)?;
        let end = self.starts.get(n + 1).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pos;

    #[test]
    fn the_spot_is_underlined_under_its_line() {
        let d = Diagnostic::new(
            Path::new("content/regions.yaml"),
            Pos::new(3, 3),
            "[0].levle",
            "unknown field `levle`",
        )
        .hint("did you mean `level`?");
        let src = Lines::new("- id: a\n  name: {zh: 甲}\n  levle: province\n".into());
        let out = render(&d, Severity::Error, Lang::En, src.line(2), false);
        assert!(out.starts_with("error: [0].levle: unknown field `levle`"), "{out}");
        assert!(out.contains("--> content/regions.yaml:3:3"), "{out}");
        assert!(out.contains("3 |   levle: province"), "{out}");
        assert!(out.contains("  ^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `level`?"), "{out}");
        let zh = render(&d, Severity::Error, Lang::Zh, src.line(2), false);
        assert!(zh.starts_with("错误: [0].levle: 未知的键 `levle`"), "{zh}");
        assert!(zh.contains("提示: 是不是 `level`？"), "{zh}");
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\n", "甲\n乙\r\n\n丙"] {
            let lines = Lines::new(text.to_string());
            let found: Vec<&str> = (0..).map_while(|n| lines.line(n)).collect();
            assert_eq!(found, text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn each_file_is_read_once_and_a_missing_one_shows_no_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "one\ntwo\nthree\n").unwrap();
        let at = |file: &str, line| Diagnostic::new(Path::new(file), Pos::new(line, 1), "k", "m");
        let list = [
            at("a.yaml", 2),
            at("a.yaml", 3),
            at("gone.yaml", 1),
            at("a.yaml", 9),
            at("a.yaml", 0),
        ];
        let sources = Sources::read(dir.path(), &list);
        assert_eq!(sources.files.len(), 2);
        let lines: Vec<Option<&str>> = list.iter().map(|d| sources.line(d)).collect();
        assert_eq!(lines, [Some("two"), Some("three"), None, None, None]);
    }

    #[test]
    fn json_names_every_place() {
        let d = Diagnostic::new(Path::new("a.yaml"), Pos::new(2, 5), "x", "unknown field `x`");
        let v: serde_json::Value =
            serde_json::from_str(&json_report(&[d], &[], Lang::En, serde_json::json!({}))).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["line"], 2);
        assert_eq!(v["diagnostics"][0]["severity"], "error");
    }
}
