//! The output folder is gongkai's only when it says so: every refused or
//! failed build is shown to leave every file of the site and its
//! surroundings exactly as it was (compared byte for byte before and after).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// A temp folder holding a copy of the minimal site in `site/` and a
/// neighbour folder `docs/` with a file that is nobody's business.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let site = copy_site(&fixture("minimal"));
    let to = ws.path().join("site");
    fs::rename(site.path(), &to)
        .or_else(|_| copy_tree(site.path(), &to))
        .unwrap();
    fs::create_dir_all(ws.path().join("docs")).unwrap();
    fs::write(ws.path().join("docs/thesis.docx"), "four years of work").unwrap();
    ws
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest)?;
        } else {
            fs::copy(e.path(), &dest)?;
        }
    }
    Ok(())
}

fn build_into(ws: &Path, output: &Path, force: bool) -> gongkai::error::Result<gongkai::BuildSummary> {
    gongkai::build(&gongkai::BuildOptions {
        root: ws.join("site"),
        output: output.to_path_buf(),
        base_url: None,
        force,
        search: false,
    })
}

/// Asserts that building into `output` is refused with a message containing
/// `says`, and that no file anywhere in the workspace changed.
fn assert_refused(ws: &Path, output: &Path, force: bool, says: &str) {
    let before = snapshot(ws);
    let err = build_into(ws, output, force).expect_err("the build must be refused");
    assert!(err.to_string().contains(says), "{err}");
    assert_eq!(snapshot(ws), before, "a refused build changed files");
}

#[test]
fn sources_and_the_site_folder_are_never_replaced() {
    let ws = workspace();
    let w = ws.path();
    for force in [false, true] {
        assert_refused(w, &w.join("site/content"), force, "content/ folder");
        assert_refused(w, &w.join("site/content/plans"), force, "content/ folder");
        assert_refused(w, &w.join("site"), force, "site folder itself");
        assert_refused(w, w, force, "contains the site folder");
        assert_refused(w, &w.join("site/templates"), force, "templates/ folder");
    }
}

#[test]
fn a_foreign_folder_is_replaced_only_with_force() {
    let ws = workspace();
    let w = ws.path();
    let docs = w.join("docs");
    assert_refused(w, &docs, false, "--force");
    let site_before = snapshot(&w.join("site"));
    build_into(w, &docs, true).expect("--force replaces a foreign folder");
    assert!(docs.join("index.html").is_file());
    assert!(!docs.join("thesis.docx").exists());
    assert_eq!(
        snapshot(&w.join("site")),
        site_before,
        "the site's own files are untouched"
    );
}

#[test]
fn an_existing_file_and_an_unwritable_parent_are_refused() {
    let ws = workspace();
    let w = ws.path();
    let file = w.join("docs/thesis.docx");
    assert_refused(w, &file, true, "is a file");
    // A parent that cannot hold a folder: it is a file.
    let before = snapshot(w);
    assert!(build_into(w, &file.join("public"), false).is_err());
    assert_eq!(snapshot(w), before);
}

#[cfg(unix)]
#[test]
fn a_read_only_parent_fails_without_changes() {
    use std::os::unix::fs::PermissionsExt;
    let ws = workspace();
    let w = ws.path();
    let parent = w.join("locked");
    fs::create_dir_all(&parent).unwrap();
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = parent.join("probe");
    let enforced = fs::write(&probe, "").is_err();
    let _ = fs::remove_file(&probe);
    let before = snapshot(w);
    let result = build_into(w, &parent.join("public"), false);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    if enforced {
        assert!(result.is_err(), "a read-only parent must fail the build");
        assert_eq!(snapshot(w), before);
    } else {
        // Running as a user who ignores permissions (root): the build may
        // succeed, but then it wrote only the new output folder.
        result.unwrap();
        let after: Vec<_> = snapshot(w)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("locked/public"))
            .collect();
        assert_eq!(after, before);
    }
}

#[test]
fn an_earlier_build_is_replaced_and_marked() {
    let ws = workspace();
    let w = ws.path();
    let out = w.join("public");
    build_into(w, &out, false).unwrap();
    assert!(out.join(gongkai::write::guard::MARKER).is_file());
    fs::write(out.join("stale.html"), "old").unwrap();
    build_into(w, &out, false).expect("a folder gongkai wrote is replaced without --force");
    assert!(!out.join("stale.html").exists());
}

#[test]
fn the_command_line_refuses_content_and_names_the_flag() {
    let ws = workspace();
    let w = ws.path();
    let before = snapshot(w);
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--root", "site", "build", "--output", "site/content"])
        .current_dir(w)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to write the site to site/content"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["--root", "site", "build", "--output", "docs"])
        .current_dir(w)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing to replace docs") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(snapshot(w), before);
}
