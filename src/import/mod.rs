//! `gongkai import`: from a government notice's text to a draft
//! `plan.yaml` (or a progress report's text to a draft progress file) in
//! one command, so an editor reviews a draft instead of retyping a
//! document. The importer finds the items whatever their numbering
//! ([`structure`]), every figure with its value in base units, unit,
//! qualifier and exact quote ([`numbers`], [`clauses`], [`units`]), units
//! in charge, schedules and deadlines ([`item`]), metadata ([`meta`]), and
//! guesses category and program ([`classify`]). Whatever it could not
//! decide is marked `# REVIEW: …` in the draft ([`draft`]) and counted in
//! the summary it prints; `gongkai check` warns about every mark left.
//!
//! It never writes into an existing plan folder, and never invents a
//! figure: every value is read from the text and quoted from it.

pub mod classify;
pub mod clauses;
pub mod draft;
pub mod item;
pub mod meta;
pub mod numbers;
pub mod progress;
mod progress_meta;
mod progress_read;
pub mod structure;
pub mod text;
pub mod units;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::{self, SourceSet};
use draft::Plan;

/// The command line of `gongkai import`.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Draft content/plans/<region>/<year>/plan.yaml (and source.zh.txt)
    /// from a notice's text: UTF-8 or GB18030, Simplified or Traditional.
    Plan {
        /// The document's text as published (copied from the web page or PDF).
        text_file: PathBuf,
        /// Region id from content/regions.yaml.
        #[arg(long)]
        region: String,
        /// The plan's year.
        #[arg(long)]
        year: i32,
        /// Write the draft into this folder instead (never an existing, non-empty one).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Draft progress/<as_of>.yaml (and its .zh.txt) of a plan from a
    /// progress or completion report's text.
    Progress {
        /// The report's text as published.
        text_file: PathBuf,
        /// The plan it reports on: <region>/<year>.
        #[arg(long)]
        plan: String,
        /// Write the draft into this folder instead of the plan's progress/.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// Runs an import command; returns the summary to print.
pub fn run(root: &Path, cmd: ImportCommand) -> Result<String> {
    match cmd {
        ImportCommand::Plan {
            text_file,
            region,
            year,
            output,
        } => Ok(import_plan(root, &text_file, &region, year, output.as_deref())?.to_string()),
        ImportCommand::Progress {
            text_file,
            plan,
            output,
        } => Ok(progress::import(root, &text_file, &plan, output.as_deref())?.to_string()),
    }
}

/// The vocabulary a draft is written against, read from the site.
#[derive(Debug, Default)]
pub struct Vocab {
    pub units: Vec<units::Unit>,
    pub programs: Vec<classify::Program>,
    pub categories: Vec<String>,
    /// Region id → Chinese name.
    pub regions: Vec<(String, String)>,
    /// `region/year` → document number, of the plans already there.
    pub plans: Vec<(String, Option<String>)>,
}

impl Vocab {
    /// Reads the vocabulary of the site at `root` (files that fail to parse
    /// contribute nothing; `check` reports them).
    pub fn read(root: &Path) -> Result<Vocab> {
        let sources = SourceSet::read_dir(root)?;
        Ok(Vocab::from_loaded(&load::parse(&sources)))
    }

    pub fn from_loaded(l: &load::Loaded) -> Vocab {
        let units = l.units.as_ref().map_or(Vec::new(), |u| {
            u.value
                .iter()
                .map(|u| units::Unit {
                    id: u.id.value.clone(),
                    zh: u.zh.value.clone(),
                })
                .collect()
        });
        let programs = l.programs.as_ref().map_or(Vec::new(), |p| {
            p.value
                .iter()
                .map(|p| classify::Program {
                    id: p.id.value.clone(),
                    zh: p.name.zh.value.clone(),
                    category: p.category.value.clone(),
                })
                .collect()
        });
        let categories = l
            .categories
            .as_ref()
            .map_or(Vec::new(), |c| c.value.iter().map(|c| c.id.value.clone()).collect());
        let regions = l.regions.as_ref().map_or(Vec::new(), |r| {
            r.value
                .iter()
                .map(|r| (r.id.value.clone(), r.name.zh.value.clone()))
                .collect()
        });
        let plans = l
            .plans
            .iter()
            .map(|p| (format!("{}/{}", p.region, p.year), p.plan.value.document_number.clone()))
            .collect();
        Vocab {
            units,
            programs,
            categories,
            regions,
            plans,
        }
    }
}

/// What `import plan` did, for the person at the terminal.
#[derive(Debug)]
pub struct PlanSummary {
    pub dir: PathBuf,
    pub plan: Plan,
    pub decode_notes: usize,
    /// `# REVIEW` comments in the draft.
    pub reviews: usize,
}

impl fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = &self.plan;
        let figures: Vec<_> = p.figures().map(|(_, f)| f).collect();
        let with_value = figures.iter().filter(|f| f.value.is_some()).count();
        let unmatched: Vec<&str> = figures
            .iter()
            .filter(|f| f.value.is_none())
            .map(|f| f.printed.as_str())
            .collect();
        let guessed = figures
            .iter()
            .filter(|f| f.value.is_some() && !f.review.is_empty())
            .count();
        let numbers: Vec<&str> = p.projects.iter().map(|p| p.number.as_str()).collect();
        writeln!(f, "Drafted {}/plan.yaml and source.zh.txt", self.dir.display())?;
        writeln!(f, "  items found:       {} ({})", p.projects.len(), numbers.join(" "))?;
        writeln!(f, "  figures found:     {with_value} with value and unit")?;
        writeln!(
            f,
            "  figures unmatched: {} (no unit for the measure word){}",
            unmatched.len(),
            if unmatched.is_empty() {
                String::new()
            } else {
                format!(": {}", unmatched.join(", "))
            }
        )?;
        writeln!(f, "  units guessed:     {guessed}")?;
        writeln!(f, "  conversions:       {}", self.decode_notes)?;
        writeln!(f, "  to review:         {} `# REVIEW` comments", self.reviews)?;
        write!(
            f,
            "Next: read plan.yaml beside source.zh.txt, settle and delete each `# REVIEW` comment, add English, then run `gongkai check` (it warns about any REVIEW left)."
        )
    }
}

