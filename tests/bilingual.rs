//! A site with missing English: Chinese is shown instead, marked
//! `lang="zh-CN"` with a visible note, and `check` reports the coverage.

mod common;

use common::*;

const PLAN: &str = "content/plans/alpha/2023/plan.yaml";

#[test]
fn missing_english_falls_back_to_marked_chinese() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(
        root,
        PLAN,
        "name: {zh: 农村公路提升工程, en: Rural roads upgrade}",
        "name: {zh: 农村公路提升工程}",
    );
    std::fs::remove_file(root.join("content/plans/alpha/2023/intro.en.md")).unwrap();

    let report = gongkai::check(root).unwrap();
    let cov = &report.coverage[0];
    assert_eq!((cov.plan.as_str(), cov.translated, cov.total), ("alpha/2023", 21, 23));

    let out = tempfile::tempdir().unwrap();
    build_to(root, out.path(), None).unwrap();
    let page = parse(out.path(), "en/plans/alpha/2023/rural-roads/index.html");
    let h1 = page
        .select(&sel("h1 span[lang=zh-CN]"))
        .next()
        .expect("fallback marked zh-CN");
    assert_eq!(h1.text().collect::<String>(), "农村公路提升工程");
    assert_eq!(text_of(&page, "h1 .untranslated"), " (not yet translated)");
    // The plan table row links to it with the same marking.
    let plan = parse(out.path(), "en/plans/alpha/2023/index.html");
    assert!(plan
        .select(&sel("tbody th a span[lang=zh-CN]"))
        .any(|s| s.text().collect::<String>() == "农村公路提升工程"));
    // The Chinese intro is shown on the English page, marked, with a note.
    assert!(plan
        .select(&sel(".prose[lang=zh-CN] strong"))
        .any(|s| s.text().collect::<String>() == "两项"));
    assert_eq!(plan.select(&sel(".untranslated-block")).count(), 1);
    // Chinese pages never carry the note.
    let zh = parse(out.path(), "plans/alpha/2023/rural-roads/index.html");
    assert_eq!(zh.select(&sel(".untranslated, .untranslated-block")).count(), 0);
}

#[test]
fn complete_translation_has_full_coverage() {
    let report = gongkai::check(&fixture("minimal")).unwrap();
    assert_eq!(report.coverage.len(), 1);
    assert_eq!(report.coverage[0].percent(), 100.0);
}

#[test]
fn project_page_snapshot() {
    let out = tempfile::tempdir().unwrap();
    build_to(
        &fixture("minimal"),
        out.path(),
        Some("https://example.gov.cn/minsheng/"),
    )
    .unwrap();
    let html = std::fs::read_to_string(out.path().join("en/plans/alpha/2023/shantytowns/index.html")).unwrap();
    insta::assert_snapshot!("project_page_en", html);
    let html = std::fs::read_to_string(out.path().join("plans/alpha/2023/index.html")).unwrap();
    insta::assert_snapshot!("plan_page_zh", html);
}
