//! The integrity manifest and `gongkai verify`: every build lists every file
//! it wrote with its SHA-256; a copy with one byte changed, a file missing
//! or a file added is caught and named; the manifest is byte-identical
//! across builds.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;
use gongkai::verify::{verify, Problem};
use gongkai::write::manifest;

fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_to(
        &fixture("minimal"),
        &out.path().join("site"),
        Some("https://example.gov.cn/minsheng/"),
    )
    .unwrap();
    out
}

/// Copies the folder `from` to `to` (files only).
fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(dest, bytes).unwrap();
    }
}

#[test]
fn manifest_lists_every_file_but_itself_and_the_marker() {
    let out = built();
    let site = out.path().join("site");
    let text = fs::read_to_string(site.join(manifest::MANIFEST)).unwrap();
    let listed = manifest::parse(&text).unwrap();
    let paths: Vec<&str> = listed.iter().map(|(p, _)| p.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "sorted by path");
    let mut files: Vec<String> = snapshot(&site)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != manifest::MANIFEST && p != ".gongkai-output")
        .collect();
    files.sort();
    assert_eq!(paths, files);
    for (path, hash) in &listed {
        assert_eq!(
            &manifest::sha256_hex(&fs::read(site.join(path)).unwrap()),
            hash,
            "{path}"
        );
    }
    assert!(paths.contains(&"index.html") && paths.contains(&"en/index.html"));
    assert!(
        text.lines().all(|l| l.len() > 66 && &l[64..66] == "  "),
        "sha256sum format"
    );
}

#[test]
fn manifest_is_identical_across_builds() {
    let a = built();
    let b = built();
    let read = |d: &tempfile::TempDir| fs::read(d.path().join("site").join(manifest::MANIFEST)).unwrap();
    assert_eq!(read(&a), read(&b));
}

#[test]
fn verify_passes_on_an_exact_copy_and_names_each_difference() {
    let out = built();
    let site = out.path().join("site");
    let report = verify(&site, None).unwrap();
    assert!(report.is_ok(), "{report}");
    assert!(report.listed > 50);

    // A one-byte change.
    let copy = out.path().join("copy");
    copy_tree(&site, &copy);
    let page = copy.join("en/index.html");
    let mut bytes = fs::read(&page).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 1;
    fs::write(&page, bytes).unwrap();
    let r = verify(&copy, None).unwrap();
    assert_eq!(r.problems, vec![(Problem::Altered, "en/index.html".to_string())]);

    // A missing file and an extra one, against the approved manifest kept elsewhere.
    fs::remove_file(copy.join("sitemap.xml")).unwrap();
    fs::write(copy.join("plans/extra.html"), "<p>not approved</p>").unwrap();
    let approved = out.path().join("approved.sha256");
    fs::copy(site.join(manifest::MANIFEST), &approved).unwrap();
    let r = verify(&copy, Some(&approved)).unwrap();
    assert_eq!(
        r.problems,
        vec![
            (Problem::Altered, "en/index.html".to_string()),
            (Problem::Extra, "plans/extra.html".to_string()),
            (Problem::Missing, "sitemap.xml".to_string()),
        ]
    );

    // A copy whose own manifest was edited to match tampering is still caught
    // against the approved manifest.
    let own = copy.join(manifest::MANIFEST);
    let edited = fs::read_to_string(&own).unwrap().replacen('0', "1", 1);
    fs::write(&own, edited).unwrap();
    let r = verify(&copy, Some(&approved)).unwrap();
    assert!(r.problems.contains(&(Problem::Altered, manifest::MANIFEST.to_string())));
}

#[test]
fn the_command_exits_non_zero_on_a_difference() {
    let out = built();
    let site = out.path().join("site");
    let bin = env!("CARGO_BIN_EXE_gongkai");
    let ok = Command::new(bin).arg("verify").arg(&site).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    fs::write(site.join("robots.txt"), "User-agent: *\nDisallow: /\n").unwrap();
    let bad = Command::new(bin).arg("verify").arg(&site).output().unwrap();
    assert!(!bad.status.success());
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert!(stdout.lines().any(|l| l == "altered  robots.txt"), "{stdout}");
    let broken = out.path().join("broken.sha256");
    fs::write(&broken, "not a manifest\n").unwrap();
    let err = Command::new(bin)
        .args(["verify", "--manifest"])
        .arg(&broken)
        .arg(&site)
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("broken.sha256:1"));
}

#[test]
fn a_whole_folder_manifest_covers_added_compressed_copies() {
    // docs/deploy.md: precompressed copies are approved in a manifest of the
    // whole folder (which lists the build's manifest.sha256 too).
    let out = built();
    let site = out.path().join("site");
    fs::write(site.join("index.html.gz"), b"pretend gzip").unwrap();
    let mut entries: Vec<(String, String)> = snapshot(&site)
        .into_iter()
        .filter(|(p, _)| p != ".gongkai-output")
        .map(|(p, b)| (p, manifest::sha256_hex(&b)))
        .collect();
    let whole = out.path().join("whole.sha256");
    fs::write(&whole, manifest::render(&mut entries)).unwrap();
    assert!(verify(&site, Some(&whole)).unwrap().is_ok());
    // Against the build's own manifest the copy is extra.
    let r = verify(&site, None).unwrap();
    assert_eq!(r.problems, vec![(Problem::Extra, "index.html.gz".to_string())]);
    // A changed compressed copy, or a changed build manifest, is caught.
    fs::write(site.join("index.html.gz"), b"tampered").unwrap();
    fs::write(site.join(manifest::MANIFEST), b"").unwrap();
    let r = verify(&site, Some(&whole)).unwrap();
    assert_eq!(
        r.problems,
        vec![
            (Problem::Altered, "index.html.gz".to_string()),
            (Problem::Altered, manifest::MANIFEST.to_string())
        ]
    );
}

#[test]
fn the_deploy_guide_shows_the_tested_nginx_config_verbatim() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let conf = fs::read_to_string(root.join("docs/nginx/gongkai.conf")).unwrap();
    let guide = fs::read_to_string(root.join("docs/deploy.md")).unwrap();
    assert!(
        guide.contains(&format!("```nginx\n{conf}```")),
        "docs/deploy.md must include docs/nginx/gongkai.conf as it is"
    );
    // The browser gate serves the site with this file, changing only its root.
    let run = fs::read_to_string(root.join("tests/browser/nginx.sh")).unwrap();
    assert!(run.contains("docs/nginx/gongkai.conf"));
    assert_eq!(conf.matches("\n    root /var/www;\n").count(), 1);
    // The CSP allows no inline code.
    let csp = conf.lines().find(|l| l.contains("Content-Security-Policy")).unwrap();
    assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'") && csp.contains("frame-ancestors 'none'"));
}
