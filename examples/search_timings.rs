//! How long the search index takes with one language's pages of a built
//! site, stage by stage: reading each page (`search::text::read_page`),
//! adding it to the index (`LangIndex::add`, which cuts the text into terms
//! and counts them) and laying out the files (`LangIndex::finish`). The
//! pages are read into memory first, so no stage waits on the disk; the
//! build does the same work on its own thread per language.
//!
//! `cargo run --release --example search_timings -- OUTPUT [zh|en] [ROUNDS]`
//!
//! OUTPUT is a folder written by `gongkai build`; the standard variant's
//! pages of the language (default zh) are read, ROUNDS times (default 3).

use std::time::{Duration, Instant};

use gongkai::search::{index::LangIndex, text};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `index.html` pages of `lang` below `out`, in path order.
fn pages(out: &str, lang: &str) -> Vec<(String, String)> {
    let skip = |rel: &str| rel.starts_with("care/") || (lang == "zh") == rel.starts_with("en/");
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("reading {out}: {e}"));
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !rel.ends_with("index.html") || skip(&rel) {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap_or_else(|e| panic!("reading {rel}: {e}"));
        pages.push((format!("/{}", rel.trim_end_matches("index.html")), html));
    }
    pages
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: search_timings OUTPUT [zh|en] [ROUNDS]");
        std::process::exit(2);
    };
    let lang = args.get(1).map_or("zh", String::as_str);
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let pages = pages(out, lang);
    println!("{} {lang} pages", pages.len());
    for round in 0..rounds {
        let start = Instant::now();
        let texts: Vec<_> = pages.iter().map(|(_, html)| text::read_page(html)).collect();
        let read = start.elapsed();
        let start = Instant::now();
        let mut index = LangIndex::new(format!("search-index/{lang}/"));
        let mut bytes = 0;
        for ((url, _), page) in pages.iter().zip(texts) {
            if let Some((_, file)) = page.and_then(|page| index.add(url, page)) {
                bytes += file.len();
            }
        }
        let add = start.elapsed();
        let start = Instant::now();
        index.finish(&mut |(_, file)| bytes += file.len());
        let finish = start.elapsed();
        println!(
            "round {round}: read {:.0} ms, add {:.0} ms, finish {:.0} ms; {bytes} bytes of index",
            ms(read),
            ms(add),
            ms(finish)
        );
    }
}
