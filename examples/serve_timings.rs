//! Measures the live preview on a copy of the shipped site (with its theme
//! folder, as when `gongkai serve` runs from this repository): for one
//! project edit, one plan edit and one theme (template) edit, the time from
//! writing the file to the changed page being served, and how many pages
//! were re-rendered.
//!
//! cargo run --release --example serve_timings [-- ROUNDS [SITE]]
//!
//! Each edit is made ROUNDS times (default 5), alternating between two
//! versions of the file. With SITE (a site folder, such as one written by
//! `examples/synthetic`), that site is copied and previewed instead, and the
//! name of the first project and the title of the first plan (in path
//! order) are edited; the theme edit is left out. "served" is from writing
//! the file to the edited page being served (rendered on request from the
//! new content), including the watcher's debounce (50 ms): once the
//! preview reports the edit served, the page is asked for, as an open page
//! does on its live-reload event (again every 2 ms until it shows the
//! edit); "prepared" is from the debounced change to the new content
//! being served; "complete" to every file being up to date (the pages
//! re-rendered, data files, before the search index).

use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gongkai::serve::{Event, Rebuilt, ServeOptions};

/// One build: what it did, and its time from the change to serving.
type Built = (Rebuilt, Duration);

/// Times from a change to its content being served, per edit.
type Served = Arc<Mutex<Vec<Duration>>>;

