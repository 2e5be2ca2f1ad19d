//! Reading one YAML content file, in four steps, each with its own
//! diagnostics: **encoding** (UTF-8, with or without a byte-order mark;
//! a GBK/GB18030 file is named as such with the command that converts it),
//! **syntax** (with hints for the traps of Chinese input methods:
//! full-width colons and spaces, tabs), **shape** (every unknown key,
//! missing key and wrong type of the file at once, see [`super::shape`]),
//! and finally the typed value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::raw::S;
use super::shape::{self, Node};
use super::{Parsed, SourceSet};
use crate::error::{Diagnostic, Pos};

/// Parses one YAML file of `sources`. A missing optional file is `Ok(None)`;
/// a broken file gives every diagnostic found in it.
pub fn parse_file<T: DeserializeOwned + JsonSchema>(
    sources: &SourceSet,
    rel: &str,
    required: bool,
) -> Result<Option<Parsed<T>>, Vec<Diagnostic>> {
    let file = PathBuf::from(rel);
    let Some(bytes) = sources.get(rel) else {
        if required {
            return Err(vec![Diagnostic::new(
                &file,
                Pos::default(),
                "",
                "required file is missing",
            )
            .hint("see docs/content-model.md for what it holds")]);
        }
        return Ok(None);
    };
    let text = decode(&file, bytes).map_err(|d| vec![d])?;
    parse_text::<T>(&file, text).map(|value| Some(Parsed { file, value }))
}

/// A file read leniently: the value when it could be had (possibly after
/// repairs), every diagnostic, and the lines repaired.
pub struct Lenient<T> {
    pub parsed: Option<Parsed<T>>,
    pub diagnostics: Vec<Diagnostic>,
    pub repaired: Vec<u64>,
}

/// Like [`parse_file`] for a required file, but see [`parse_lenient`].
pub fn parse_file_lenient<T: DeserializeOwned + JsonSchema>(sources: &SourceSet, rel: &str) -> Lenient<T> {
    let file = PathBuf::from(rel);
    let text = match sources.get(rel).map(|b| decode(&file, b)) {
        Some(Ok(t)) => t,
        Some(Err(d)) => {
            return Lenient {
                parsed: None,
                diagnostics: vec![d],
                repaired: Vec::new(),
            }
        }
        None => {
            let d = Diagnostic::new(&file, Pos::default(), "", "required file is missing")
                .hint("see docs/content-model.md for what it holds");
            return Lenient {
                parsed: None,
                diagnostics: vec![d],
                repaired: Vec::new(),
            };
        }
    };
    let ((value, diagnostics), repaired) = parse_repairing::<T>(&file, text);
    Lenient {
        parsed: value.map(|value| Parsed { file, value }),
        diagnostics,
        repaired,
    }
}

/// Parses YAML text into `T`, reporting syntax, then all shape errors.
pub fn parse_text<T: DeserializeOwned + JsonSchema>(file: &Path, text: &str) -> Result<T, Vec<Diagnostic>> {
    match parse_lenient::<T>(file, text) {
        (Some(v), d) if d.is_empty() => Ok(v),
        (_, d) => Err(d),
    }
}

/// Like [`parse_text`], but a file whose only mistakes are unknown keys and
/// wrongly typed scalars is also *repaired* (those lines neutralised) and
/// parsed, so that its meaning can still be checked in the same run: the
/// value comes back with the shape diagnostics, and the lines that were
/// repaired, whose later diagnostics would only be artefacts.
pub fn parse_lenient<T: DeserializeOwned + JsonSchema>(file: &Path, text: &str) -> (Option<T>, Vec<Diagnostic>) {
    parse_repairing(file, text).0
}

