//! What a reader sees, part 1: numbers, units, milestone qualifiers, honest
//! comparisons (not-additive figures, split metrics) and charts, checked on
//! the shipped site as parsed HTML in both languages and in 关怀版.

mod common;

use std::fs;

use common::*;
use scraper::{ElementRef, Html};

/// A Chinese figure of five digits or more with a measure word after it.
fn long_figures(text: &str) -> Vec<(String, f64)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric() && chars[i - 1] != '.') {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let int_len = digits.split('.').next().unwrap().len();
            let next = chars.get(i).copied().unwrap_or(' ');
            let measure =
                ('\u{4e00}'..='\u{9fff}').contains(&next) && !matches!(next, '万' | '亿' | '年' | '月' | '日');
            if int_len >= 5 && measure {
                out.push((format!("{digits}{next}"), digits.parse().unwrap()));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Text of `el` outside quotes, original wording and columns that keep
/// every digit.
fn formatted_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        if let Some(t) = child.value().as_text() {
            out.push_str(t);
        } else if let Some(e) = ElementRef::wrap(child) {
            let v = e.value();
            let class = v.attr("class").unwrap_or("");
            let skip = matches!(
                v.name(),
                "q" | "blockquote" | "code" | "script" | "style" | "title" | "desc"
            ) || class.contains("original")
                || class.contains("all-digits");
            if !skip {
                formatted_text(e, out);
            }
            out.push(' ');
        }
    }
}

#[test]
fn chinese_figures_read_in_wan_unless_a_column_keeps_every_digit() {
    let out = shipped_site();
    let mut checked = 0;
    for rel in html_files(out)
        .iter()
        .filter(|r| !r.starts_with("en/") && !r.starts_with("care/en/"))
    {
        let doc = parse(out, rel);
        let mut text = String::new();
        formatted_text(doc.root_element(), &mut text);
        for (figure, value) in long_figures(&text) {
            // A long figure outside an all-digits column is only allowed
            // where the grouped form would round it (editorial text that
            // keeps the source's exact 15593套).
            assert!(
                !gongkai::model::grouped_is_exact(value),
                "{rel}: {figure} should read in 万"
            );
        }
        // Every cell of an all-digits column keeps its digits: no 万 or 亿.
        for cell in texts_of(&doc, ".all-digits") {
            assert!(
                !cell
                    .chars()
                    .zip(cell.chars().skip(1))
                    .any(|(a, b)| a.is_ascii_digit() && (b == '万' || b == '亿')),
                "{rel}: {cell}"
            );
        }
        checked += 1;
    }
    assert!(checked > 300, "{checked}");

    let hebei = parse(out, "plans/hebei/2023/index.html");
    let heads = texts_of(&hebei, "#projects-h ~ .table-wrap td[data-label='主要目标'] li");
    assert!(heads.contains(&"棚改开工：不少于12万套".to_string()), "{heads:?}");
    assert!(heads.contains(&"改造提升户厕：30.79万座".to_string()), "{heads:?}");
    // Tangshan's 15593 would round in 万, so its whole column keeps digits.
    let tangshan = parse(out, "plans/tangshan/2024/index.html");
    let cells = texts_of(&tangshan, "td.all-digits li");
    assert!(cells.contains(&"棚改建成：15593套".to_string()), "{cells:?}");
    assert!(cells.contains(&"校舍面积：40699平方米".to_string()), "{cells:?}");
    let en = parse(out, "en/plans/tangshan/2024/index.html");
    assert!(texts_of(&en, "td.all-digits li").contains(&"Housing units completed: 15,593 housing units".to_string()));
    // Figures in prose read in 万 with at most two decimals.
    let progress = parse(out, "plans/hebei/2023/shantytown-renovation/index.html");
    assert!(texts_of(&progress, ".reports .fig strong").contains(&"10.48万套".to_string()));
}

