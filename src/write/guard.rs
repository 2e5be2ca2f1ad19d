//! Which folders a build may replace. The atomic swap of [`super::Staging`]
//! replaces the whole output folder, so before anything is rendered the
//! output is checked here: a folder is gongkai's to replace only when it
//! does not exist yet, is empty, or carries the [`MARKER`] file that every
//! build writes. A foreign non-empty folder needs `--force`; and some
//! places are refused even then: the file-system root, the home folder, the
//! site folder itself or anything containing it, and anything inside the
//! site's sources (`content/`, `templates/`, `static/`, `i18n/`, `themes/`).

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::SITE_FOLDERS;

/// Written at the top of every output folder; its presence is what makes
/// a folder replaceable without `--force`.
pub const MARKER: &str = ".gongkai-output";

/// The marker's content: constant, so rebuilds stay byte-identical.
pub const MARKER_TEXT: &str = "This folder is written by `gongkai build` and is replaced whole by the next build.\n";

/// Folders of a site that hold sources, beside [`SITE_FOLDERS`].
const SOURCE_FOLDERS_EXTRA: [&str; 1] = ["themes"];

/// Checks that `output` may be replaced by a build of the site at `root`.
/// `force` allows replacing a foreign non-empty folder, nothing else.
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<()> {
    let out = absolute(output)?;
    let site = absolute(root)?;
    if let Some(reason) = forbidden(&site, &out) {
        return Err(Error::Usage(format!(
            "refusing to write the site to {}: {reason}. Choose another --output folder, e.g. `public`; \
             --force does not override this",
            output.display()
        )));
    }
    let meta = match fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("inspecting", output, e)),
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "refusing to write the site to {}: it is a file (or link), not a folder. \
             Choose another --output folder, or move that file away first",
            output.display()
        )));
    }
    if force || output.join(MARKER).is_file() || is_empty(output)? {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to replace {}: the folder is not empty and was not written by gongkai \
         (it has no {MARKER} file), so a build would delete what it holds. \
         Choose an empty or new --output folder, or pass --force to replace it anyway",
        output.display()
    )))
}

/// Why `out` may never be an output folder of the site at `site`, if so.
fn forbidden(site: &Path, out: &Path) -> Option<String> {
    if out.parent().is_none() {
        return Some("it is the root of the file system".into());
    }
    if home().is_some_and(|h| h == out) {
        return Some("it is your home folder".into());
    }
    if out == site {
        return Some("it is the site folder itself, which holds content/".into());
    }
    if site.starts_with(out) {
        return Some(format!("it contains the site folder {}", site.display()));
    }
    SITE_FOLDERS
        .iter()
        .chain(SOURCE_FOLDERS_EXTRA.iter())
        .find(|f| out.starts_with(site.join(f)))
        .map(|f| format!("it is inside the site's {f}/ folder, which holds sources"))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .and_then(|h| absolute(Path::new(&h)).ok())
}

fn is_empty(dir: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(dir).map_err(|e| Error::io("reading", dir, e))?;
    Ok(entries.next().is_none())
}

/// An absolute, normalised form of `p` that resolves symbolic links of the
/// part that exists, so `content/../content` and a link to `content/` are
/// both recognised; the part that does not exist yet is appended as written.
fn absolute(p: &Path) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| Error::io("reading the current folder", Path::new("."), e))?;
    let joined = cwd.join(p);
    let mut normal = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("content/plans")).unwrap();
        d
    }

    fn refused(root: &Path, out: &Path, force: bool) -> String {
        check_output(root, out, force).unwrap_err().to_string()
    }

    #[test]
    fn sources_and_the_site_are_refused_even_with_force() {
        let s = site();
        let root = s.path();
        for force in [false, true] {
            assert!(refused(root, &root.join("content"), force).contains("content/ folder"));
            assert!(refused(root, &root.join("content/plans/x"), force).contains("content/ folder"));
            assert!(refused(root, &root.join("themes/default"), force).contains("themes/ folder"));
            assert!(refused(root, root, force).contains("site folder itself"));
            assert!(refused(root, &root.join("content/../content"), force).contains("content/ folder"));
            assert!(refused(root, root.parent().unwrap(), force).contains("contains the site folder"));
            assert!(refused(root, Path::new("/"), force).contains("root of the file system"));
        }
    }

    #[test]
    fn foreign_folders_need_force_and_files_are_refused() {
        let s = site();
        let root = s.path();
        let out = root.join("report");
        fs::create_dir_all(&out).unwrap();
        check_output(root, &out, false).expect("an empty folder is fine");
        fs::write(out.join("thesis.docx"), "mine").unwrap();
        assert!(refused(root, &out, false).contains("--force"));
        check_output(root, &out, true).expect("--force allows a foreign folder");
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        check_output(root, &out, false).expect("a folder gongkai wrote");
        let file = root.join("public.txt");
        fs::write(&file, "x").unwrap();
        assert!(refused(root, &file, true).contains("is a file"));
        check_output(root, &root.join("new/public"), false).expect("a new folder");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_content_is_recognised() {
        let s = site();
        let root = s.path();
        std::os::unix::fs::symlink(root.join("content"), root.join("alias")).unwrap();
        assert!(refused(root, &root.join("alias"), true).contains("content/ folder"));
    }
}
