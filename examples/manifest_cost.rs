//! What the integrity manifest costs a build: hashes every file of a built
//! site the way `Staging::write` does (SHA-256 in parallel, then the sorted
//! manifest text) and prints the time, to compare with the build's own.
//!
//!   cargo run --release --example manifest_cost -- target/site [runs]

use std::time::Instant;

use gongkai::write::manifest;
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: manifest_cost SITE_DIR [runs]"));
    let runs: usize = args.next().map(|r| r.parse().expect("runs")).unwrap_or(20);
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).expect("readable"))
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let mut entries: Vec<(String, String)> = files
            .par_iter()
            .map(|(p, b)| (p.clone(), manifest::sha256_hex(b)))
            .collect();
        let text = manifest::render(&mut entries);
        std::hint::black_box(text);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mean = times.iter().sum::<f64>() / runs as f64;
    println!(
        "{} files, {:.1} MB: manifest in {:.1} ms mean, {:.1} ms median, {:.1}–{:.1} ms ({runs} runs, {} threads)",
        files.len(),
        bytes as f64 / 1e6,
        mean,
        times[runs / 2],
        times[0],
        times[runs - 1],
        rayon::current_num_threads()
    );
}
