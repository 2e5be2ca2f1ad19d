//! The integrity manifest: `manifest.sha256` at the top of every output
//! folder, in the format of `sha256sum` (`<hex>  <path>`, one file a line,
//! sorted by path), listing every file the build wrote except itself and
//! the [`super::guard::MARKER`] (a dotfile that deployments and mirrors
//! usually leave out, and which says nothing about the site's content).
//! Hashes are computed from the bytes as they are written, in parallel
//! ([`super::Staging::write`]); [`crate::verify`] reads the manifest back.
//!
//! A path that holds a backslash or a line break is written the way GNU
//! `sha256sum` does: the line starts with `\` and those characters are
//! escaped, so `sha256sum -c manifest.sha256` checks the same files.

use sha2::{Digest, Sha256};

/// The manifest's file name, at the top of the output folder.
pub const MANIFEST: &str = "manifest.sha256";

/// SHA-256 of `bytes` as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The manifest text of `entries` (`(path, hex)`), sorted by path bytes.
pub fn render(entries: &mut [(String, String)]) -> String {
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = String::with_capacity(entries.len() * 100);
    for (path, hash) in entries.iter() {
        if path.contains(['\\', '\n', '\r']) {
            let escaped = path.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r");
            out.push_str(&format!("\\{hash}  {escaped}\n"));
        } else {
            out.push_str(&format!("{hash}  {path}\n"));
        }
    }
    out
}

/// One line of a manifest could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// Parses manifest text into `(path, hex)` pairs in file order. Accepts
/// both `sha256sum` modes (`<hex>  path` and `<hex> *path`) and escaped
/// lines; skips blank lines.
pub fn parse(text: &str) -> Result<Vec<(String, String)>, LineError> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let err = |message: &str| LineError {
            line: i + 1,
            message: message.to_string(),
        };
        let (escaped, line) = match raw.strip_prefix('\\') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let (hash, rest) = line
            .split_at_checked(64)
            .ok_or_else(|| err("expected 64 hex digits, two spaces and a path"))?;
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(err("the hash is not 64 hex digits"));
        }
        let path = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .ok_or_else(|| err("expected two spaces (or ` *`) between the hash and the path"))?;
        if path.is_empty() {
            return Err(err("the path is empty"));
        }
        let path = if escaped { unescape(path) } else { path.to_string() };
        out.push((path, hash.to_ascii_lowercase()));
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        // sha256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn sorted_by_path_and_round_trips() {
        let h = sha256_hex(b"");
        let mut entries = vec![
            ("en/index.html".to_string(), h.clone()),
            ("404.html".to_string(), h.clone()),
            ("a\\b\nc".to_string(), h.clone()),
        ];
        let text = render(&mut entries);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("{h}  404.html"));
        assert_eq!(lines[1], format!("\\{h}  a\\\\b\\nc"));
        assert_eq!(lines[2], format!("{h}  en/index.html"));
        assert_eq!(parse(&text).unwrap(), entries.to_vec());
    }

    #[test]
    fn binary_mode_and_errors() {
        let h = sha256_hex(b"x");
        assert_eq!(
            parse(&format!("{h} *a.txt\n")).unwrap(),
            vec![("a.txt".into(), h.clone())]
        );
        assert_eq!(parse("zz  a\n").unwrap_err().line, 1);
        assert_eq!(parse(&format!("\n{h} a\n")).unwrap_err().line, 2);
    }
}
