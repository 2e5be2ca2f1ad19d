//! Writes a deterministic synthetic corpus shaped like real livelihood-project
//! plans, to measure how build time and memory grow with content (see
//! `bench/run` and `bench/RESULTS.md`), and optionally the equivalent Hugo
//! site so that both generators build comparable pages from the same data.
//!
//! ```text
//! cargo run --release --example synthetic -- OUT_DIR --projects 10000 [--seed 1] [--hugo HUGO_DIR]
//! gongkai --root OUT_DIR build --output /tmp/site
//! hugo --source HUGO_DIR --destination /tmp/hugo-site
//! ```
//!
//! Shape: a region tree of provinces (6–14 cities each) and cities (5–13
//! counties each), generated a province at a time in depth-first order until
//! the corpus holds `--projects` projects; every region has one plan a year
//! for 2022–2026 with 10–30 projects (the last plan is trimmed), 1–4
//! targets each quoting the plan's source text, responsible bodies named in
//! `agencies.yaml`, a Markdown summary of about 300 Chinese characters,
//! milestones for about a third of the projects, and progress reports for
//! about half the plans. The programs are shared by all plans, so program
//! and comparison pages grow with the corpus as they would on a national
//! site. The same seed always yields the same corpus, byte for byte.

mod corpus;
mod gongkai;
mod hugo;
mod progress;
mod project;
mod regions;
mod rng;
mod text;
mod vocab;

use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

/// Write a synthetic site (and optionally its Hugo twin) with a given number of projects.
#[derive(Parser)]
struct Args {
    /// Folder to write the gongkai site into (its `content/`); replaced if it exists.
    out: PathBuf,
    /// Number of projects in the corpus.
    #[arg(long, default_value_t = 10_000)]
    projects: usize,
    /// Seed of the generator: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also write the equivalent Hugo site into this folder (replaced if it exists).
    #[arg(long)]
    hugo: Option<PathBuf>,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    reset(&args.out)?;
    let content = args.out.join("content");
    let mut hugo = match &args.hugo {
        Some(dir) => {
            reset(dir)?;
            Some(hugo::Writer::new(dir)?)
        }
        None => None,
    };
    let mut tree = regions::Tree::new(args.seed);
    let (mut written, mut plans, mut region) = (0usize, 0u64, 0usize);
    let mut sizes = rng::Rng::derive(args.seed, 3, 0);
    while written < args.projects {
        while region >= tree.regions.len() {
            tree.grow();
        }
        for &year in &corpus::YEARS {
            if written >= args.projects {
                break;
            }
            let n = (sizes.range(10, 30) as usize).min(args.projects - written);
            tree.regions[region].years.push(year);
            let plan = corpus::plan(&tree, args.seed, plans, region, year, n);
            gongkai::write_plan(&content, &tree, &plan)?;
            if let Some(h) = hugo.as_mut() {
                h.write_plan(&tree, &plan)?;
            }
            written += n;
            plans += 1;
        }
        region += 1;
    }
    gongkai::write_site(&content, &tree)?;
    if let Some(h) = hugo.as_mut() {
        h.finish(&tree)?;
    }
    let regions = tree.regions.iter().filter(|r| !r.years.is_empty()).count();
    println!(
        "wrote {written} projects in {plans} plans of {regions} regions (seed {}) to {}{}",
        args.seed,
        args.out.display(),
        args.hugo
            .as_ref()
            .map(|h| format!(" and the Hugo site to {}", h.display()))
            .unwrap_or_default()
    );
    Ok(())
}

/// Empties `dir`, refusing anything that does not look like generated output.
fn reset(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        let ours = [
            "content",
            "hugo.toml",
            "layouts",
            "i18n",
            "static",
            "resources",
            ".hugo_build.lock",
        ];
        let foreign = fs::read_dir(dir)?
            .filter_map(|e| e.ok())
            .any(|e| !ours.contains(&e.file_name().to_string_lossy().as_ref()));
        if foreign {
            return Err(std::io::Error::other(format!(
                "{} holds files the generator did not write; choose an empty or new folder",
                dir.display()
            )));
        }
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)
}
