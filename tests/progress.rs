//! Progress on the built site, asserted on parsed HTML and parsed CSV: the
//! timeline on project pages, the status column and summary on plan pages,
//! the report's own page with its text, the completion comparison on
//! program pages, and the progress CSV downloads; for the fixture and the
//! shipped content, in both languages and in the elderly-friendly variant.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn built(site: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_to(site, out.path(), Some("https://example.gov.cn/minsheng/")).unwrap();
    out
}

fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn project_pages_show_every_report_with_status_figures_and_quotes() {
    let out = built(&fixture("minimal"));
    let en = parse(out.path(), "en/plans/alpha/2023/shantytowns/index.html");
    let meta = texts(&en, ".reports .entry-meta");
    assert_eq!(meta.len(), 1, "{meta:?}");
    assert!(
        meta[0].starts_with("Complete 「已全面完成」 · As of 31 December 2023"),
        "{meta:?}"
    );
    let figs = texts(&en, ".reports .fig");
    assert!(
        figs[0].contains("130,000 units") && figs[0].contains("108.3% (as printed in the report) Above target"),
        "{figs:?}"
    );
    assert!(figs[0].contains("已开工13万套，完成年度任务的108.3%"), "{figs:?}");
    assert!(
        figs.iter().any(|f| f.contains("Total investment: 350 million yuan")),
        "{figs:?}"
    );
    let report_link = attrs(&en, ".entry-source a", "href");
    assert_eq!(report_link[0], "/minsheng/en/plans/alpha/2023/progress/2023-12-31/");
    let source_links = attrs(&en, ".reports .source-links a", "href");
    assert_eq!(source_links[0], "https://www.example.org/progress-2023");
    let sched = texts(&en, ".schedule");
    assert!(sched[0].starts_with("On track (derived by this site)"), "{sched:?}");

    let zh = parse(out.path(), "plans/alpha/2023/rural-roads/index.html");
    let meta = texts(&zh, ".reports .entry-meta");
    assert!(meta[0].starts_with("滞后「进度滞后」"), "{meta:?}");
    let sched = texts(&zh, ".schedule");
    assert!(
        sched[0].contains("落后于计划（本站推算）")
            && sched[0].contains("方案要求2023年12月31日前全部完成7000公里，报告完成5100公里"),
        "{sched:?}"
    );
    let figs = texts(&zh, ".reports .fig");
    assert!(
        figs.iter()
            .any(|f| f.contains("5100公里") && f.contains("85%（报告原文）")),
        "{figs:?}"
    );
    assert!(figs.iter().any(|f| f.starts_with("工程进度： 93%")), "{figs:?}");
    assert!(figs.iter().any(|f| f.starts_with("调整后目标：6000公里")), "{figs:?}");
    assert!(zh
        .root_element()
        .text()
        .collect::<String>()
        .contains("预计2024年3月底前全部完成"));
}

#[test]
fn plan_pages_have_a_status_column_and_a_summary() {
    let out = built(&fixture("minimal"));
    let zh = parse(out.path(), "plans/alpha/2023/index.html");
    let heads = texts(&zh, "#projects-h ~ .table-wrap thead th");
    assert_eq!(heads.last().map(String::as_str), Some("最新进展"));
    let cells = texts(&zh, "td[data-label=最新进展]");
    assert_eq!(cells.len(), 2);
    assert!(
        cells[0].starts_with("已完成") && cells[1].starts_with("滞后"),
        "{cells:?}"
    );
    let counts = texts(&zh, ".status-counts li");
    assert_eq!(counts, vec!["滞后：1", "已完成：1"]);
    let summary = texts(&zh, "#progress-h + p");
    assert!(
        summary[0].starts_with("截至2023年12月31日，已公开的报告涉及本方案2项工程中的2项"),
        "{summary:?}"
    );
    // The care variant links inside care/, the CSV download outside it.
    let care = parse(out.path(), "care/en/plans/alpha/2023/index.html");
    let hrefs = attrs(&care, "#progress-h ~ ul a", "href");
    assert_eq!(hrefs, vec!["/minsheng/care/en/plans/alpha/2023/progress/2023-12-31/"]);
    assert_eq!(
        attrs(&care, "a.download", "href"),
        vec!["/minsheng/en/plans/alpha/2023/progress.csv"]
    );
}

