//! Writes a synthetic site with many plans, to measure how build time and
//! memory grow with content (see README, "Performance").
//!
//! cargo run --release --example synthetic -- OUT_DIR PLANS PROJECTS_PER_PLAN
//!
//! The vocabulary (categories, units, programs) is the shipped content's;
//! regions, plans and projects are generated, every target quoting its
//! generated source text so the site validates like a real one.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = Path::new(args.get(1).map(String::as_str).unwrap_or("target/synthetic"));
    let plans: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let projects: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(20);
    let content = out.join("content");
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(&content)?;
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for f in ["site.yaml", "categories.yaml", "units.yaml", "programs.yaml"] {
        fs::copy(shipped.join(f), content.join(f))?;
    }
    let mut regions = String::from("- id: nation\n  name: {zh: 全国, en: Nation}\n  level: province\n");
    for r in 0..plans {
        let _ = write!(regions, "- id: r{r:06}\n  name: {{zh: 地区{r}, en: Region {r}}}\n  level: county\n  parent: nation\n  population: {{value: {}, year: 2022, source: {{zh: 统计公报, en: Communiqué}}}}\n", 100000 + r * 7);
    }
    fs::write(content.join("regions.yaml"), regions)?;
    for r in 0..plans {
        write_plan(&content.join(format!("plans/r{r:06}/2023")), r, projects)?;
    }
    println!("wrote {plans} plans with {projects} projects each to {}", out.display());
    Ok(())
}

fn write_plan(dir: &Path, r: usize, projects: usize) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut source = format!("地区{r}2023年民生工程实施方案\n");
    let mut yaml = format!(
        "title: {{zh: 地区{r}2023年民生工程实施方案, en: Region {r} 2023 plan}}\nissuer: {{zh: 地区{r}人民政府, en: Region {r} Government}}\nsource:\n  name: {{zh: 示例, en: Example}}\n  file: source.zh.txt\nadoption: government-notice\nprojects:\n"
    );
    for p in 0..projects {
        let km = 10 + (r * 31 + p * 17) % 9000;
        let line = format!("（{p}）农村公路工程{p}。建设改造农村公路{km}公里。");
        let _ = writeln!(source, "{line}");
        let _ = write!(
            yaml,
            "  - id: p{p}\n    number: （{p}）\n    name: {{zh: 农村公路工程{p}, en: Rural roads {p}}}\n    category: transport\n    programs: [rural-roads]\n    summary: {{zh: 建设改造农村公路{km}公里。, en: Build or upgrade {km} km of rural roads.}}\n    targets:\n      - metric: built-or-upgraded\n        value: {km}\n        unit: km\n        text: {{zh: 建设改造农村公路{km}公里, en: {km} km built or upgraded}}\n        quote: 建设改造农村公路{km}公里\n    source_text: {line}\n"
        );
    }
    fs::write(dir.join("source.zh.txt"), source)?;
    fs::write(dir.join("plan.yaml"), yaml)
}