#[test]
fn counts_have_their_own_measure_in_both_languages() {
    let out = shipped_site();
    for (page, figure) in [
        ("en/plans/hebei/2023/old-communities/index.html", "1,816 communities"),
        ("en/plans/hebei/2023/rural-toilets/index.html", "307,900 toilets"),
        ("en/plans/hebei/2023/mobile-government/index.html", "500 services"),
        ("en/plans/xiongan/2023/pocket-parks/index.html", "1 park"),
        ("en/plans/zengcheng/2023/housing-security/index.html", "at least 100%"),
    ] {
        let doc = parse(out, page);
        let figures = texts_of(&doc, "#targets-h ~ .table-wrap td strong");
        assert!(figures.iter().any(|f| f == figure), "{page}: {figures:?}");
    }
    // No English figure is counted in generic "items", "facilities" or "types".
    for rel in html_files(out).iter().filter(|r| r.starts_with("en/")) {
        let doc = parse(out, rel);
        for f in texts_of(&doc, "td strong, td li, .figures li strong, .chart-value") {
            for generic in [" items", " item", " facilities", " types", " kinds"] {
                assert!(!f.ends_with(generic), "{rel}: {f}");
            }
        }
    }
    // One unit for one thing: charging stations, whether printed 座 or 个.
    let ev = parse(out, "en/programs/ev-charging/index.html");
    let mut figs = compare_cells(&ev, "ev-charging-public-charging-stations", "Figure");
    figs.extend(compare_cells(&ev, "ev-charging-charging-stations-started", "Figure"));
    assert!(figs.contains(&"40 charging stations".to_string()), "{figs:?}");
    assert!(figs.contains(&"80 charging stations".to_string()), "{figs:?}");
}

#[test]
fn milestone_figures_keep_their_qualifier_and_quote() {
    let out = shipped_site();
    for (prefix, figure) in [
        ("", "城镇新增就业：不少于2000人"),
        ("en/", "New urban jobs: at least 2,000 jobs"),
        ("care/", "城镇新增就业：不少于2000人"),
        ("care/en/", "New urban jobs: at least 2,000 jobs"),
    ] {
        let doc = parse(
            out,
            &format!("{prefix}plans/zengcheng/2023/employment-services/index.html"),
        );
        let items = texts_of(&doc, ".timeline .figures li");
        let item = items
            .iter()
            .find(|i| i.starts_with(figure))
            .unwrap_or_else(|| panic!("{prefix}: {items:?}"));
        assert!(item.contains("全区城镇新增就业2000人以上"), "{item}");
        assert!(
            items.iter().any(|i| i.contains("1万多人")),
            "more-than keeps its quote: {items:?}"
        );
    }
}

