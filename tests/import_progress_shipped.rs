//! `gongkai import progress` measured on the shipped progress reports: each
//! report's text is imported into a copy of the site without that report;
//! the draft must pass `check`, and its entries and figures are compared
//! with the hand-made file (project, value, unit and printed percentage).
//! Printed per report with `cargo test --test import_progress_shipped -- --nocapture`.

mod common;

use std::fs;

use gongkai::load::raw_progress::RawProgress;

type Fig = (String, f64, String, Option<f64>);

fn figures(r: &RawProgress) -> Vec<Fig> {
    let mut out = Vec::new();
    for e in &r.projects {
        for a in &e.actuals {
            out.push((
                e.project.value.clone(),
                a.value.value,
                a.unit.value.clone(),
                a.percent.as_ref().map(|p| p.value),
            ));
        }
        if let Some(w) = &e.works_percent {
            out.push((
                e.project.value.clone(),
                w.value.value,
                "works-percent".to_string(),
                None,
            ));
        }
    }
    out
}

fn read(path: &std::path::Path) -> RawProgress {
    let text = fs::read_to_string(path).unwrap();
    gongkai::load::parse_text::<RawProgress>(path, &text).unwrap()
}

#[test]
fn drafts_of_the_shipped_progress_reports() {
    let shipped = common::shipped_root();
    let mut reports = Vec::new();
    for plan in ["hebei/2023", "tangshan/2024", "xiongan/2023"] {
        let dir = shipped.join(format!("content/plans/{plan}/progress"));
        for f in fs::read_dir(&dir).unwrap() {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".yaml") {
                reports.push((plan, stem.to_string()));
            }
        }
    }
    reports.sort();
    assert_eq!(reports.len(), 4);
    let (mut hit, mut total, mut right, mut drafted) = (0, 0, 0, 0);
    for (plan, stem) in &reports {
        let site = common::copy_site(&shipped);
        let dir = site.path().join(format!("content/plans/{plan}/progress"));
        let text = dir.join(format!("{stem}.zh.txt"));
        let moved = site.path().join("report.txt");
        fs::rename(&text, &moved).unwrap();
        fs::remove_file(dir.join(format!("{stem}.yaml"))).unwrap();
        let summary = gongkai::import::progress::import(site.path(), &moved, plan, None).unwrap();
        let check = gongkai::check_all(site.path()).unwrap();
        let hand = read(&shipped.join(format!("content/plans/{plan}/progress/{stem}.yaml")));
        let draft = read(&summary.file);
        let (h, d) = (figures(&hand), figures(&draft));
        let found = h.iter().filter(|f| d.contains(f)).count();
        let correct = d.iter().filter(|f| h.contains(f)).count();
        let mut hp: Vec<&str> = hand.projects.iter().map(|e| e.project.value.as_str()).collect();
        let mut dp: Vec<&str> = draft.projects.iter().map(|e| e.project.value.as_str()).collect();
        hp.sort();
        dp.sort();
        println!(
            "{plan} {stem}: projects {:?} (hand-made {:?}); figures recall {found}/{} , precision {correct}/{}; as_of {} (hand-made {}); check: {} errors",
            dp,
            hp,
            h.len(),
            d.len(),
            draft.as_of.value,
            hand.as_of.value,
            check.errors.len()
        );
        for f in h.iter().filter(|f| !d.contains(f)) {
            println!("    missed: {f:?}");
        }
        for f in d.iter().filter(|f| !h.contains(f)) {
            println!("    not in the hand-made file: {f:?}");
        }
        for e in &check.errors {
            println!("    error: {e}");
        }
        assert!(check.errors.is_empty(), "{plan} {stem}: the draft fails check");
        (hit, total, right, drafted) = (hit + found, total + h.len(), right + correct, drafted + d.len());
    }
    println!("all four: figures recall {hit}/{total}, precision {right}/{drafted}");
    // Floors measured when the importer was written.
    assert_eq!(hit, total, "recall {hit}/{total}");
    assert!(right * 100 >= drafted * 80, "precision {right}/{drafted}");
}
