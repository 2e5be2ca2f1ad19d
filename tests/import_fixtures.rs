//! `gongkai import` on real documents beyond the shipped plans: published
//! plans and progress reports of other regions and layouts, kept in
//! `tests/fixtures/import/` with hand-checked expectations
//! (`<name>.expected.yaml`; sources in its README). Each draft must pass
//! `check`; recall (expected figures found with identical value, unit and
//! quote, or percentage) and precision (draft figures that are expected)
//! are printed per document (`cargo test --test import_fixtures -- --nocapture`)
//! and must not fall below the floors measured when the importer was written.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use gongkai::load::raw::RawPlan;
use gongkai::load::raw_progress::RawProgress;
use gongkai::validate::squash;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    kind: String,
    region: String,
    year: i32,
    items: serde_saphyr_items::Items,
    #[serde(default)]
    unmatched: Option<usize>,
    figures: Vec<ExpectedFigure>,
}

mod serde_saphyr_items {
    use serde::Deserialize;
    /// A plan expects a count of items; a progress report the plan items it names.
    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    pub enum Items {
        Count(usize),
        List(Vec<usize>),
    }
}

#[derive(Debug, Deserialize, Clone)]
struct ExpectedFigure {
    item: usize,
    value: f64,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    qualifier: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    percent: Option<f64>,
}

fn fixtures() -> PathBuf {
    common::fixture("import")
}

/// A copy of the shipped site with the regions the fixtures need.
fn site() -> tempfile::TempDir {
    let site = common::copy_site(&common::shipped_root());
    let regions = site.path().join("content/regions.yaml");
    let mut text = fs::read_to_string(&regions).unwrap();
    for (id, zh, en) in [
        ("shunde", "顺德区", "Shunde District"),
        ("nanhai", "南海区", "Nanhai District"),
        ("xiaoxian", "萧县", "Xiao County"),
    ] {
        text.push_str(&format!(
            "- id: {id}\n  name: {{zh: {zh}, en: {en}}}\n  level: district\n  parent: guangdong\n"
        ));
    }
    fs::write(regions, text).unwrap();
    site
}