#[test]
fn a_report_has_its_own_page_with_its_text() {
    let out = built(&fixture("minimal"));
    for rel in [
        "plans/alpha/2023/progress/2023-12-31/index.html",
        "en/plans/alpha/2023/progress/2023-12-31/index.html",
        "care/plans/alpha/2023/progress/2023-12-31/index.html",
    ] {
        let doc = parse(out.path(), rel);
        assert_eq!(doc.select(&sel(".report-entry")).count(), 2, "{rel}");
        let text = texts(&doc, ".original-doc p");
        assert!(text.iter().any(|p| p.contains("受汛期影响目标调整为6000公里")), "{rel}");
    }
    let en = parse(out.path(), "en/plans/alpha/2023/progress/2023-12-31/index.html");
    assert_eq!(
        text_of(&en, "h1").trim(),
        "Completion of Alpha Province's 2023 Livelihood Projects"
    );
}

#[test]
fn program_pages_compare_completion_across_plans() {
    let out = built(&fixture("minimal"));
    let en = parse(out.path(), "en/programs/rural-roads/index.html");
    let caption = texts(&en, "#completion-h ~ .table-wrap caption");
    assert_eq!(caption, vec!["Rural roads built or upgraded, 2023"]);
    let row = texts(&en, "#completion-h ~ .table-wrap tbody tr");
    assert!(
        row[0].contains("7,000 km") && row[0].contains("5,100 km") && row[0].contains("85%"),
        "{row:?}"
    );
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = fs::read(path).unwrap();
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn progress_is_in_the_csv_downloads() {
    let out = built(&fixture("minimal"));
    let rows = read_csv(&out.path().join("en/plans/alpha/2023/progress.csv"));
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let body = &rows[1..];
    assert_eq!(body.len(), 8, "2 totals + 3 figures per project: {body:?}");
    let actual = body
        .iter()
        .find(|r| r[col("project_id")] == "shantytowns" && r[col("figure_kind")] == "actual")
        .unwrap();
    assert_eq!(actual[col("value")], "130000");
    assert_eq!(actual[col("target_value")], "120000");
    assert_eq!(actual[col("percent_printed")], "108.3");
    assert_eq!(actual[col("status")], "complete");
    assert_eq!(actual[col("status_word")], "已全面完成");
    assert_eq!(actual[col("source_url")], "https://www.example.org/progress-2023");
    assert_eq!(actual[col("quote")], "已开工13万套，完成年度任务的108.3%");
    let site = read_csv(&out.path().join("plans/progress.csv"));
    assert_eq!(site.len(), rows.len());
}

#[test]
fn shipped_plans_show_real_progress_in_both_languages() {
    let out = built(&shipped_root());
    let mut with_progress = 0;
    for plan in ["hebei/2023", "tangshan/2024", "xiongan/2023"] {
        for lang in ["", "en/"] {
            let doc = parse(out.path(), &format!("{lang}plans/{plan}/index.html"));
            let reports = attrs(&doc, "#progress-h ~ ul a", "href");
            assert!(!reports.is_empty(), "{lang}{plan}: no report listed");
            for href in reports {
                let file = url_to_file("/minsheng/", &href).unwrap();
                assert!(out.path().join(&file).is_file(), "{file}");
            }
        }
        with_progress += 1;
    }
    assert!(with_progress >= 2);
    // Tangshan's rural roads: 543.2 km against 500 km, over 100%, marked computed.
    let en = parse(out.path(), "en/plans/tangshan/2024/rural-roads/index.html");
    let figs = texts(&en, ".reports .fig");
    assert!(
        figs.iter().any(|f| f.contains("543.2 km")
            && f.contains("108.6% (computed by this site")
            && f.contains("Above target")),
        "{figs:?}"
    );
    // Hebei's first half of 2023: percentages as printed.
    let zh = parse(out.path(), "plans/hebei/2023/shantytown-renovation/index.html");
    let figs = texts(&zh, ".reports .fig");
    assert!(figs.iter().any(|f| f.contains("87.3%（报告原文）")), "{figs:?}");
}
