//! Resident memory and time after each stage up to rendering, for a site
//! folder: where a large build's memory goes before any page exists.
//!
//! `cargo run --release --example stage_memory -- SITE`
//!
//! Resident memory is read from `/proc/self/status` (Linux); elsewhere it
//! is shown as `?`. Freed memory is usually kept by the allocator, so each
//! line is the high-water mark so far, not what is live.

use std::path::Path;
use std::time::Instant;

use gongkai::derive::SiteMap;
use gongkai::load::SourceSet;

fn resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or_else(|| "?".to_owned(), |kb| format!("{} MiB", kb / 1024))
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: stage_memory SITE");
        std::process::exit(2);
    };
    let start = Instant::now();
    let line = |stage: &str| println!("{stage:<10} {:>7.1} s  {}", start.elapsed().as_secs_f64(), resident());
    let sources = SourceSet::read_dir(Path::new(&root)).unwrap_or_else(|e| panic!("{e}"));
    line("read");
    let validated = gongkai::validate_sources(&sources).unwrap_or_else(|e| panic!("{e}"));
    line("validated");
    drop(sources);
    let model = &validated.model;
    let map = SiteMap::new(model, &model.site.base_url);
    line("derived");
    println!("{} pages", map.pages.len());
}
