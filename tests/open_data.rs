//! Open data: every data folder (the site's `data/` and each plan's
//! `data/`) holds plans.json, projects.csv, targets.csv, the progress CSVs,
//! plans.schema.json and datapackage.json; the CSVs open in a spreadsheet
//! (BOM, stable columns, Chinese intact, parse and round-trip), ids
//! resolve across files, the package describes what is there, and plan
//! pages link their downloads.

mod common;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use common::*;
use serde_json::Value;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const PROJECT_COLUMNS: [&str; 35] = [
    "plan_id",
    "project_id",
    "number",
    "region_id",
    "region_zh",
    "region_en",
    "level",
    "year",
    "section_id",
    "section_zh",
    "section_en",
    "name_zh",
    "name_en",
    "category_id",
    "category_zh",
    "category_en",
    "program_ids",
    "summary_zh",
    "summary_en",
    "targets",
    "lead_units_zh",
    "lead_units_en",
    "responsible_units_zh",
    "responsible_units_en",
    "leaders_zh",
    "leaders_en",
    "caveat_zh",
    "caveat_en",
    "latest_report_id",
    "latest_as_of",
    "latest_status",
    "latest_status_word",
    "source_text",
    "source_url",
    "page_url",
];

const TARGET_COLUMNS: [&str; 23] = [
    "plan_id",
    "project_id",
    "target_no",
    "region_id",
    "year",
    "project_zh",
    "project_en",
    "program_id",
    "metric_id",
    "metric_zh",
    "metric_en",
    "text_zh",
    "text_en",
    "value",
    "unit_id",
    "unit_zh",
    "unit_en",
    "qualifier",
    "responsible_units_zh",
    "responsible_units_en",
    "quote",
    "source_url",
    "page_url",
];

/// A CSV file as header and rows, after checking the BOM, that every row
/// has the header's width, and that writing the rows back gives the same bytes.
fn read_csv(path: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let bytes = fs::read(path).unwrap();
    assert!(bytes.starts_with(BOM), "{}: no byte-order mark", path.display());
    let body = &bytes[BOM.len()..];
    assert!(!body.starts_with(BOM), "{}: two byte-order marks", path.display());
    let mut r = csv::Reader::from_reader(body);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let mut w = csv::Writer::from_writer(Vec::from(BOM));
    w.write_record(&header).unwrap();
    for rec in &records {
        assert_eq!(rec.len(), header.len(), "{}: ragged row", path.display());
        w.write_record(rec).unwrap();
    }
    assert_eq!(
        w.into_inner().unwrap(),
        bytes,
        "{}: does not round-trip",
        path.display()
    );
    let rows = records
        .iter()
        .map(|rec| header.iter().cloned().zip(rec.iter().map(String::from)).collect())
        .collect();
    (header, rows)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Checks one data folder; returns its projects as `(plan_id, project_id)`.
fn check_folder(dir: &Path) -> HashSet<(String, String)> {
    let (header, projects) = read_csv(&dir.join("projects.csv"));
    assert_eq!(header, PROJECT_COLUMNS);
    let (header, targets) = read_csv(&dir.join("targets.csv"));
    assert_eq!(header, TARGET_COLUMNS);
    let keys: HashSet<(String, String)> = projects
        .iter()
        .map(|r| (r["plan_id"].clone(), r["project_id"].clone()))
        .collect();
    assert_eq!(keys.len(), projects.len(), "{}: duplicate project keys", dir.display());
    let count: HashMap<(String, String), usize> = projects
        .iter()
        .map(|r| {
            (
                (r["plan_id"].clone(), r["project_id"].clone()),
                r["targets"].parse().unwrap(),
            )
        })
        .collect();
    for t in &targets {
        let k = (t["plan_id"].clone(), t["project_id"].clone());
        let n: usize = t["target_no"].parse().unwrap();
        assert!(
            n >= 1 && n <= count[&k],
            "{}: target {k:?} #{n} does not resolve",
            dir.display()
        );
        if !t["value"].is_empty() {
            t["value"].parse::<f64>().unwrap();
            assert!(!t["unit_id"].is_empty() && !t["quote"].is_empty());
        }
    }
    // plans.json holds the same projects and targets, and its progress
    // entries name projects of their plan.
    let plans = json(&dir.join("plans.json"));
    let mut json_keys = HashSet::new();
    let mut json_targets = 0;
    for plan in plans["plans"].as_array().unwrap() {
        let id = plan["id"].as_str().unwrap().to_string();
        let own: HashSet<&str> = plan["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        for p in plan["projects"].as_array().unwrap() {
            json_keys.insert((id.clone(), p["id"].as_str().unwrap().to_string()));
            json_targets += p["targets"].as_array().unwrap().len();
        }
        for r in plan["reports"].as_array().unwrap() {
            for e in r["entries"].as_array().unwrap() {
                assert!(own.contains(e["project"].as_str().unwrap()), "{id}: entry {e}");
            }
        }
    }
    assert_eq!(json_keys, keys);
    assert_eq!(json_targets, targets.len());
    // The package lists every file of the folder but itself, with its size,
    // hash and, for CSVs, the columns in order.
    let package = json(&dir.join("datapackage.json"));
    let mut listed: Vec<String> = vec!["datapackage.json".into()];
    for res in package["resources"].as_array().unwrap() {
        let path = res["path"].as_str().unwrap();
        assert!(
            !path.contains('/') && !path.starts_with('.'),
            "{path}: not inside the package"
        );
        let bytes = fs::read(dir.join(path)).unwrap();
        assert_eq!(res["bytes"].as_u64().unwrap() as usize, bytes.len(), "{path}");
        assert_eq!(
            res["hash"].as_str().unwrap(),
            format!("sha256:{}", gongkai::write::manifest::sha256_hex(&bytes))
        );
        for key in ["name", "format", "mediatype", "encoding", "description"] {
            assert!(res[key].is_string(), "{path}: no {key}");
        }
        if path.ends_with(".csv") {
            let fields: Vec<&str> = res["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    assert!(f["type"].is_string() && f["description"].is_string());
                    f["name"].as_str().unwrap()
                })
                .collect();
            let (header, _) = read_csv(&dir.join(path));
            assert_eq!(fields, header, "{path}: schema fields");
        }
        listed.push(path.to_string());
    }
    let mut present: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    present.sort();
    listed.sort();
    assert_eq!(present, listed, "{}", dir.display());
    keys
}