fn expected(name: &str) -> Expected {
    let text = fs::read_to_string(fixtures().join(format!("{name}.expected.yaml"))).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn read<T: serde::de::DeserializeOwned + schemars::JsonSchema>(path: &Path) -> T {
    let text = fs::read_to_string(path).unwrap();
    gongkai::load::parse_text::<T>(path, &text).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
}

/// A draft figure as compared: item (1-based), value, unit (None: no unit), qualifier, quote.
type Got = (usize, f64, Option<String>, String, String);

fn plan_figures(plan: &RawPlan) -> Vec<Got> {
    let mut out = Vec::new();
    for (i, p) in plan.projects.iter().enumerate() {
        for t in &p.targets {
            let q = t.qualifier.as_ref().map_or("exactly".to_string(), |q| q.value.clone());
            match (&t.value, &t.unit) {
                (Some(v), Some(u)) => out.push((i + 1, v.value, Some(u.value.clone()), q, squash(&t.quote.value))),
                // A figure left without a value for want of a unit.
                _ if gongkai::import::numbers::scan(&t.quote.value)
                    .found
                    .iter()
                    .any(|f| f.measure.is_some()) =>
                {
                    out.push((i + 1, f64::NAN, None, q, squash(&t.quote.value)))
                }
                _ => {}
            }
        }
        for m in &p.milestones {
            for v in &m.values {
                let q = v.qualifier.as_ref().map_or("exactly".to_string(), |q| q.value.clone());
                let quote = v.quote.as_ref().map_or(String::new(), |q| squash(&q.value));
                out.push((i + 1, v.value.value, Some(v.unit.value.clone()), q, quote));
            }
        }
    }
    out
}

fn plan_matches(e: &ExpectedFigure, g: &Got) -> bool {
    let quote = e.quote.as_deref().map(squash).unwrap_or_default();
    let value = e.unit.is_none() || g.1 == e.value;
    // A figure drafted without a value carries no qualifier yet.
    let qualifier = e.unit.is_none() || e.qualifier.as_deref().unwrap_or("exactly") == g.3;
    g.0 == e.item && g.2 == e.unit && value && g.4 == quote && qualifier
}

struct Score {
    recall: (usize, usize),
    precision: (usize, usize),
    misses: Vec<String>,
    extras: Vec<String>,
}

fn pct((a, b): (usize, usize)) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn score<G>(
    exp: &[ExpectedFigure],
    got: &[G],
    matches: impl Fn(&ExpectedFigure, &G) -> bool,
    show: impl Fn(&G) -> String,
) -> Score {
    let mut s = Score {
        recall: (0, exp.len()),
        precision: (0, got.len()),
        misses: Vec::new(),
        extras: Vec::new(),
    };
    for e in exp {
        if got.iter().any(|g| matches(e, g)) {
            s.recall.0 += 1;
        } else {
            s.misses.push(format!("{e:?}"));
        }
    }
    for g in got {
        if exp.iter().any(|e| matches(e, g)) {
            s.precision.0 += 1;
        } else {
            s.extras.push(show(g));
        }
    }
    s
}

fn report(name: &str, items: String, s: &Score, errors: usize) {
    println!(
        "{name}: {items}; figures recall {}/{} ({:.0}%), precision {}/{} ({:.0}%); check: {errors} errors",
        s.recall.0,
        s.recall.1,
        pct(s.recall),
        s.precision.0,
        s.precision.1,
        pct(s.precision)
    );
    for m in &s.misses {
        println!("    missed: {m}");
    }
    for x in &s.extras {
        println!("    not expected: {x}");
    }
}

/// Imports a plan fixture; returns the draft and the number of `check` errors.
fn import_plan(site: &Path, name: &str, file: &str) -> (RawPlan, Score, usize) {
    let exp = expected(name);
    assert_eq!(exp.kind, "plan");
    let rel = format!("content/plans/{}/{}", exp.region, exp.year);
    let _ = fs::remove_dir_all(site.join(&rel));
    gongkai::import::import_plan(site, &fixtures().join(file), &exp.region, exp.year, None).unwrap();
    let check = gongkai::check_all(site).unwrap();
    for e in &check.errors {
        println!("    error: {e}");
    }
    let draft: RawPlan = read(&site.join(&rel).join("plan.yaml"));
    let got = plan_figures(&draft);
    let s = score(&exp.figures, &got, plan_matches, |g| {
        format!("{} {} {:?} «{}»", g.0, g.1, g.2, g.4)
    });
    let serde_saphyr_items::Items::Count(n) = exp.items else {
        panic!("{name}: items")
    };
    let items = format!("items {}/{n}", draft.projects.len().min(n));
    report(name, items, &s, check.errors.len());
    assert_eq!(draft.projects.len(), n, "{name}: items found");
    (draft, s, check.errors.len())
}

#[test]
fn plans_and_a_progress_report_from_other_regions() {
    let site = site();
    let root = site.path();
    // (fixture, text file, recall floor %, precision floor %): the floors are
    // what the importer reached when written; a regression fails.
    let plans = [
        ("shunde-2024-plan", "shunde-2024-plan.txt", 100.0, 100.0),
        ("nanhai-2024-plan", "nanhai-2024-plan.txt", 80.0, 88.0),
        ("hebei-2026-plan", "hebei-2026-plan.txt", 100.0, 100.0),
        ("hebei-2021-plan", "hebei-2021-plan.zh-Hant.txt", 100.0, 100.0),
    ];
    for (name, file, recall, precision) in plans {
        let (_, s, errors) = import_plan(root, name, file);
        assert_eq!(errors, 0, "{name}: the draft fails check");
        assert!(
            pct(s.recall) >= recall && pct(s.precision) >= precision,
            "{name}: below the floor"
        );
    }
    // The progress report, against the plan just drafted from hebei-2021.
    progress_case(root, "hebei-2021-progress-2021-11-19", "hebei/2021", 100.0, 100.0);
}

/// A dense county report (萧县, 21 items in two paragraphs), against a stub
/// of its plan made from the report's own item names.
#[test]
fn a_county_progress_report() {
    let site = site();
    let root = site.path();
    let dir = root.join("content/plans/xiaoxian/2025");
    fs::create_dir_all(&dir).unwrap();
    for f in ["plan.yaml", "source.zh.txt"] {
        fs::copy(fixtures().join("xiaoxian-2025-stub").join(f), dir.join(f)).unwrap();
    }
    progress_case(root, "xiaoxian-2025-09-progress", "xiaoxian/2025", 95.0, 100.0);
}

/// Imports a progress fixture against `plan` and scores it.
fn progress_case(root: &Path, name: &str, plan_key: &str, recall: f64, precision: f64) {
    let exp = expected(name);
    let summary =
        gongkai::import::progress::import(root, &fixtures().join(format!("{name}.txt")), plan_key, None).unwrap();
    let check = gongkai::check_all(root).unwrap();
    for e in &check.errors {
        println!("    error: {e}");
    }
    let plan: RawPlan = read(&root.join(format!("content/plans/{plan_key}/plan.yaml")));
    let draft: RawProgress = read(&summary.file);
    let index = |id: &str| plan.projects.iter().position(|p| p.id.value == id).unwrap() + 1;
    let mut got: Vec<(usize, f64, String, Option<f64>)> = Vec::new();
    for e in &draft.projects {
        let i = index(&e.project.value);
        for a in &e.actuals {
            got.push((
                i,
                a.value.value,
                a.unit.value.clone(),
                a.percent.as_ref().map(|p| p.value),
            ));
        }
        for f in e
            .investment
            .iter()
            .flat_map(|inv| [&inv.total, &inv.planned, &inv.spent])
            .flatten()
        {
            got.push((i, f.value.value, f.unit.value.clone(), None));
        }
        if let Some(w) = &e.works_percent {
            got.push((i, w.value.value, "works-percent".to_string(), None));
        }
    }
    let s = score(
        &exp.figures,
        &got,
        |e, g| g.0 == e.item && g.1 == e.value && Some(&g.2) == e.unit.as_ref() && g.3 == e.percent,
        |g| format!("{g:?}"),
    );
    let mut named: Vec<usize> = draft.projects.iter().map(|e| index(&e.project.value)).collect();
    named.sort();
    let serde_saphyr_items::Items::List(want) = &exp.items else {
        panic!("{name}: items")
    };
    let unmatched = fs::read_to_string(&summary.file)
        .unwrap()
        .matches("naming no project")
        .count();
    let missing: Vec<&usize> = want.iter().filter(|i| !named.contains(i)).collect();
    let extra: Vec<&usize> = named.iter().filter(|i| !want.contains(i)).collect();
    report(
        name,
        format!(
            "items matched {}/{} (missing {missing:?}, wrong {extra:?}), unmatched passages {unmatched}",
            named.len() - extra.len(),
            want.len()
        ),
        &s,
        check.errors.len(),
    );
    assert!(check.errors.is_empty(), "{name}: the draft fails check");
    assert!(extra.is_empty(), "{name}: a passage matched to the wrong project");
    assert!(
        pct(s.recall) >= recall && pct(s.precision) >= precision,
        "{name}: below the floor"
    );
    if recall >= 100.0 {
        assert_eq!(&named, want);
        assert_eq!(Some(unmatched), exp.unmatched);
    }
}

/// The Traditional-character reprint of the Xiong'an plan, converted, gives
/// the figures of the hand-made plan that its (truncated) text contains.
#[test]
fn a_traditional_reprint_gives_the_hand_made_figures() {
    let site = site();
    let root = site.path();
    let rel = "content/plans/xiongan/2023";
    fs::remove_dir_all(root.join(rel)).unwrap();
    let summary = gongkai::import::import_plan(
        root,
        &fixtures().join("xiongan-2023-plan.zh-Hant.txt"),
        "xiongan",
        2023,
        None,
    )
    .unwrap();
    assert!(
        summary.plan.notes.iter().any(|n| n.contains("OpenCC")),
        "{:?}",
        summary.plan.notes
    );
    let text = fs::read_to_string(root.join(rel).join("source.zh.txt")).unwrap();
    let hand: RawPlan = read(&common::shipped_root().join(rel).join("plan.yaml"));
    let draft: RawPlan = read(&root.join(rel).join("plan.yaml"));
    let got = plan_figures(&draft);
    let mut exp = Vec::new();
    for (i, p) in hand.projects.iter().enumerate() {
        for t in &p.targets {
            if let (Some(v), Some(u)) = (&t.value, &t.unit) {
                if squash(&text).contains(&squash(&t.quote.value)) {
                    let qualifier = t.qualifier.as_ref().map(|q| q.value.clone());
                    exp.push(ExpectedFigure {
                        item: i + 1,
                        value: v.value,
                        unit: Some(u.value.clone()),
                        qualifier,
                        quote: Some(t.quote.value.clone()),
                        percent: None,
                    });
                }
            }
        }
    }
    let s = score(&exp, &got, plan_matches, |g| {
        format!("{} {} {:?} «{}»", g.0, g.1, g.2, g.4)
    });
    let check = gongkai::check_all(root).unwrap();
    report(
        "xiongan-2023-plan.zh-Hant",
        format!("items {}", draft.projects.len()),
        &s,
        check.errors.len(),
    );
    assert!(check.errors.is_empty());
    assert_eq!(draft.projects.len(), 5);
    assert!(exp.len() >= 12);
    assert!(pct(s.recall) >= 100.0, "every figure the text holds is found");
}

/// A GB18030 file is decoded (and the conversion noted); an existing plan
/// folder is never overwritten, and `--output` never writes into a
/// non-empty folder.
#[test]
fn gb18030_input_and_no_overwrite() {
    let site = site();
    let root = site.path();
    let text = fs::read_to_string(fixtures().join("hebei-2026-plan.txt")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let file = root.join("notice.txt");
    fs::write(&file, &gb).unwrap();
    let s = gongkai::import::import_plan(root, &file, "hebei", 2026, None).unwrap();
    assert!(s.plan.notes.iter().any(|n| n.contains("GB18030")), "{:?}", s.plan.notes);
    let written = fs::read_to_string(root.join("content/plans/hebei/2026/source.zh.txt")).unwrap();
    assert_eq!(written, text);
    let again = gongkai::import::import_plan(root, &file, "hebei", 2026, None);
    assert!(matches!(again, Err(gongkai::error::Error::Usage(m)) if m.contains("never overwrites")));
    let out = root.join("elsewhere");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("keep.txt"), "mine").unwrap();
    assert!(gongkai::import::import_plan(root, &file, "hebei", 2026, Some(&out)).is_err());
    assert_eq!(fs::read_to_string(out.join("keep.txt")).unwrap(), "mine");
    let empty = root.join("draft");
    gongkai::import::import_plan(root, &file, "hebei", 2026, Some(&empty)).unwrap();
    assert!(empty.join("plan.yaml").is_file());
}
