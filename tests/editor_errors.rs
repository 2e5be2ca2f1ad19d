//! The editors' error table: every way a newcomer breaks a content file
//! ends in a message at the exact spot, never a crash, and every mistake of
//! a run is reported at once, without consequential errors elsewhere.
//! (One fixture per error message for meaning is in `content_errors.rs`.)

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;
use gongkai::error::{Diagnostic, Error};

const PLAN: &str = "content/plans/alpha/2023/plan.yaml";

fn errors(root: &Path) -> Vec<Diagnostic> {
    match gongkai::check_all(root) {
        Ok(full) => full.errors,
        Err(e) => panic!("check could not run: {e}"),
    }
}

fn places(list: &[Diagnostic]) -> Vec<(String, u64, u64, String)> {
    list.iter()
        .map(|d| {
            (
                d.file.to_string_lossy().into_owned(),
                d.pos.line,
                d.pos.column,
                d.message.clone(),
            )
        })
        .collect()
}

fn line_of(root: &Path, rel: &str, needle: &str) -> u64 {
    let text = fs::read_to_string(root.join(rel)).unwrap();
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {rel}"));
    text[..i].matches('\n').count() as u64 + 1
}

#[test]
fn four_mistakes_in_one_plan_are_reported_in_one_run() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(root, PLAN, "category: housing", "category: housng");
    patch(root, PLAN, "        unit: km\n", "        unit: kms\n");
    patch(root, PLAN, "value: 7000", "value: 7千");
    patch(
        root,
        PLAN,
        "    number: （二）\n",
        "    number: （二）\n    nmae: 农村公路\n",
    );
    let got = places(&errors(root));
    let l = |n: &str| line_of(root, PLAN, n);
    assert_eq!(
        got,
        vec![
            (PLAN.into(), l("housng"), 15, "unknown category `housng`".into()),
            (PLAN.into(), l("nmae"), 5, "unknown field `nmae`".into()),
            (
                PLAN.into(),
                l("7千"),
                16,
                "invalid type: expected a number, found text `7千`".into()
            ),
            (PLAN.into(), l("kms"), 15, "unknown unit `kms`".into()),
        ]
    );
}

#[test]
fn a_broken_file_causes_no_errors_elsewhere() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    // A second plan derived from the first; then the first is broken.
    let beta = root.join("content/plans/beta/2023");
    fs::create_dir_all(&beta).unwrap();
    fs::copy(
        root.join("content/plans/alpha/2023/source.zh.txt"),
        beta.join("source.zh.txt"),
    )
    .unwrap();
    let plan = fs::read_to_string(root.join(PLAN)).unwrap().replace(
        "adoption: government-notice",
        "adoption: government-notice\nderived_from: alpha/2023",
    );
    fs::write(beta.join("plan.yaml"), plan).unwrap();
    assert!(errors(root).is_empty(), "{:?}", errors(root));
    patch(root, PLAN, "projects:\n", "projects:\n  - {\n");
    let got = errors(root);
    assert!(got.iter().all(|d| d.file == Path::new(PLAN)), "{got:#?}");
    assert_eq!(got.len(), 1);
    // A broken vocabulary file: no "unknown region" in every file using it.
    let site = copy_site(&fixture("minimal"));
    patch(
        site.path(),
        "content/regions.yaml",
        "level: province",
        "levle: province",
    );
    let got = errors(site.path());
    assert!(
        got.iter().all(|d| d.file == Path::new("content/regions.yaml")),
        "{got:#?}"
    );
}

/// Writes `bytes` as `rel` in a copy of the fixture; returns the errors.
fn broken(rel: &str, bytes: &[u8]) -> (tempfile::TempDir, Vec<Diagnostic>) {
    let site = copy_site(&fixture("minimal"));
    fs::write(site.path().join(rel), bytes).unwrap();
    let e = errors(site.path());
    (site, e)
}

fn only(list: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(list.len(), 1, "{list:#?}");
    &list[0]
}

#[test]
fn encodings_and_line_ends() {
    let text = fs::read_to_string(fixture("minimal").join("content/regions.yaml")).unwrap();
    // A byte-order mark and CRLF line ends are accepted.
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend(text.replace('\n', "\r\n").as_bytes());
    assert!(broken("content/regions.yaml", &bom).1.is_empty());
    // GBK: named, with the first bad line and the command that converts it.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let (_, e) = broken("content/regions.yaml", &gbk);
    let d = only(&e);
    assert_eq!(d.pos.line, 2);
    assert!(d.message.contains("GBK/GB18030"), "{}", d.message);
    assert!(
        d.hint.contains("iconv -f GB18030 -t UTF-8 content/regions.yaml"),
        "{}",
        d.hint
    );
    // Bytes that are no encoding at all.
    let (_, e) = broken("content/regions.yaml", b"- id: a\n  name: {zh: \xff\xfe\xfd}\n");
    assert_eq!(only(&e).message, "the file is not valid UTF-8 text");
    assert_eq!(only(&e).pos.line, 2);
}

#[test]
fn input_method_slips_are_explained() {
    let (_, e) = broken(
        "content/categories.yaml",
        "- id: housing\n  name：{zh: 住房保障, en: Housing}\n".as_bytes(),
    );
    assert!(
        e.iter().any(|d| d.pos.line == 2 && d.hint.contains("full-width colon")),
        "{e:#?}"
    );
    let (_, e) = broken(
        "content/categories.yaml",
        "- id: housing\n\u{3000}\u{3000}name: {zh: 住房保障}\n".as_bytes(),
    );
    assert!(e.iter().any(|d| d.hint.contains("full-width space")), "{e:#?}");
    let (_, e) = broken("content/categories.yaml", b"- id: housing\n\tname: {zh: x}\n");
    assert!(e.iter().any(|d| d.hint.contains("tab")), "{e:#?}");
}

