//! How long the live preview takes to prepare a site after an edit to one
//! plan: validate (only the edited plan is parsed and checked again, see
//! `validate::Checks`), derive and compile, before any page is rendered.
//!
//! `cargo run --release --example prepare_timings -- SITE [ROUNDS]`
//!
//! The first plan file (in path order) of the site is rewritten ROUNDS
//! times (default 5), with a comment line added, and restored at the end.

use std::time::{Duration, Instant};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: prepare_timings SITE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    let root = std::path::PathBuf::from(root).canonicalize().expect("the site folder");
    let t = Instant::now();
    let mut preview = gongkai::serve::site::Preview::new(&root, "http://127.0.0.1/").expect("the site");
    let first = preview.prepare().expect("valid content");
    println!(
        "first prepare: {:.0} ms, {} warnings",
        ms(t.elapsed()),
        first.warnings.all().len()
    );
    let plan = walkdir::WalkDir::new(root.join("content/plans"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name() == "plan.yaml")
        .expect("a plan")
        .into_path();
    let original = std::fs::read_to_string(&plan).expect("the plan");
    let mut times = Vec::new();
    for n in 0..rounds {
        std::fs::write(&plan, format!("{original}\n# edit {n}\n")).expect("writing the plan");
        let t = Instant::now();
        preview.apply(std::slice::from_ref(&plan));
        let p = preview.prepare().expect("valid content");
        let total = t.elapsed();
        println!(
            "edit {n}: {:.0} ms (validate {:.0}, derive {:.0}, templates {:.0})",
            ms(total),
            ms(p.validate),
            ms(p.derive),
            ms(p.compile)
        );
        times.push(total);
    }
    std::fs::write(&plan, original).expect("restoring the plan");
    times.sort();
    println!("median of {rounds}: {:.0} ms", ms(times[times.len() / 2]));
}
