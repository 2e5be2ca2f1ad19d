//! Comparisons on the shipped content: per-capita values and shares of the
//! parent's target checked against hand-computed figures, no share across
//! years, charts labelled for screen readers, and the CSV matching the table.

mod common;

use common::*;
use gongkai::derive::SiteMap;
use gongkai::load::SourceSet;

fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// (plan key, value, per 10k, share) of one cell.
type Row = (String, f64, Option<f64>, Option<(String, f64)>);

/// Every cell of a program's metric.
fn cells(program: &str, metric: &str) -> Vec<Row> {
    let sources = SourceSet::read_dir(&shipped_root()).unwrap();
    let m = gongkai::validate_sources(&sources).unwrap().model;
    let map = SiteMap::new(&m, &m.site.base_url);
    let g = m.programs.iter().position(|p| p.id == program).unwrap();
    let mi = m.programs[g].metrics.iter().position(|x| x.id == metric).unwrap();
    map.indexes.comparisons(&m)[g].metrics[mi]
        .cells
        .iter()
        .map(|c| {
            let share = c.share.map(|s| (m.plan_key(&m.plans[s.parent.0]), s.ratio));
            (
                m.plan_key(&m.plans[c.project.0]),
                c.value,
                c.per_10k.map(|x| x.0),
                share,
            )
        })
        .collect()
}

fn find<'a, T>(rows: &'a [(String, f64, Option<f64>, T)], plan: &str) -> &'a (String, f64, Option<f64>, T) {
    rows.iter()
        .find(|r| r.0 == plan)
        .unwrap_or_else(|| panic!("{plan} missing"))
}

#[test]
fn rural_roads_per_capita_and_shares() {
    let rows = cells("rural-roads", "built-or-upgraded");
    // Hebei 2023: 7,000 km for 74.2 million residents (2022).
    let hebei = find(&rows, "hebei/2023");
    assert!(approx(hebei.1, 7000.0) && approx(hebei.2.unwrap(), 7000.0 / 74_200_000.0 * 10_000.0));
    assert_eq!(hebei.3, None, "Hebei has no parent plan");
    // Xiong'an 2023: 113 km of Hebei's 7,000 km in the same year.
    let xa = find(&rows, "xiongan/2023");
    let (parent, ratio) = xa.3.clone().unwrap();
    assert_eq!(parent, "hebei/2023");
    assert!(approx(ratio, 113.0 / 7000.0));
    assert_eq!(xa.2, None, "no cited population for Xiong'an: blank, not zero");
    // Tangshan 2024 against Hebei 2023: different years, so no share.
    assert_eq!(find(&rows, "tangshan/2024").3, None);
    // Fengrun 2024: 146 km of Tangshan's 500 km in 2024.
    let (parent, ratio) = find(&rows, "fengrun/2024").3.clone().unwrap();
    assert_eq!(parent, "tangshan/2024");
    assert!(approx(ratio, 146.0 / 500.0));
    // Zengcheng 2023: 7.6 km for 1,586,700 residents (2023).
    assert!(approx(
        find(&rows, "zengcheng/2023").2.unwrap(),
        7.6 / 1_586_700.0 * 10_000.0
    ));
}

#[test]
fn old_communities_and_employment_shares() {
    let rows = cells("old-communities", "communities-renovated");
    let (parent, ratio) = find(&rows, "xiongan/2023").3.clone().unwrap();
    assert_eq!(parent, "hebei/2023");
    assert!(approx(ratio, 37.0 / 1816.0));
    assert!(approx(
        find(&rows, "hebei/2023").2.unwrap(),
        1816.0 / 74_200_000.0 * 10_000.0
    ));
    let rows = cells("employment", "new-urban-jobs");
    assert!(approx(
        find(&rows, "hebei/2023").2.unwrap(),
        860_000.0 / 74_200_000.0 * 10_000.0
    ));
    let (_, ratio) = find(&rows, "xiongan/2023").3.clone().unwrap();
    assert!(approx(ratio, 8200.0 / 860_000.0));
    assert_eq!(find(&rows, "zengcheng/2023").3, None, "no Guangzhou plan: no share");
}