/// The binary's allocator, so that this measures what `gongkai serve` runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    gongkai::allocator::tune(gongkai::allocator::Run::Long);
    let rounds: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let site = std::env::args().nth(2).map(std::path::PathBuf::from);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    match &site {
        Some(site) => copy_tree(&site.join("content"), &root.join("content")),
        None => {
            for folder in ["content", "themes/default"] {
                copy_tree(&repo.join(folder), &root.join(folder));
            }
        }
    }
    let built: Arc<Mutex<Vec<Built>>> = Arc::default();
    let sink = built.clone();
    let prepared: Served = Arc::default();
    let prepared_sink = prepared.clone();
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    let server = gongkai::serve::start(
        &opts,
        Arc::new(move |e: Event| match e {
            Event::Built { report, elapsed, .. } => {
                sink.lock().unwrap().push((report.clone(), elapsed));
            }
            Event::Served { elapsed, .. } => prepared_sink.lock().unwrap().push(elapsed),
            Event::Failed { error, .. } => eprintln!("build failed: {error}"),
            _ => {}
        }),
    )
    .expect("the preview starts");
    let (first, first_time) = built.lock().unwrap()[0].clone();
    println!(
        "first build: {} of {} pages rendered in {:.0} ms",
        first.rendered,
        first.pages,
        ms(first_time)
    );
    let base = server.url().to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let get = |url: &str| -> String {
        match agent.get(url).call() {
            Ok(mut r) => r.body_mut().read_to_string().unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    let edits = match &site {
        Some(_) => first_plan_edits(root, &base),
        None => shipped_edits(&base),
    };
    println!(
        "\n{:<24} {:>20} {:>10} {:>20} {:>10}  median complete: validate / views / render",
        "edit", "served (median, max)", "prepared", "complete (median, max)", "re-rendered"
    );
    for (name, rel, from, to, url, probe) in edits {
        let file = root.join(&rel);
        let original = fs::read_to_string(&file).expect("the file to edit");
        assert!(original.contains(from.as_str()), "{rel} has no {from:?}");
        let edited = original.replacen(from.as_str(), &to, 1);
        let mut served = Vec::new();
        let mut ready = Vec::new();
        let mut rebuild = Vec::new();
        let mut rendered = Vec::new();
        let mut stages = Vec::new();
        for round in 0..rounds {
            let edit = round % 2 == 0;
            let text = if edit { &edited } else { &original };
            let before = built.lock().unwrap().len();
            let was_prepared = prepared.lock().unwrap().len();
            let t0 = Instant::now();
            fs::write(&file, text).expect("writing the edit");
            // As an open page does: it asks for itself again once told
            // the edit is served (live reload). Asking every 2 ms from the
            // start, as this did before, made the server render the old
            // page hundreds of times on the cores preparing the new one.
            while prepared.lock().unwrap().len() <= was_prepared {
                assert!(
                    t0.elapsed() < Duration::from_secs(600),
                    "{name}: the edit was never served"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            while get(&url).contains(probe.as_str()) != edit {
                assert!(t0.elapsed() < Duration::from_secs(600), "{name}: the edit never showed");
                std::thread::sleep(Duration::from_millis(2));
            }
            served.push(t0.elapsed());
            ready.push(*prepared.lock().unwrap().last().unwrap());
            if std::env::var_os("SERVE_TIMINGS_RAW").is_some() {
                eprintln!(
                    "{name}: round {round}: served {:.0} ms, prepared {:.0} ms",
                    ms(t0.elapsed()),
                    ms(*ready.last().unwrap())
                );
            }
            while built.lock().unwrap().len() <= before {
                assert!(
                    t0.elapsed() < Duration::from_secs(900),
                    "{name}: the rebuild never completed"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            let (report, elapsed) = built.lock().unwrap().last().unwrap().clone();
            if std::env::var_os("SERVE_TIMINGS_RAW").is_some() {
                eprintln!(
                    "{name}: round {round}: validated in {:.0} ms, templates {:.0} ms",
                    ms(report.validate),
                    ms(report.engines)
                );
            }
            rebuild.push(elapsed);
            rendered.push(format!("{}/{}", report.rendered, report.pages));
            stages.push((elapsed, report.validate, report.render.views, report.render.render));
            std::thread::sleep(Duration::from_millis(300));
        }
        rendered.dedup();
        stages.sort();
        let (_, validate, views, render) = stages[stages.len() / 2];
        ready.sort();
        println!(
            "{name:<24} {:>20} {:>7.0} ms {:>20} {:>10}  {:.0} / {:.0} / {:.0} ms",
            stats(&mut served),
            ms(ready[ready.len() / 2]),
            stats(&mut rebuild),
            rendered.join(", "),
            ms(validate),
            ms(views),
            ms(render)
        );
    }
    drop(server);
}

/// (what, file, text, replacement, page to watch, what the page shows once edited)
type Edit = (&'static str, String, String, String, String, String);

fn shipped_edits(base: &str) -> Vec<Edit> {
    let plan = "content/plans/hebei/2023/plan.yaml";
    let edit = |what, file: &str, from: &str, to: &str, url: String, probe: &str| {
        (
            what,
            file.to_string(),
            from.to_string(),
            to.to_string(),
            url,
            probe.to_string(),
        )
    };
    vec![
        edit(
            "one project (its name)",
            plan,
            "en: Shantytown renovation}",
            "en: Shantytown renovation (edited)}",
            format!("{base}en/plans/hebei/2023/shantytown-renovation/"),
            "Shantytown renovation (edited)",
        ),
        edit(
            "one plan (its title)",
            plan,
            "en: Hebei Province 2023 Livelihood Projects Implementation Plan",
            "en: Hebei Province 2023 Livelihood Projects Implementation Plan (edited)",
            format!("{base}en/plans/hebei/2023/"),
            "Implementation Plan (edited)",
        ),
        edit(
            "theme (templates/base.html)",
            "themes/default/templates/base.html",
            "</body>",
            "<!-- edited --></body>",
            format!("{base}en/"),
            "<!-- edited -->",
        ),
    ]
}

/// The edits of a generated site: its first plan's title and first
/// project's name, both written `en: "…"` on one line.
fn first_plan_edits(root: &Path, base: &str) -> Vec<Edit> {
    let mut plans: Vec<_> = walkdir::WalkDir::new(root.join("content/plans"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "plan.yaml")
        .map(|e| e.into_path())
        .collect();
    plans.sort();
    let plan = plans.first().expect("a plan");
    let rel = plan
        .strip_prefix(root)
        .expect("below the root")
        .to_string_lossy()
        .replace('\\', "/");
    let dir = rel
        .trim_start_matches("content/plans/")
        .trim_end_matches("/plan.yaml")
        .to_string();
    let text = fs::read_to_string(plan).expect("the plan");
    let en = |line: &str| {
        line.split("en: \"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(str::to_string)
    };
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .and_then(en)
        .expect("a title with en");
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("  - id: "))
        .expect("a project")
        .trim();
    let name = text
        .lines()
        .skip_while(|l| !l.starts_with("  - id: "))
        .find(|l| l.trim_start().starts_with("name:"))
        .and_then(en)
        .expect("a project name with en");
    vec![
        (
            "one project (its name)",
            rel.clone(),
            format!("en: \"{name}\""),
            format!("en: \"{name} (edited)\""),
            format!("{base}en/plans/{dir}/{id}/"),
            format!("{name} (edited)"),
        ),
        (
            "one plan (its title)",
            rel,
            format!("en: \"{title}\""),
            format!("en: \"{title} (edited)\""),
            format!("{base}en/plans/{dir}/"),
            format!("{title} (edited)"),
        ),
    ]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(v: &mut [Duration]) -> String {
    v.sort();
    format!("{:.0} ms, {:.0} ms", ms(v[v.len() / 2]), ms(v[v.len() - 1]))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let dest = to.join(entry.path().strip_prefix(from).expect("below"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("a folder");
        } else {
            fs::copy(entry.path(), &dest).expect("a copy");
        }
    }
}