/// [`parse_lenient`] plus the repaired line numbers.
#[allow(clippy::type_complexity)]
pub fn parse_repairing<T: DeserializeOwned + JsonSchema>(
    file: &Path,
    text: &str,
) -> ((Option<T>, Vec<Diagnostic>), Vec<u64>) {
    // Most files are right: the typed parse alone accepts them, and as the
    // raw types refuse unknown keys and the shape check is no stricter than
    // they are, it would find nothing. Only a file the typed parse refuses
    // is read again as a tree, to report all its mistakes at once.
    // An empty document reads as an empty list, where the check asks for
    // the list to be written.
    let typed_error = match serde_saphyr::from_str::<T>(text) {
        Ok(v) if has_content(text) => return ((Some(v), Vec::new()), Vec::new()),
        Ok(_) => None,
        Err(e) => Some(e),
    };
    let node: S<Node> = match serde_saphyr::from_str(text) {
        Ok(n) => n,
        Err(e) => return ((None, vec![yaml_diagnostic(file, text, &e)]), Vec::new()),
    };
    let shape_errors = shape::check(&node, &schema_of::<T>());
    if shape_errors.is_empty() {
        return match typed_error.map_or_else(|| serde_saphyr::from_str::<T>(text), Err) {
            Ok(v) => ((Some(v), Vec::new()), Vec::new()),
            Err(e) => ((None, vec![yaml_diagnostic(file, text, &e)]), Vec::new()),
        };
    }
    let repaired = super::repair::repair(text, &shape_errors);
    let diags = shape_errors
        .into_iter()
        .map(|e| Diagnostic::new(file, e.pos, e.key, e.message).hint(e.hint))
        .collect();
    match repaired.and_then(|(t, lines)| serde_saphyr::from_str::<T>(&t).ok().map(|v| (v, lines))) {
        Some((v, lines)) => ((Some(v), diags), lines),
        None => ((None, diags), Vec::new()),
    }
}

/// Whether `text` holds a YAML node: a line other than blanks and comments.
fn has_content(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#')
    })
}

/// The JSON Schema of `T` (generated once per type).
pub fn schema_of<T: JsonSchema>() -> Arc<serde_json::Value> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<serde_json::Value>>>> = OnceLock::new();
    let id = T::schema_id().into_owned();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().ok().and_then(|c| c.get(&id).cloned()) {
        return s;
    }
    let schema = Arc::new(serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default());
    if let Ok(mut c) = cache.lock() {
        c.insert(id, schema.clone());
    }
    schema
}

/// The file as UTF-8 text without its byte-order mark, or a diagnostic that
/// names the likely encoding, the first bad line and how to convert it.
fn decode<'a>(file: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let valid = &bytes[..err.valid_up_to()];
    let line = valid.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = valid
        .rsplit(|&b| b == b'\n')
        .next()
        .map_or(0, |l| String::from_utf8_lossy(l).chars().count()) as u64
        + 1;
    let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    let name = file.display();
    let d = if !had_errors && decoded.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        Diagnostic::new(file, Pos::new(line, column), "", "the file is not UTF-8: it looks like GBK/GB18030 (a Chinese Windows encoding)")
            .hint(format!(
                "save it as UTF-8 in your editor, or convert it: iconv -f GB18030 -t UTF-8 {name} > {name}.utf8 && mv {name}.utf8 {name}"
            ))
    } else {
        Diagnostic::new(file, Pos::new(line, column), "", "the file is not valid UTF-8 text")
            .hint("save the file as UTF-8 (without other encodings mixed in); the first bad byte is at this place")
    };
    Err(d)
}

/// Turns a YAML/serde error into a located diagnostic with a hint,
/// recognising the usual input-method slips on the offending line.
pub fn yaml_diagnostic(file: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e.location().map(|l| Pos::new(l.line(), l.column())).unwrap_or_default();
    let raw = e.without_snippet().to_string();
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    let hint = slip_hint(text, pos.line).unwrap_or_else(|| generic_hint(&message));
    Diagnostic::new(file, pos, "", message).hint(hint)
}