#[test]
fn no_share_is_ever_computed_across_years() {
    let sources = SourceSet::read_dir(&shipped_root()).unwrap();
    let m = gongkai::validate_sources(&sources).unwrap().model;
    let map = SiteMap::new(&m, &m.site.base_url);
    let mut shares = 0;
    for cmp in map.indexes.comparisons(&m) {
        for mc in &cmp.metrics {
            for c in &mc.cells {
                if let Some(s) = c.share {
                    shares += 1;
                    let (plan, parent) = (&m.plans[c.project.0], &m.plans[s.parent.0]);
                    assert_eq!(plan.year, parent.year, "share across years");
                    assert_eq!(
                        m.regions[plan.region].parent,
                        Some(parent.region),
                        "share with a non-parent"
                    );
                }
            }
        }
    }
    assert!(shares >= 10, "only {shares} shares");
}

#[test]
fn comparison_table_chart_and_csv_agree() {
    let out = tempfile::tempdir().unwrap();
    build_to(&shipped_root(), out.path(), Some("https://example.gov.cn/")).unwrap();
    for (prefix, share_text) in [("", "1.6%"), ("en/", "1.6%")] {
        let page = parse(out.path(), &format!("{prefix}programs/rural-roads/index.html"));
        let tables: Vec<_> = page.select(&sel("table[data-sortable]")).collect();
        assert!(!tables.is_empty());
        let table = tables[0];
        let rows: Vec<_> = table.select(&sel("tbody tr")).collect();
        assert_eq!(rows.len(), 5, "five plans carry rural roads");
        assert!(table.select(&sel("caption")).next().is_some());
        assert_eq!(table.select(&sel("thead th[scope=col]")).count(), 6);
        let text: String = table.text().collect();
        assert!(text.contains(share_text), "{prefix}: {text}");
        // The chart beside it: labelled, one bar per row.
        let chart = page.select(&sel("svg.chart[role=img]")).next().expect("chart");
        assert!(chart.select(&sel("title")).next().is_some() && chart.select(&sel("desc")).next().is_some());
        assert_eq!(chart.select(&sel("rect.chart-bar")).count(), rows.len());
        // The CSV: BOM, parses, one row per table row of this metric, same values.
        let csv_href = attrs(&page, "a.download", "href");
        let file = url_to_file("/", "", &csv_href[0]).unwrap();
        let bytes = std::fs::read(out.path().join(&file)).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "CSV starts with a BOM");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let metric_rows: Vec<&csv::StringRecord> = records
            .iter()
            .filter(|r| &r[col("metric_id")] == "built-or-upgraded")
            .collect();
        assert_eq!(metric_rows.len(), rows.len());
        for (row, rec) in rows.iter().zip(&metric_rows) {
            let sort: f64 = row
                .select(&sel("td[data-sort]"))
                .next()
                .unwrap()
                .value()
                .attr("data-sort")
                .unwrap()
                .parse()
                .unwrap();
            assert!(approx(sort, rec[col("value")].parse().unwrap()));
            let cells: Vec<String> = row.select(&sel("td")).map(|td| td.text().collect::<String>()).collect();
            let share = &rec[col("share_of_parent")];
            if share.is_empty() {
                assert!(cells[3].contains('—'), "blank share shown as a dash: {cells:?}");
            } else {
                assert!(cells[3].contains(share), "{share} not in {cells:?}");
            }
            assert!(!rec[col("quote")].is_empty() && !rec[col("plan_id")].is_empty());
        }
    }
}

#[test]
fn matrix_and_cascade_pages() {
    let out = tempfile::tempdir().unwrap();
    build_to(&shipped_root(), out.path(), None).unwrap();
    let matrix = parse(out.path(), "en/compare/index.html");
    assert_eq!(matrix.select(&sel("thead th")).count(), 1 + 5, "a column per plan");
    assert!(matrix.select(&sel("tbody tr")).count() >= 20);
    // Cascade on the rural-roads program: Hebei > Tangshan > Fengrun, with Fengrun's share of Tangshan.
    let page = parse(out.path(), "en/programs/rural-roads/index.html");
    let nested = page
        .select(&sel("ul.cascade ul.cascade ul.cascade > li"))
        .next()
        .expect("three levels");
    let text: String = nested.text().collect();
    assert!(text.contains("Fengrun") && text.contains("29.2%"), "{text}");
    // A derived plan compares with its parent.
    let xa = parse(out.path(), "en/plans/xiongan/2023/index.html");
    assert!(xa.select(&sel("#compared-h")).next().is_some());
}