/// `gongkai import plan`: drafts the plan folder from `text_file`.
pub fn import_plan(
    root: &Path,
    text_file: &Path,
    region: &str,
    year: i32,
    output: Option<&Path>,
) -> Result<PlanSummary> {
    if !(1949..=2100).contains(&year) {
        return Err(Error::Usage(format!("{year} is not a plausible plan year")));
    }
    let bytes = std::fs::read(text_file).map_err(|e| Error::io("reading", text_file, e))?;
    let vocab = Vocab::read(root)?;
    if !vocab.regions.iter().any(|(id, _)| id == region) {
        return Err(Error::Usage(format!(
            "unknown region `{region}`: add it to content/regions.yaml first"
        )));
    }
    let rel = format!("content/plans/{region}/{year}");
    let dir = output.map_or_else(|| root.join(&rel), Path::to_path_buf);
    refuse_existing(&dir, output.is_none())?;
    let decoded = text::decode(&bytes);
    let mut plan = draft_plan(&decoded.text, &vocab, region, year);
    plan.notes.splice(0..0, decoded.notes.iter().cloned());
    let yaml = draft::write_plan(
        &plan,
        &crate::schema::modeline(&format!("{rel}/plan.yaml"), "plan.schema.json"),
    );
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    write(&dir.join("source.zh.txt"), &decoded.text)?;
    write(&dir.join("plan.yaml"), &yaml)?;
    Ok(PlanSummary {
        dir,
        plan,
        decode_notes: decoded.notes.len(),
        reviews: yaml.lines().filter(|l| l.trim_start().starts_with("# REVIEW:")).count(),
    })
}

/// Refuses a folder that exists (a plan folder) or is not empty (`--output`).
pub(crate) fn refuse_existing(dir: &Path, plan_folder: bool) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if plan_folder || !empty {
        return Err(Error::Usage(format!(
            "{} already exists: gongkai import never overwrites; use --output DIR to draft elsewhere",
            dir.display()
        )));
    }
    Ok(())
}

pub(crate) fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io("writing", path, e))
}