/// A hint for full-width punctuation or tabs used as YAML syntax near `line`.
fn slip_hint(text: &str, line: u64) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let from = line.saturating_sub(2) as usize;
    let to = (line as usize + 1).min(lines.len());
    for (i, l) in lines.iter().enumerate().take(to).skip(from) {
        let n = i + 1;
        let indent: String = l
            .chars()
            .take_while(|c| c.is_whitespace() || *c == '\u{3000}')
            .collect();
        if indent.contains('\t') {
            return Some(format!(
                "line {n} is indented with a tab: YAML indents with spaces only; replace the tab with spaces"
            ));
        }
        if indent.contains('\u{3000}') {
            return Some(format!("line {n} is indented with a full-width space (　): use ordinary spaces (switch the input method to half-width)"));
        }
        let key_part = l.trim_start().split(['"', '\'']).next().unwrap_or("");
        if key_part.chars().find(|c| matches!(c, ':' | '：')) == Some('：') {
            return Some(format!(
                "line {n} uses a full-width colon `：` after a key: YAML needs the ASCII colon and a space, `key: value` (switch the input method to half-width)"
            ));
        }
        if l.contains('，') && (l.contains('{') || l.contains('[')) && !l.contains('"') {
            return Some(format!("line {n} separates items with a full-width comma `，` inside {{…}} or […]: use the ASCII comma `,`, or quote the text"));
        }
    }
    None
}

fn generic_hint(message: &str) -> String {
    let field = message.split('`').nth(1).unwrap_or("");
    if message.starts_with("unknown field") && field.contains(' ') {
        "a comma inside `{zh: …, en: …}` ends the value: put text that contains a comma in quotes"
    } else if message.starts_with("unknown field") {
        "remove the key or correct its spelling (see docs/content-model.md)"
    } else if message.starts_with("missing field") {
        "add the required key (see docs/content-model.md)"
    } else if message.starts_with("invalid") {
        "write a plain number in base units, e.g. 120000 rather than 12万"
    } else if message.contains("indicator") || message.contains("flow") {
        "check for an unclosed `[` or `{` on this or an earlier line, and quote text that contains `:`, `#`, `[` or `{`"
    } else if message.contains("duplicate") {
        "each key may appear once in a mapping: remove or rename the second one"
    } else {
        "check the YAML syntax and indentation at this place"
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::RawRegion;

    fn errs(bytes: &[u8]) -> Vec<Diagnostic> {
        let mut s = SourceSet::default();
        s.insert("content/regions.yaml", bytes.to_vec());
        parse_file::<Vec<RawRegion>>(&s, "content/regions.yaml", true).unwrap_err()
    }

    #[test]
    fn gbk_is_named_with_its_conversion() {
        let (gbk, _, _) = encoding_rs::GBK.encode("- id: a\n  name: {zh: 甲省}\n  level: province\n");
        let d = &errs(&gbk)[0];
        assert_eq!(d.pos, Pos::new(2, 14));
        assert!(d.message.contains("GBK/GB18030"), "{}", d.message);
        assert!(
            d.hint.contains("iconv -f GB18030 -t UTF-8 content/regions.yaml"),
            "{}",
            d.hint
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let mut s = SourceSet::default();
        s.insert("r.yaml", "\u{feff}- id: a\r\n  name: {zh: 甲}\r\n  level: province\r\n");
        let r = parse_file::<Vec<RawRegion>>(&s, "r.yaml", true).unwrap().unwrap();
        assert_eq!(r.value[0].id.value, "a");
    }

    #[test]
    fn input_method_slips_are_explained() {
        let d = &errs("- id: a\n  name：{zh: 甲}\n  level: province\n".as_bytes())[0];
        assert!(d.hint.contains("full-width colon"), "{d}");
        let d = &errs("- id: a\n\tname: {zh: 甲}\n".as_bytes())[0];
        assert!(d.hint.contains("tab"), "{d}");
    }
}