/// The cells labelled `label` of the comparison table under heading `#m-{id}`.
fn compare_cells(doc: &Html, id: &str, label: &str) -> Vec<String> {
    let Some(table) = doc.select(&sel(&format!("#m-{id} ~ .table-wrap"))).next() else {
        return Vec::new();
    };
    table
        .select(&sel(&format!("[data-label='{label}']")))
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
fn figures_that_do_not_add_up_get_no_share_and_say_why() {
    let out = shipped_site();
    let parks = parse(out, "en/programs/pocket-parks/index.html");
    let note = text_of(&parks, "#m-pocket-parks-parks-per-county ~ p.not-additive");
    assert!(note.contains("a norm for each county"), "{note}");
    let table = &texts_of(&parks, "table")[1];
    assert!(table.contains("not computed: the figures do not add up"), "{table}");
    assert!(
        !table.contains("100%"),
        "no share of Hebei for a per-county norm: {table}"
    );
    let mobile = parse(out, "programs/mobile-government/index.html");
    let note = text_of(&mobile, "#m-mobile-government-mobile-services-total ~ p.not-additive");
    assert!(note.contains("同一份目录"), "{note}");
    // The derived plan's comparison leaves them out; additive figures stay.
    let xiongan = parse(out, "en/plans/xiongan/2023/index.html");
    let metrics = texts_of(&xiongan, "#compared-h ~ .table-wrap td[data-label='Metric']");
    assert!(
        !metrics
            .iter()
            .any(|m| m.contains("each county") || m.contains("on mobile in total")),
        "{metrics:?}"
    );
    assert!(
        metrics.iter().any(|m| m == "Rural roads built or upgraded"),
        "{metrics:?}"
    );
    // CSV: the reason's kind, and no share.
    let csv = fs::read_to_string(out.join("programs/mobile-government/mobile-government.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let head = r.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let services = rows
        .iter()
        .find(|x| &x[col("metric_id")] == "mobile-services-total" && &x[col("plan_id")] == "xiongan/2023")
        .unwrap();
    assert_eq!(&services[col("not_additive")], "catalogue");
    assert_eq!(&services[col("share_of_parent")], "");
    let installs = rows
        .iter()
        .find(|x| &x[col("metric_id")] == "app-installations" && &x[col("plan_id")] == "xiongan/2023")
        .unwrap();
    assert_eq!(&installs[col("share_of_parent")], "1.5%");
}

#[test]
fn program_links_compare_only_the_same_meaning() {
    let out = shipped_site();
    let childcare = parse(out, "en/programs/childcare-institutions/index.html");
    assert_eq!(
        compare_cells(&childcare, "childcare-institutions-childcare-places-added", "Level").len(),
        1
    );
    let tangshan = compare_cells(&childcare, "childcare-institutions-affordable-places-added", "Level");
    assert_eq!(tangshan, vec!["Prefecture-level city".to_string()]);
    let bases = parse(out, "en/programs/domestic-services/index.html");
    let star = compare_cells(&bases, "domestic-services-star-rated-bases", "Level");
    assert_eq!(star, vec!["Province".to_string(), "State-level new area".to_string()]);
    let three = compare_cells(&bases, "domestic-services-bases-three-star-plus", "Level");
    assert_eq!(three, vec!["Prefecture-level city".to_string()]);
    let prenatal = parse(out, "en/programs/prenatal-screening/index.html");
    assert!(!texts_of(&prenatal, "table").concat().contains("Zengcheng"));
    let legal = parse(out, "programs/legal-aid/index.html");
    let shares = compare_cells(&legal, "legal-aid-cases-for-key-groups", "占上级目标");
    assert!(
        shares.iter().any(|s| s.contains("10.8%")),
        "Fengrun 540 of Tangshan 5000 cases: {shares:?}"
    );
}

#[test]
fn charts_are_sorted_headed_readable_and_show_tiny_values() {
    let out = shipped_site();
    for prefix in ["", "en/", "care/", "care/en/"] {
        let doc = parse(out, &format!("{prefix}programs/rural-roads/index.html"));
        let svg = doc.select(&sel("svg.chart")).next().unwrap();
        assert!(svg.value().attr("viewBox").is_none(), "chart text must not scale up");
        let labels: Vec<String> = svg.select(&sel(".chart-value")).map(|e| e.text().collect()).collect();
        let first: Vec<&str> = labels.iter().map(|l| l.split_whitespace().next().unwrap()).collect();
        let values: Vec<f64> = first
            .iter()
            .map(|l| {
                l.trim_end_matches(|c: char| !c.is_ascii_digit())
                    .replace(',', "")
                    .parse()
                    .unwrap()
            })
            .collect();
        assert!(
            values.windows(2).all(|w| w[0] >= w[1]),
            "{prefix}: not sorted {labels:?}"
        );
        let note = texts_of(&doc, ".chart-note");
        assert!(
            note[0].contains(if prefix.ends_with("en/") {
                "Zengcheng District 2023"
            } else {
                "增城区2023年"
            }),
            "{note:?}"
        );
        let h4 = texts_of(&doc, "h4");
        assert!(
            h4.iter()
                .any(|h| h.ends_with("每万常住人口") || h.ends_with("Per 10,000 residents")),
            "{h4:?}"
        );
        let pc: Vec<String> = doc
            .select(&sel("#m-rural-roads-built-or-upgraded-pc + figure .chart-value"))
            .map(|e| e.text().collect())
            .collect();
        assert!(
            pc.iter().all(|v| v.contains("2022") || v.contains("2023")),
            "population year beside per-capita values: {pc:?}"
        );
    }
    // Chart text is smaller than table text (1rem) in both stylesheets.
    for (css, max) in [("style.css", 1.0), ("care.css", 1.0)] {
        let text = fs::read_to_string(out.join("assets").join(css)).unwrap();
        let rule = text
            .split(".chart text {")
            .nth(1)
            .expect("a .chart text rule")
            .split('}')
            .next()
            .unwrap();
        let size: f64 = rule
            .split("font-size:")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .trim()
            .trim_end_matches("rem")
            .parse()
            .unwrap();
        assert!(size < max, "{css}: {size}rem");
    }
}