#[test]
fn shipped_data_parses_resolves_and_matches_the_pages() {
    let out = tempfile::tempdir().unwrap();
    let o = out.path();
    build_to(&shipped_root(), o, Some("https://example.gov.cn/minsheng/")).unwrap();
    let site = check_folder(&o.join("data"));
    let mut per_plan = HashSet::new();
    for plan in [
        "hebei/2023",
        "xiongan/2023",
        "tangshan/2024",
        "fengrun/2024",
        "zengcheng/2023",
    ] {
        per_plan.extend(check_folder(&o.join(format!("plans/{plan}/data"))));
    }
    assert_eq!(site, per_plan, "the site's files hold exactly the plans' projects");
    // Chinese is intact, and English sits in its own column.
    let (_, targets) = read_csv(&o.join("plans/tangshan/2024/data/targets.csv"));
    assert!(targets.iter().any(|r| r["quote"].contains("口袋公园")));
    let (_, rows) = read_csv(&o.join("plans/hebei/2023/data/projects.csv"));
    let shanty = rows.iter().find(|r| r["name_zh"] == "棚户区改造工程").unwrap();
    assert_eq!(shanty["name_en"], "Shantytown renovation");
    assert_eq!(shanty["responsible_units_zh"], "省住房城乡建设厅");
    // The progress copies are the files the pages link, byte for byte.
    for (copy, page_file) in [
        ("data/progress.zh.csv", "plans/progress.csv"),
        ("data/progress.en.csv", "en/plans/progress.csv"),
        ("plans/hebei/2023/data/progress.zh.csv", "plans/hebei/2023/progress.csv"),
        (
            "plans/hebei/2023/data/progress.en.csv",
            "en/plans/hebei/2023/progress.csv",
        ),
    ] {
        assert_eq!(
            fs::read(o.join(copy)).unwrap(),
            fs::read(o.join(page_file)).unwrap(),
            "{copy}"
        );
    }
    assert!(
        !o.join("plans/zengcheng/2023/data/progress.zh.csv").exists(),
        "no progress, no file"
    );
    let (_, progress) = read_csv(&o.join("data/progress.zh.csv"));
    for r in progress.iter().filter(|r| !r["project_id"].is_empty()) {
        assert!(site.contains(&(r["plan_id"].clone(), r["project_id"].clone())), "{r:?}");
    }
    // plans.json carries the reports with their entries.
    let hebei = json(&o.join("plans/hebei/2023/data/plans.json"));
    let reports = hebei["plans"][0]["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| !r["entries"].as_array().unwrap().is_empty()));
    // Each plan page links each file of its folder, in both languages and the care variant.
    for page in [
        "plans/hebei/2023/index.html",
        "en/plans/hebei/2023/index.html",
        "care/en/plans/hebei/2023/index.html",
    ] {
        let doc = parse(o, page);
        let links = attrs(&doc, "a[download]", "href");
        for file in [
            "plans.json",
            "projects.csv",
            "targets.csv",
            "progress.zh.csv",
            "datapackage.json",
        ] {
            let href = format!("/minsheng/plans/hebei/2023/data/{file}");
            assert!(links.contains(&href), "{page}: no link to {href}");
        }
    }
    // The data page lists the site's files and explains every column.
    for (page, heading) in [("data/index.html", "开放数据"), ("en/data/index.html", "Open data")] {
        let doc = parse(o, page);
        assert_eq!(text_of(&doc, "h1"), heading);
        let links = attrs(&doc, "a[download]", "href");
        assert!(links.contains(&"/minsheng/data/plans.json".to_string()));
        assert!(links.contains(&"/minsheng/plans/tangshan/2024/data/targets.csv".to_string()));
        let cols: Vec<String> = doc
            .select(&sel("#columns-targets + p + .table-wrap code"))
            .map(|c| c.text().collect())
            .collect();
        assert_eq!(cols, TARGET_COLUMNS);
    }
}

#[test]
fn licence_from_site_yaml_reaches_the_page_and_the_files() {
    let site = copy_site(&fixture("minimal"));
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), None).unwrap();
    let doc = parse(out.path(), "en/data/index.html");
    let text = text_of(&doc, "main");
    assert!(
        text.contains("has not yet stated a licence"),
        "placeholder without a licence"
    );
    assert!(json(&out.path().join("data/plans.json"))["site"]["licence"].is_null());

    let yaml = site.path().join("content/site.yaml");
    let mut s = fs::read_to_string(&yaml).unwrap();
    s.push_str("data_licence:\n  zh: 知识共享署名 4.0 国际许可协议\n  en: Creative Commons Attribution 4.0 International\n  url: https://creativecommons.org/licenses/by/4.0/\n");
    fs::write(&yaml, s).unwrap();
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), None).unwrap();
    for (page, name) in [
        ("data/index.html", "知识共享署名 4.0 国际许可协议"),
        ("en/data/index.html", "Creative Commons Attribution 4.0 International"),
    ] {
        let doc = parse(out.path(), page);
        let links = attrs(&doc, "main a[href^='https://creativecommons.org']", "href");
        assert_eq!(links, ["https://creativecommons.org/licenses/by/4.0/"]);
        assert!(text_of(&doc, "main").contains(name));
    }
    let plans = json(&out.path().join("data/plans.json"));
    assert_eq!(
        plans["site"]["licence"]["name"]["en"],
        "Creative Commons Attribution 4.0 International"
    );
    let package = json(&out.path().join("plans/alpha/2023/data/datapackage.json"));
    assert_eq!(
        package["licenses"][0]["path"],
        "https://creativecommons.org/licenses/by/4.0/"
    );

    fs::write(
        &yaml,
        fs::read_to_string(&yaml)
            .unwrap()
            .replace("https://creativecommons.org/licenses/by/4.0/", "javascript:alert(1)"),
    )
    .unwrap();
    let err = gongkai::check(site.path()).unwrap_err().to_string();
    assert!(err.contains("data_licence.url"), "{err}");
}

#[test]
fn cells_that_could_run_as_formulas_are_neutralised() {
    let site = copy_site(&fixture("minimal"));
    patch(
        site.path(),
        "content/plans/alpha/2023/plan.yaml",
        "en: Shantytown renovation}",
        "en: \"=HYPERLINK(\\\"http://evil.example/\\\")\"}",
    );
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), None).unwrap();
    for file in ["data/projects.csv", "data/targets.csv"] {
        let (_, rows) = read_csv(&out.path().join(file));
        let col = if file.ends_with("projects.csv") {
            "name_en"
        } else {
            "project_en"
        };
        assert!(
            rows.iter().any(|r| r[col] == "'=HYPERLINK(\"http://evil.example/\")"),
            "{file}"
        );
        assert!(rows.iter().all(|r| !r[col].starts_with('=')));
    }
}

#[test]
fn a_project_cannot_take_the_name_of_a_plan_folder() {
    let site = copy_site(&fixture("minimal"));
    patch(
        site.path(),
        "content/plans/alpha/2023/plan.yaml",
        "- id: shantytowns",
        "- id: data",
    );
    let err = gongkai::check(site.path()).unwrap_err().to_string();
    assert!(err.contains("`data` is reserved"), "{err}");
}
