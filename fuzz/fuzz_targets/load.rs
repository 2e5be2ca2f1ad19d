//! Fuzzes the loader and validator with arbitrary bytes as a content file:
//! whatever an editor (or a broken tool) writes, `check` must answer with
//! diagnostics, never panic, hang or exhaust memory. The first byte picks
//! which file the rest becomes, so every content type is exercised.
#![no_main]

use gongkai::load::{parse, SourceSet};
use libfuzzer_sys::fuzz_target;

const FIXTURE: &[(&str, &str)] = &[
    ("content/site.yaml", "title: {zh: 站}\ndescription: {zh: 站}\nbase_url: https://example.gov.cn/\n"),
    ("content/regions.yaml", "- id: alpha\n  name: {zh: 甲省}\n  level: province\n"),
    ("content/categories.yaml", "- id: housing\n  name: {zh: 住房}\n"),
    ("content/units.yaml", "- {id: km, zh: 公里, en: km}\n"),
    ("content/plans/alpha/2023/source.zh.txt", "建设改造农村公路7000公里\n"),
    ("content/plans/alpha/2023/progress/2023-12-31.zh.txt", "已建成5100公里\n"),
];

const TARGETS: &[&str] = &[
    "content/plans/alpha/2023/plan.yaml",
    "content/plans/alpha/2023/progress/2023-12-31.yaml",
    "content/regions.yaml",
    "content/programs.yaml",
    "content/site.yaml",
    "content/agencies.yaml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let mut sources = SourceSet::default();
    for (path, text) in FIXTURE {
        sources.insert(path, text.as_bytes());
    }
    sources.insert(TARGETS[pick as usize % TARGETS.len()], rest);
    let loaded = parse(&sources);
    let _ = gongkai::validate::validate_all(&loaded);
});
