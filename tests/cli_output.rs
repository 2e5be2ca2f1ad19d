//! What the command line prints: a build prints one summary line (progress
//! lines only for builds that run long), `--quiet` prints nothing but errors.

mod common;

use std::process::Command;

fn gongkai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai")).args(args).output().unwrap()
}

#[test]
fn a_short_build_prints_one_summary_line_and_quiet_prints_nothing() {
    let site = common::copy_site(&common::fixture("minimal"));
    let root = site.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("public");
    let dest = dest.to_str().unwrap();

    let run = gongkai(&["build", "--root", root, "--output", dest]);
    assert!(run.status.success());
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("Built "), "{stdout}");
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "",
        "no progress for a short build"
    );

    let run = gongkai(&["--quiet", "build", "--root", root, "--output", dest]);
    assert!(run.status.success());
    assert!(run.stdout.is_empty() && run.stderr.is_empty());

    // Errors are still printed.
    common::patch(
        site.path(),
        "content/plans/alpha/2023/plan.yaml",
        "category: housing",
        "category: housingg",
    );
    let run = gongkai(&["build", "--quiet", "--root", root, "--output", dest]);
    assert!(!run.status.success());
    assert!(run.stdout.is_empty());
    assert!(String::from_utf8_lossy(&run.stderr).contains("housingg"));
}

#[test]
fn the_shipped_site_build_prints_its_summary_line() {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let root = common::shipped_root();
    let run = gongkai(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        dest.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 672 pages") || stdout.starts_with("Built "),
        "{stdout}"
    );
}
