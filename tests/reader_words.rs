//! What a reader sees, part 2: words (glossary terms, one English name per
//! body, brands explained), English ordinals, editorial marks, navigation
//! labels and punctuation, official sources and reprints, page dates and
//! population, checked on the shipped site as parsed HTML in both languages
//! and in 关怀版, and the `check` warnings that keep them so.

mod common;

use std::fs;

use common::*;

const VARIANTS: [&str; 4] = ["", "en/", "care/", "care/en/"];

fn en(prefix: &str) -> bool {
    prefix.ends_with("en/")
}

#[test]
fn english_uses_one_name_per_term_and_body() {
    let out = shipped_site();
    for rel in html_files(out).iter().filter(|r| r.contains("en/")) {
        let text = parse(out, rel).root_element().text().collect::<String>().to_lowercase();
        for avoided in [
            "practical livelihood",
            "near-dibao",
            "palace–school",
            "subsistence-allowance",
            "9,000 communities",
        ] {
            assert!(!text.contains(avoided), "{rel}: {avoided}");
        }
    }
    for plan in ["zengcheng/2023", "fengrun/2024"] {
        let doc = parse(out, &format!("en/plans/{plan}/index.html"));
        assert!(text_of(&doc, "h1").contains("Quality-of-Life Projects"), "{plan}");
    }
    let culture = parse(out, "en/plans/hebei/2023/culture-sports/index.html");
    assert!(text_of(&culture, "section.editorial").contains("9,000 sites in communities"));
    // One body, one English name: the printed variant 区市场监察局 reads as the
    // market regulation bureau, like 区市场监管局.
    let jobs = parse(out, "en/plans/zengcheng/2023/employment-services/index.html");
    let units = texts_of(&jobs, "dd");
    assert!(units
        .iter()
        .any(|u| u.contains("Zengcheng District Administration for Market Regulation")));
    assert!(!units.iter().any(|u| u.contains("Market Inspection")), "{units:?}");
    // Brand names are explained where they first appear.
    let brands = parse(out, "en/programs/domestic-services/index.html");
    let desc = text_of(&brands, "main > p");
    assert!(
        desc.contains("Fusao, 福嫂") && desc.contains("Zengcheng Mama"),
        "{desc}"
    );
    let zc = parse(out, "en/plans/zengcheng/2023/employment-services/index.html");
    assert!(text_of(&zc, "section.editorial").contains("“Zengcheng Mama” (增城妈妈"));
}

#[test]
fn check_reports_two_english_names_and_generic_units() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    fs::write(
        root.join("content/glossary.yaml"),
        "- {zh: 民生工程, en: livelihood projects, avoid: [people's projects]}\n",
    )
    .unwrap();
    patch(
        root,
        "content/plans/alpha/2023/plan.yaml",
        "Alpha Province 2023 Livelihood Projects Plan",
        "Alpha Province 2023 People's Projects Plan",
    );
    let agencies = fs::read_to_string(root.join("content/agencies.yaml")).unwrap();
    fs::write(
        root.join("content/agencies.yaml"),
        format!("{agencies}- {{zh: 省交通运输厅, en: Beta Transport Office, region: beta}}\n"),
    )
    .unwrap();
    let units = fs::read_to_string(root.join("content/units.yaml")).unwrap();
    fs::write(
        root.join("content/units.yaml"),
        format!("{units}- {{id: item, zh: 套, en: items, generic: true}}\n"),
    )
    .unwrap();
    patch(root, "content/programs.yaml", "unit: housing-unit", "unit: item");
    patch(
        root,
        "content/plans/alpha/2023/plan.yaml",
        "unit: housing-unit",
        "unit: item",
    );
    patch(
        root,
        "content/plans/alpha/2023/progress/2023-12-31.yaml",
        "unit: housing-unit",
        "unit: item",
    );
    let report = gongkai::check(root).unwrap();
    let messages: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(
        has("title.en: term `民生工程` has two English names: `people's projects` here"),
        "{messages:?}"
    );
    assert!(has("content/agencies.yaml:"), "{messages:?}");
    assert!(has("`省交通运输厅` has two English names"), "{messages:?}");
    assert!(
        has("content/programs.yaml:") && has("generic unit `item` where the specific unit `housing-unit` exists"),
        "{messages:?}"
    );
    assert!(
        has("content/plans/alpha/2023/plan.yaml:") && has("projects[0].targets[0].unit: generic unit"),
        "{messages:?}"
    );
}

