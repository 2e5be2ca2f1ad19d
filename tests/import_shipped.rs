//! `gongkai import plan` measured on the five shipped plans: for each, the
//! source text is imported into a copy of the site without that plan, the
//! draft must pass `check` (no errors), recover every project and at least
//! 95% of the hand-made plan's figures (targets with a value, and milestone
//! values) with identical value, unit and quote. Recall is printed per plan
//! (`cargo test --test import_shipped -- --nocapture`).

mod common;

use std::fs;
use std::path::Path;

use gongkai::load::raw::RawPlan;
use gongkai::validate::squash;

/// A figure as compared: value, unit, qualifier, quote (whitespace removed).
#[derive(Debug, Clone, PartialEq)]
struct Fig {
    value: f64,
    unit: String,
    qualifier: String,
    quote: String,
}

fn figures(p: &gongkai::load::raw::RawProject) -> Vec<Fig> {
    let q = |x: &Option<gongkai::load::raw::S<String>>| x.as_ref().map_or("exactly".to_string(), |q| q.value.clone());
    let mut out = Vec::new();
    for t in &p.targets {
        if let (Some(v), Some(u)) = (&t.value, &t.unit) {
            out.push(Fig {
                value: v.value,
                unit: u.value.clone(),
                qualifier: q(&t.qualifier),
                quote: squash(&t.quote.value),
            });
        }
    }
    for m in &p.milestones {
        for v in &m.values {
            out.push(Fig {
                value: v.value.value,
                unit: v.unit.value.clone(),
                qualifier: q(&v.qualifier),
                quote: v.quote.as_ref().map_or(String::new(), |q| squash(&q.value)),
            });
        }
    }
    out
}

fn read_plan(path: &Path) -> RawPlan {
    let text = fs::read_to_string(path).unwrap();
    gongkai::load::parse_text::<RawPlan>(path, &text).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
}

struct Recall {
    projects: (usize, usize),
    figures: (usize, usize),
    /// Same value and unit, one quote inside the other.
    overlapping: usize,
    qualifiers: usize,
    missed: Vec<String>,
    same_count: bool,
}

fn compare(hand: &RawPlan, draft: &RawPlan) -> Recall {
    let mut r = Recall {
        projects: (0, hand.projects.len()),
        figures: (0, 0),
        overlapping: 0,
        qualifiers: 0,
        missed: Vec::new(),
        same_count: true,
    };
    for (i, hp) in hand.projects.iter().enumerate() {
        let dp = draft.projects.get(i).filter(|d| d.number.value == hp.number.value);
        if dp.is_some() {
            r.projects.0 += 1;
        }
        let got = dp.map(figures).unwrap_or_default();
        for f in figures(hp) {
            r.figures.1 += 1;
            let same = got
                .iter()
                .find(|g| g.value == f.value && g.unit == f.unit && g.quote == f.quote);
            let overlap = |g: &&Fig| {
                g.value == f.value && g.unit == f.unit && (g.quote.contains(&f.quote) || f.quote.contains(&g.quote))
            };
            if got.iter().any(|g| overlap(&g)) {
                r.overlapping += 1;
            }
            match same {
                Some(g) => {
                    r.figures.0 += 1;
                    if g.qualifier == f.qualifier {
                        r.qualifiers += 1;
                    }
                }
                None => r
                    .missed
                    .push(format!("{} {} {} «{}»", hp.number.value, f.value, f.unit, f.quote)),
            }
        }
    }
    r
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Imports one shipped plan's text into a site without it; compares and prints.
fn one_plan(shipped: &Path, region: &str, year: &str) -> (Recall, usize) {
    let site = common::copy_site(shipped);
    let rel = format!("content/plans/{region}/{year}");
    fs::remove_dir_all(site.path().join(&rel)).unwrap();
    let src = shipped.join(&rel).join("source.zh.txt");
    let summary = gongkai::import::import_plan(site.path(), &src, region, year.parse().unwrap(), None).unwrap();
    let check = gongkai::check_all(site.path()).unwrap();
    let review_warnings = check
        .report
        .warnings
        .iter()
        .filter(|w| w.message.contains("REVIEW"))
        .count();
    let hand = read_plan(&shipped.join(&rel).join("plan.yaml"));
    let draft = read_plan(&site.path().join(&rel).join("plan.yaml"));
    let mut r = compare(&hand, &draft);
    r.same_count = draft.projects.len() == hand.projects.len();
    println!(
        "{region}/{year}: projects {}/{} ({:.0}%), figures {}/{} ({:.1}%; {:.1}% with one quote inside the other), same qualifier {}/{}, check: {} errors, {} warnings ({} REVIEW marks)",
        r.projects.0,
        r.projects.1,
        pct(r.projects.0, r.projects.1),
        r.figures.0,
        r.figures.1,
        pct(r.figures.0, r.figures.1),
        pct(r.overlapping, r.figures.1),
        r.qualifiers,
        r.figures.0,
        check.errors.len(),
        check.report.warnings.len(),
        review_warnings,
    );
    for m in &r.missed {
        println!("    missed: {m}");
    }
    for e in &check.errors {
        println!("    error: {e}");
    }
    assert_eq!(summary.plan.projects.len(), draft.projects.len());
    // `check` warns once per REVIEW comment, at its line.
    assert_eq!(review_warnings, summary.reviews, "{region}/{year}");
    (r, check.errors.len())
}

#[test]
fn drafts_of_the_shipped_plans_match_the_hand_made_ones() {
    let shipped = common::shipped_root();
    let mut plans: Vec<(String, String)> = Vec::new();
    for region in fs::read_dir(shipped.join("content/plans")).unwrap() {
        let region = region.unwrap();
        for year in fs::read_dir(region.path()).unwrap() {
            let year = year.unwrap();
            plans.push((
                region.file_name().to_string_lossy().into(),
                year.file_name().to_string_lossy().into(),
            ));
        }
    }
    plans.sort();
    assert_eq!(plans.len(), 5, "{plans:?}");
    let (mut all_hit, mut all_total, mut all_overlapping) = (0, 0, 0);
    let mut failures = Vec::new();
    for (region, year) in &plans {
        let (r, errors) = one_plan(&shipped, region, year);
        all_hit += r.figures.0;
        all_total += r.figures.1;
        all_overlapping += r.overlapping;
        if errors > 0 {
            failures.push(format!("{region}/{year}: the draft fails check"));
        }
        if r.projects.0 != r.projects.1 || !r.same_count {
            failures.push(format!("{region}/{year}: projects {}/{}", r.projects.0, r.projects.1));
        }
        if pct(r.figures.0, r.figures.1) < 95.0 || pct(r.overlapping, r.figures.1) < 95.0 {
            failures.push(format!(
                "{region}/{year}: figure recall {:.1}%",
                pct(r.figures.0, r.figures.1)
            ));
        }
    }
    println!(
        "all five: figures {all_hit}/{all_total} ({:.1}%; {:.1}% with one quote inside the other)",
        pct(all_hit, all_total),
        pct(all_overlapping, all_total)
    );
    assert!(pct(all_hit, all_total) >= 95.0);
    assert!(failures.is_empty(), "{failures:#?}");
}
