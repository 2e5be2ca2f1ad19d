//! The synthetic corpus as plain data, independent of any output format:
//! a region tree (provinces → cities → counties), and for each region one
//! plan a year with its projects, targets, milestones and progress reports.
//! Both writers (gongkai's YAML, the Hugo site) render this same data.
//!
//! Every figure is written into the generated source text first and quoted
//! from it, so the corpus passes `gongkai check` like a real site.

use crate::regions::Tree;
use crate::rng::Rng;
use crate::text::T;
use crate::vocab::vocab;

pub const YEARS: [u16; 5] = [2022, 2023, 2024, 2025, 2026];
const PLAN_STREAM: u64 = 2;

pub struct Target {
    /// `(program index, metric index)` when the target measures a metric.
    pub metric: Option<(usize, usize)>,
    pub value: Option<f64>,
    pub unit: Option<&'static str>,
    pub qualifier: Option<&'static str>,
    pub text: T,
    pub quote: String,
    /// The source's words before the number, reused by progress reports.
    pub verb: String,
}

pub struct Milestone {
    pub due: String,
    pub text: T,
    /// `(target index, cumulative value, quote)`.
    pub value: Option<(usize, f64, String)>,
}

pub struct Project {
    pub id: String,
    pub number: String,
    pub section: Option<&'static str>,
    pub name: T,
    pub category: &'static str,
    pub program: Option<usize>,
    pub summary: T,
    pub targets: Vec<Target>,
    pub units: Vec<T>,
    pub milestones: Vec<Milestone>,
    pub source_text: String,
}

/// A figure a report gives: which target (index), value, printed percentage.
pub struct Actual {
    pub target: usize,
    pub value: f64,
    pub unit: &'static str,
    pub percent: f64,
    pub quote: String,
}

pub struct Entry {
    pub project: usize,
    pub status: &'static str,
    pub status_word: &'static str,
    pub quote: String,
    pub actuals: Vec<Actual>,
    /// `(total yuan, quote)`.
    pub investment: Option<(f64, String)>,
    pub update: Option<T>,
}

pub struct Report {
    pub id: String,
    pub kind: &'static str,
    pub title: T,
    pub published: String,
    pub as_of: String,
    pub period: T,
    pub text: String,
    /// `(value, unit, quote, text)`.
    pub totals: Vec<(f64, &'static str, String, T)>,
    pub entries: Vec<Entry>,
}

pub struct Plan {
    pub region: usize,
    pub year: u16,
    pub title: T,
    pub document_number: String,
    pub issuer: T,
    pub issued: String,
    pub adoption: &'static str,
    pub derived_from: Option<usize>,
    pub sections: bool,
    pub stated_quote: String,
    pub intro: Option<T>,
    pub projects: Vec<Project>,
    pub source: String,
    pub reports: Vec<Report>,
}

impl Plan {
    pub fn key(&self, tree: &Tree) -> String {
        format!("{}/{}", tree.regions[self.region].id, self.year)
    }
}

/// Section ids and titles of plans split into the level above's projects and their own.
pub const SECTIONS: [(&str, &str, &str); 2] = [
    ("superior", "上级部署民生工程", "Projects set by the level above"),
    ("local", "本级民生实事", "Local projects"),
];

/// Generates plan number `index` (for a region and year) with `n` projects.
pub fn plan(tree: &Tree, seed: u64, index: u64, region: usize, year: u16, n: usize) -> Plan {
    let mut rng = Rng::derive(seed, PLAN_STREAM, index);
    let r = &tree.regions[region];
    let word = if rng.chance(0.5) {
        ("民生实事项目", "Livelihood Projects")
    } else {
        ("民生工程", "Livelihood Programme")
    };
    let title = T::new(
        format!("{}{year}年{}实施方案", r.name.zh, word.0),
        format!("{} {year} {} Implementation Plan", r.name.en, word.1),
    );
    let issuer = T::new(
        format!("{}人民政府办公厅", r.name.zh),
        format!("General Office of the {} People's Government", r.name.en),
    );
    let short = r.name.zh.chars().next().unwrap_or('某');
    let document_number = format!("{short}政办字〔{year}〕{}号", rng.range(1, 60));
    let derived_from = r
        .parent
        .filter(|&p| tree.regions[p].years.contains(&year) && rng.chance(0.5));
    let sections = !r.level.is_top() && rng.chance(0.3);
    let projects = crate::project::projects(tree, &mut rng, region, year, n, sections);
    let stated_quote = format!("共安排{}{}项", word.0, projects.len());
    let mut source = format!("{}\n\n　　为认真践行以人民为中心的发展思想，扎实办好群众可感可及的民生实事，经研究，{year}年{stated_quote}。现将有关事项通知如下。\n\n　　一、总体要求\n\n　　{}{}\n\n　　二、项目安排\n\n", title.zh, vocab().measures[0].0, vocab().measures[11].0);
    for p in &projects {
        source.push_str("　　");
        source.push_str(&p.source_text);
        source.push_str("\n\n");
    }
    source.push_str(&format!(
        "　　三、保障措施\n\n　　{}{}{}\n",
        vocab().measures[3].0,
        vocab().measures[6].0,
        vocab().measures[8].0
    ));
    let intro = rng.chance(0.3).then(|| {
        T::new(
            format!(
                "本方案由{}印发，共**{}项**民生实事。{}",
                issuer.zh,
                projects.len(),
                vocab().measures[10].0
            ),
            format!(
                "Issued by the {}, the plan has **{}** projects. {}",
                issuer.en,
                projects.len(),
                vocab().measures[10].1
            ),
        )
    });
    let mut plan = Plan {
        region,
        year,
        title,
        document_number,
        issuer,
        issued: format!("{year}-0{}-{:02}", rng.range(1, 3), rng.range(1, 28)),
        adoption: if rng.chance(0.3) {
            "congress-vote"
        } else {
            "government-notice"
        },
        derived_from,
        sections,
        stated_quote,
        intro,
        projects,
        source,
        reports: Vec::new(),
    };
    if rng.chance(0.5) {
        plan.reports.push(crate::progress::report(tree, &mut rng, &plan, false));
    }
    if year < 2026 && rng.chance(0.7) {
        plan.reports.push(crate::progress::report(tree, &mut rng, &plan, true));
    }
    plan
}
