//! Incremental rebuilds give exactly the site a full build gives: after each
//! edit to a copy of the shipped site, the preview's files are compared,
//! file by file, with a fresh in-memory build of the same sources, twice:
//! every page and asset as the preview serves it first, rendered on
//! request from the prepared build, then every file once the incremental
//! renderer has caught up (only the pages whose view changed re-rendered).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use gongkai::load::SourceSet;
use gongkai::serve::site::{Pages, Prepared, Preview};

const BASE: &str = "http://127.0.0.1:1111/";

fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let sources = SourceSet::read_dir(root).unwrap();
    let (rendered, _) = gongkai::compile(&sources, Some(BASE)).unwrap();
    rendered.files.into_iter().collect()
}

/// Every page and asset of `full` is what `prepared` renders on request;
/// the data files are not its to give.
fn assert_served_on_request(prepared: &Prepared, full: &BTreeMap<String, Vec<u8>>, after: &str) {
    for (path, bytes) in full {
        let page = path.ends_with(".html") || path.starts_with("assets/") || path.starts_with("care/assets/");
        assert_eq!(prepared.has(path), page, "{path} after {after}");
        if page {
            let served = prepared.file(path).unwrap().unwrap();
            assert!(
                served == *bytes,
                "{path} on request differs from a full build after {after}"
            );
        }
    }
}

/// Rebuilds after `rel` changed and compares with a full build; returns
/// (pages rendered, pages).
fn rebuild_and_compare(preview: &mut Preview, pages: &mut Pages, root: &Path, rel: &str) -> (usize, usize) {
    let changed = preview.apply(&[root.canonicalize().unwrap().join(rel)]);
    assert_eq!(changed, [rel]);
    let full = full_build(root);
    let prepared = preview.prepare().unwrap();
    assert_served_on_request(&prepared, &full, rel);
    let (files, report) = pages.update(&prepared, &|| false).unwrap().unwrap();
    let incremental: BTreeMap<String, Vec<u8>> = files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>(),
        "same files after editing {rel}"
    );
    for (path, bytes) in &full {
        assert!(
            incremental[path] == *bytes,
            "{path} differs from a full build after editing {rel}"
        );
    }
    (report.rendered, report.pages)
}

/// A fresh preview of `root`, built once in full.
fn preview(root: &Path) -> (Preview, Pages) {
    let mut preview = Preview::new(root, BASE).unwrap();
    let mut pages = Pages::default();
    let (_, first) = preview.build(&mut pages).unwrap();
    assert!(first.full && first.rendered == first.pages);
    (preview, pages)
}

#[test]
fn shipped_site_edits_rebuild_few_pages_and_equal_a_full_build() {
    let site = common::copy_site(&common::shipped_root());
    let root = site.path();
    let (mut preview, mut site_files) = preview(root);

    // One project's name: its pages and the pages that show it (its plan,
    // category, program, the cascade of the same program in other plans).
    let plan = "content/plans/hebei/2023/plan.yaml";
    common::patch(root, plan, "Shantytown renovation}", "Shantytown renewal}");
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, plan);
    assert!(rendered > 0 && rendered * 10 < pages, "{rendered} of {pages}");

    // A progress report: its page, the plan's progress and the projects it covers.
    let report = "content/plans/hebei/2023/progress/2023-06-30.yaml";
    common::patch(root, report, "en: First half of 2023", "en: January to June 2023");
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, report);
    assert!(rendered > 0 && rendered * 10 < pages, "{rendered} of {pages}");
}

#[test]
fn fixture_edits_shared_text_and_templates_equal_a_full_build() {
    let site = common::copy_site(&common::fixture("minimal"));
    let root = site.path();
    let (mut preview, mut site_files) = preview(root);

    // The plan's title: every page of the plan and the lists of plans.
    let plan = "content/plans/alpha/2023/plan.yaml";
    common::patch(
        root,
        plan,
        "en: Alpha Province 2023 Livelihood Projects Plan",
        "en: Alpha 2023 Plan",
    );
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, plan);
    assert!(rendered > 0 && rendered < pages, "{rendered} of {pages}");

    // A region's name shows on many pages, all found.
    common::patch(root, "content/regions.yaml", "en: Beta City}", "en: Beta}");
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, "content/regions.yaml");
    assert!(rendered > 0 && rendered < pages, "{rendered} of {pages}");

    // A progress report.
    let report = "content/plans/alpha/2023/progress/2023-12-31.yaml";
    common::patch(root, report, "en: Full year 2023", "en: All of 2023");
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, report);
    assert!(rendered > 0 && rendered < pages, "{rendered} of {pages}");

    // A UI string is shared by every page: everything is rendered again.
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(root.join("i18n/en.yaml"), "nav.plans: All plans\n").unwrap();
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, "i18n/en.yaml");
    assert_eq!(rendered, pages);

    // So is a template.
    let tpl = gongkai::theme::DEFAULT_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "404.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/404.html"), format!("{tpl}\n{{# edited #}}\n")).unwrap();
    let (rendered, pages) = rebuild_and_compare(&mut preview, &mut site_files, root, "templates/404.html");
    assert_eq!(rendered, pages);

    // Nothing changed since: nothing is rendered.
    let (files, report) = preview.build(&mut site_files).unwrap();
    assert_eq!(report.rendered, 0);
    assert_eq!(report.files_changed, 0);
    assert_eq!(files.len(), full_build(root).len());
}