#[test]
fn english_pages_number_items_in_arabic_and_keep_the_printed_number() {
    let out = shipped_site();
    for prefix in VARIANTS {
        let plan = parse(out, &format!("{prefix}plans/hebei/2023/index.html"));
        let numbers = texts_of(&plan, "#projects-h ~ .table-wrap td:first-child");
        let expected: Vec<String> = if en(prefix) {
            (1..=20).map(|n| n.to_string()).collect()
        } else {
            ["（一）", "（二）"].iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(&numbers[..expected.len()], &expected[..], "{prefix}");
        let project = parse(out, &format!("{prefix}plans/hebei/2023/age-friendly-homes/index.html"));
        let item = text_of(&project, ".kicker .item-number");
        assert_eq!(item, if en(prefix) { "11" } else { "（十一）" });
        // The printed number stays with the source's own wording.
        assert!(text_of(&project, "#orig-h + blockquote.original").starts_with("（十一）"));
    }
    let report = parse(out, "en/plans/hebei/2023/progress/2023-06-30/index.html");
    assert_eq!(texts_of(&report, ".report-entry .item-number"), vec!["1", "2", "3"]);
}

#[test]
fn editorial_text_is_marked_and_the_source_is_one_click_away() {
    let out = shipped_site();
    for prefix in VARIANTS {
        let doc = parse(out, &format!("{prefix}plans/zengcheng/2023/education/index.html"));
        let label = text_of(&doc, "section.editorial h2");
        assert_eq!(
            label,
            if en(prefix) {
                "Summary (editor's paraphrase)"
            } else {
                "摘要（编者整理）"
            }
        );
        for href in attrs(&doc, "section.editorial a, p.editorial a", "href") {
            assert_eq!(href, "#orig-h");
        }
        assert!(doc.select(&sel("#orig-h")).next().is_some());
        assert!(text_of(&doc, "#ms-h + p.editorial").contains(if en(prefix) { "editor's summary" } else { "编者" }));
        assert!(texts_of(&doc, "th").iter().any(|h| h.contains(if en(prefix) {
            "editor's wording"
        } else {
            "编者表述"
        })));
        let plan = parse(out, &format!("{prefix}plans/zengcheng/2023/index.html"));
        assert!(text_of(&plan, "#intro-h").contains(if en(prefix) { "editor's summary" } else { "编者整理" }));
    }
}

#[test]
fn labels_explain_themselves_and_chinese_reads_with_chinese_punctuation() {
    let out = shipped_site();
    for prefix in VARIANTS {
        let home = parse(out, &format!("{prefix}index.html"));
        let nav = texts_of(&home, ".site-nav a");
        let (programs, categories) = if en(prefix) {
            ("Project types", "Policy areas")
        } else {
            ("工程类型", "民生领域")
        };
        assert!(
            nav.contains(&programs.to_string()) && nav.contains(&categories.to_string()),
            "{nav:?}"
        );
        let program = parse(out, &format!("{prefix}programs/rural-roads/index.html"));
        assert_eq!(texts_of(&program, ".breadcrumbs a")[1], programs);
        assert_eq!(
            texts_of(&program, ".facts dt")[0],
            if en(prefix) { "Policy area" } else { "民生领域" }
        );
        let matrix = parse(out, &format!("{prefix}compare/index.html"));
        assert_eq!(
            texts_of(&matrix, "thead th")[0],
            if en(prefix) { "Project type" } else { "工程类型" }
        );
    }
    // No visible table caption repeats a heading of its page.
    for rel in html_files(out) {
        let doc = parse(out, &rel);
        let headings = texts_of(&doc, "h1, h2, h3, h4");
        for cap in doc.select(&sel("caption:not(.visually-hidden)")) {
            let cap: String = cap.text().collect::<String>().split_whitespace().collect();
            let dup = headings.iter().any(|h| {
                let h: String = h.split_whitespace().collect();
                !h.is_empty() && (cap.contains(&h) || h.contains(&cap))
            });
            assert!(!dup, "{rel}: caption {cap:?} repeats a heading");
        }
    }
    let tangshan = parse(out, "regions/tangshan/index.html");
    assert_eq!(text_of(&tangshan, ".population"), "771.95万人（2023年）");
    let plan = parse(out, "plans/hebei/2023/index.html");
    assert_eq!(text_of(&plan, "#projects-h"), "项目一览（20）");
    let program = parse(out, "programs/rural-roads/index.html");
    assert_eq!(
        text_of(&program, "#m-rural-roads-built-or-upgraded"),
        "建设改造农村公路（公里）"
    );
    let per = texts_of(&program, ".population-year");
    assert!(
        per.iter().all(|p| p.starts_with('（') && p.ends_with("年人口）")),
        "{per:?}"
    );
}

#[test]
fn sources_show_the_official_page_or_its_absence_and_every_reprint() {
    let out = shipped_site();
    for prefix in VARIANTS {
        for page in [
            "plans/tangshan/2024/index.html",
            "plans/tangshan/2024/source/index.html",
            "plans/tangshan/2024/rural-roads/index.html",
            "about/index.html",
        ] {
            let doc = parse(out, &format!("{prefix}{page}"));
            let links = attrs(&doc, ".source-links a", "href");
            assert!(
                links.contains(&"http://www.baidudyh.com/info/category/19/gongkai/13674".to_string()),
                "{prefix}{page}: {links:?}"
            );
            let text = texts_of(&doc, ".source-links").concat();
            assert!(
                text.contains(if en(prefix) {
                    "Original page: not found"
                } else {
                    "原发页面：未找到"
                }),
                "{prefix}{page}: {text}"
            );
        }
        let report = parse(
            out,
            &format!("{prefix}plans/tangshan/2024/progress/2024-11-26/index.html"),
        );
        assert!(attrs(&report, ".source-links a", "href").contains(&"https://8x2.com/a/37751.html".to_string()));
    }
    // A government page given as `url` is linked as the original page.
    let site = copy_site(&fixture("minimal"));
    let built = tempfile::tempdir().unwrap();
    build_to(site.path(), built.path(), Some("https://example.gov.cn/minsheng/")).unwrap();
    let plan = parse(built.path(), "en/plans/alpha/2023/index.html");
    let official = doc_link(&plan, ".source-links li:first-child a");
    assert_eq!(official, "https://www.example.gov.cn/plan-2023");
    // A plan's `url` that is no government site is a warning.
    patch(
        site.path(),
        "content/plans/alpha/2023/plan.yaml",
        "https://www.example.gov.cn/plan-2023",
        "https://copy.example.com/plan",
    );
    let report = gongkai::check(site.path()).unwrap();
    assert!(report
        .warnings
        .iter()
        .any(|w| w.key == "source.url" && w.message.contains("is not a government website")));
}

fn doc_link(doc: &scraper::Html, selector: &str) -> String {
    attrs(doc, selector, "href").into_iter().next().unwrap_or_default()
}

#[test]
fn every_page_says_when_its_content_was_published_and_last_changed() {
    let out = shipped_site();
    for rel in html_files(out) {
        let doc = parse(out, &rel);
        let dates = attrs(&doc, ".page-dates time", "datetime");
        assert!(!dates.is_empty(), "{rel}: no content dates");
    }
    for prefix in VARIANTS {
        let plan = parse(out, &format!("{prefix}plans/xiongan/2023/index.html"));
        assert_eq!(
            attrs(&plan, ".page-dates time", "datetime"),
            vec!["2023-04-14", "2026-12-02"]
        );
        let region = parse(out, &format!("{prefix}plans/index.html"));
        assert_eq!(
            attrs(&region, ".page-dates time", "datetime"),
            vec!["2023-04-06", "2024-04-17", "2026-12-02"]
        );
    }
}

#[test]
fn population_is_cited_with_its_year_for_every_region_where_one_exists() {
    let out = shipped_site();
    for (region, zh, en_text, url) in [
        (
            "fengrun",
            "79.86万人（2023年）",
            "798,600 people (2023)",
            "https://jsmbw.com/news/699953.html",
        ),
        (
            "zengcheng",
            "158.67万人（2023年）",
            "1,586,700 people (2023)",
            "https://www.xkb.com.cn/articleDetail/300332",
        ),
        (
            "tangshan",
            "771.95万人（2023年）",
            "7,719,500 people (2023)",
            "https://jsmbw.com/news/699953.html",
        ),
    ] {
        for prefix in VARIANTS {
            let doc = parse(out, &format!("{prefix}regions/{region}/index.html"));
            assert_eq!(text_of(&doc, ".population"), if en(prefix) { en_text } else { zh });
            assert!(attrs(&doc, ".facts a", "href").contains(&url.to_string()), "{region}");
        }
    }
    let xiongan = parse(out, "en/regions/xiongan/index.html");
    assert!(text_of(&xiongan, ".facts").contains("No citable statistical figure was found"));
}