/// Drafts a plan from its text (already decoded), without touching disk.
pub fn draft_plan(text: &str, vocab: &Vocab, region: &str, year: i32) -> Plan {
    let layout = structure::layout(text);
    let preamble_end = layout.items.first().map_or(text.len(), |i| i.range.start);
    let m = meta::read(&text[..preamble_end], year);
    let mut plan = Plan::default();
    metadata(&mut plan, &m, text, vocab, region);
    plan.sections = layout
        .sections
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("part-{}", i + 1), t.clone()))
        .collect();
    if !plan.sections.is_empty() {
        plan.review.push((
            "sections",
            "section ids are placeholders: choose lasting ids".to_string(),
        ));
    }
    let ctx = item::Ctx {
        units: &vocab.units,
        programs: &vocab.programs,
        categories: &vocab.categories,
        year,
        final_deadline: m.deadlines.as_ref().map(|d| d.1.clone()),
    };
    for (n, it) in layout.items.iter().enumerate() {
        let mut p = item::project(text, it, n + 1, &ctx);
        p.section = it.section.map(|s| format!("part-{}", s + 1));
        plan.projects.push(p);
    }
    unique_ids(&mut plan);
    stated_count(&mut plan, m.stated_count);
    if plan.projects.is_empty() {
        plan.review.push((
            "projects",
            "no numbered items found: add the projects by hand".to_string(),
        ));
    }
    plan
}

fn metadata(plan: &mut Plan, m: &meta::Meta, text: &str, vocab: &Vocab, region: &str) {
    let region_name = vocab
        .regions
        .iter()
        .find(|(id, _)| id == region)
        .map_or(region, |(_, n)| n.as_str());
    match &m.title {
        Some((t, guessed)) => {
            plan.title = t.clone();
            if *guessed {
                plan.review
                    .push(("title", "no title line recognised: the first line is used".to_string()));
            }
        }
        None => {
            plan.title = format!("{region_name}民生实事");
            plan.review
                .push(("title", "no title found: write the title as published".to_string()));
        }
    }
    plan.document_number = m.document_number.clone();
    match &m.issuer {
        Some(i) => plan.issuer = i.clone(),
        None => {
            plan.issuer = region_name.to_string();
            plan.review.push((
                "issuer",
                "no issuing body printed: the region's name is a placeholder".to_string(),
            ));
        }
    }
    plan.issued = m.issued.clone();
    let first_line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    plan.source_name = if first_line.contains("通知") {
        first_line.to_string()
    } else {
        plan.title.clone()
    };
    plan.review
        .push(("source", "name where the text was found and add its `url:`".to_string()));
    plan.adoption = m.adoption.to_string();
    plan.adoption_note = m.adoption_quote.clone();
    plan.review.push((
        "adoption",
        format!("`{}` read from the notice's wording: confirm", m.adoption),
    ));
    plan.deadlines = m.deadlines.clone();
    let parent = vocab
        .plans
        .iter()
        .find(|(_, n)| n.as_ref().is_some_and(|n| m.cited_numbers.contains(n)));
    if let Some((key, n)) = parent {
        plan.derived_from = Some(key.clone());
        plan.review.push((
            "derived_from",
            format!(
                "the text cites {}, the document number of {key}",
                n.as_deref().unwrap_or_default()
            ),
        ));
    }
}

fn unique_ids(plan: &mut Plan) {
    let mut seen: Vec<String> = Vec::new();
    for p in &mut plan.projects {
        let mut id = p.id.clone();
        let mut n = 2;
        while seen.contains(&id) {
            id = format!("{}-{n}", p.id);
            n += 1;
        }
        p.id = id.clone();
        seen.push(id);
    }
}

fn stated_count(plan: &mut Plan, count: Option<(u32, String)>) {
    let Some((n, quote)) = count else { return };
    if n as usize == plan.projects.len() {
        plan.stated_count = Some((n, quote));
    } else {
        plan.review.push((
            "stated_count",
            format!(
                "the text says {n} projects (`{quote}`) but {} items were found: add the missing ones, then `stated_count: {{value: {n}, quote: …}}`",
                plan.projects.len()
            ),
        ));
    }
}