#[test]
fn syntax_mistakes_are_located() {
    let (_, e) = broken(
        "content/categories.yaml",
        b"- id: housing\n  name: {zh: a}\n  name: {zh: b}\n",
    );
    assert!(only(&e).message.contains("duplicate"), "{e:#?}");
    assert_eq!(only(&e).pos.line, 3);
    let (_, e) = broken("content/categories.yaml", b"");
    assert!(only(&e).message.contains("expected a list"), "{e:#?}");
}

#[test]
fn hostile_sizes_and_structures_are_bounded() {
    // Deeply nested: no stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (_, e) = broken("content/categories.yaml", deep.as_bytes());
    assert_eq!(e.len(), 1, "{e:#?}");
    // An alias bomb (billion laughs): bounded.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
        bomb.push_str(&format!(
            "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    let (_, e) = broken("content/site.yaml", bomb.as_bytes());
    assert_eq!(e.len(), 1, "{e:#?}");
    // A 50 MB file: an answer, not a hang or a crash.
    let mut big = fs::read_to_string(fixture("minimal").join("content/categories.yaml")).unwrap();
    let filler = format!("# {}\n", "x".repeat(1000));
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&filler);
    }
    let (_, e) = broken("content/categories.yaml", big.as_bytes());
    assert!(e.is_empty(), "a large file of comments is valid: {e:#?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_naming_the_path() {
    let site = copy_site(&fixture("minimal"));
    std::os::unix::fs::symlink(site.path().join("content"), site.path().join("content/plans/loop")).unwrap();
    match gongkai::check_all(site.path()) {
        Err(Error::Io { path, .. }) => assert!(path.to_string_lossy().contains("loop"), "{}", path.display()),
        other => panic!("expected an IO error naming the loop, got {other:?}"),
    }
}

#[test]
fn slugs_cannot_climb_out_of_the_site() {
    let site = copy_site(&fixture("minimal"));
    patch(site.path(), PLAN, "  - id: rural-roads", "  - id: ../../etc");
    let e = errors(site.path());
    assert!(e.iter().any(|d| d.message == "`../../etc` is not a valid id"), "{e:#?}");
    let site = copy_site(&fixture("minimal"));
    let dir = site.path().join("content/plans/alpha/2023/progress");
    fs::rename(dir.join("2023-12-31.yaml"), dir.join("Year End.yaml")).unwrap();
    let e = errors(site.path());
    assert!(e.iter().any(|d| d.message == "`Year End` is not a valid id"), "{e:#?}");
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let site = copy_site(&fixture("minimal"));
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/about.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build_to(site.path(), &out.path().join("public"), None).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("about.html") && text.contains("3:"), "{text}");
}

/// A fragment rendered once for many pages (the related-projects table)
/// fails the build like a page does, naming its template.
#[test]
fn a_fragment_template_error_fails_the_build_and_names_it() {
    let site = copy_site(&fixture("minimal"));
    fs::create_dir_all(site.path().join("templates")).unwrap();
    // Two projects of one program: each page shows the other's row.
    let plan = "content/plans/alpha/2023/plan.yaml";
    patch(
        site.path(),
        plan,
        "programs: [rural-roads]",
        "programs: [rural-roads, shantytowns]",
    );
    fs::write(site.path().join("templates/related.html"), "{{ nowhere.at_all }}").unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build_to(site.path(), &out.path().join("public"), None).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("related.html"), "{text}");
    assert!(!out.path().join("public").exists());
}

fn gongkai(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("LANG", "C")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_on_the_command_line() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    let (code, out, _) = gongkai(root, &["check"]);
    assert_eq!(code, 0, "{out}");
    // A warning: passes, unless --strict.
    patch(root, PLAN, "value: 7000", "value: 7500");
    assert_eq!(gongkai(root, &["check"]).0, 0);
    let (code, out, _) = gongkai(root, &["check", "--strict"]);
    assert_eq!(code, 1, "{out}");
    // Errors: the source line underlined, in English or Chinese.
    patch(root, PLAN, "category: housing", "category: housng");
    let (code, _, err) = gongkai(root, &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("--> content/plans/alpha/2023/plan.yaml:15:15"), "{err}");
    assert!(
        err.contains("    category: housng\n") && err.contains("^^^^^^"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `housing`?"), "{err}");
    let (_, _, err) = gongkai(root, &["check", "--lang", "zh"]);
    assert!(err.contains("错误: projects[0].category: 未知的领域 `housng`"), "{err}");
    assert!(err.contains("提示: 是不是 `housing`？"), "{err}");
    // JSON for CI bots.
    let (code, out, _) = gongkai(root, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(15), Some(15)));
    assert_eq!(d["key"], "projects[0].category");
    // A wrong command line and an unreadable site.
    assert_eq!(gongkai(root, &["check", "--format", "xml"]).0, 2);
    assert_eq!(gongkai(&root.join("nowhere"), &["check"]).0, 2);
}

#[test]
fn every_message_of_the_error_tables_reads_in_chinese() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(root, PLAN, "category: housing", "category: housng");
    patch(root, PLAN, "        unit: km\n", "        unit: kms\n");
    patch(root, PLAN, "value: 7000", "value: 7千");
    patch(
        root,
        PLAN,
        "    number: （二）\n",
        "    number: （二）\n    nmae: 农村公路\n",
    );
    patch(root, "content/regions.yaml", "parent: alpha", "parent: alpah");
    for d in errors(root) {
        let (m, h) = gongkai::diagnostics::localise(&d, gongkai::model::Lang::Zh);
        assert!(
            m != d.message && h != d.hint,
            "no Chinese for {:?} / {:?}",
            d.message,
            d.hint
        );
    }
}
