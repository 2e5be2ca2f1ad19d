//! `gongkai import progress`: a draft `progress/<as_of>.yaml` (and its
//! `.zh.txt`) from a progress or completion report's text, matched against
//! the plan's projects ([`super::progress_read`]). Each entry shows how
//! alike the passage is to the project's name; everything undecided is a
//! `# REVIEW` comment, and passages that match no project are listed at the
//! end as comments for the editor.

use std::fmt;
use std::path::{Path, PathBuf};

use super::draft::{number, quoted, Out};
use super::progress_meta as meta;
use super::progress_read::{self as read, Entry, Fig, PlanProject, Unmatched};
use super::{refuse_existing, text, write, Vocab};
use crate::error::{Error, Result};
use crate::load::raw::RawPlan;

/// A drafted report, ready to write.
#[derive(Debug)]
pub struct Draft {
    pub title: String,
    pub issuer: Option<String>,
    pub kind: &'static str,
    pub published: Option<String>,
    pub as_of: String,
    pub period: String,
    pub notes: Vec<String>,
    pub entries: Vec<Entry>,
    pub unmatched: Vec<Unmatched>,
    pub review: Vec<(&'static str, String)>,
}

/// What `import progress` did.
#[derive(Debug)]
pub struct Summary {
    pub file: PathBuf,
    pub matched: Vec<(String, f64)>,
    pub figures: usize,
    pub unmatched: usize,
    pub guessed: usize,
    pub reviews: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Drafted {}", self.file.display())?;
        let m: Vec<String> = self
            .matched
            .iter()
            .map(|(id, s)| format!("{id} ({:.0}%)", s * 100.0))
            .collect();
        writeln!(f, "  items matched:     {} ({})", m.len(), m.join(", "))?;
        writeln!(f, "  figures found:     {}", self.figures)?;
        writeln!(
            f,
            "  passages unmatched: {} (listed at the end of the draft)",
            self.unmatched
        )?;
        writeln!(f, "  units guessed:     {}", self.guessed)?;
        writeln!(f, "  to review:         {} `# REVIEW` comments", self.reviews)?;
        write!(
            f,
            "Next: check each entry against the report, settle and delete each `# REVIEW`, then run `gongkai check`."
        )
    }
}

/// The plan's projects, read from its `plan.yaml`.
pub fn plan_projects(root: &Path, plan: &str) -> Result<(Vec<PlanProject>, i32)> {
    let (region, year) = plan
        .split_once('/')
        .ok_or_else(|| Error::Usage(format!("--plan `{plan}`: write it as <region>/<year>, e.g. hebei/2023")))?;
    let year: i32 = year
        .parse()
        .map_err(|_| Error::Usage(format!("--plan `{plan}`: `{year}` is not a year")))?;
    let path = root.join(format!("content/plans/{region}/{year}/plan.yaml"));
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io("reading", &path, e))?;
    let raw = crate::load::parse_text::<RawPlan>(&path, &text).map_err(Error::Content)?;
    let projects = raw
        .projects
        .iter()
        .map(|p| PlanProject {
            id: p.id.value.clone(),
            number: p.number.value.clone(),
            name: p.name.zh.value.clone(),
            targets: p
                .targets
                .iter()
                .map(|t| {
                    (
                        t.value.as_ref().map(|v| v.value),
                        t.unit.as_ref().map(|u| u.value.clone()),
                        t.quote.value.clone(),
                    )
                })
                .collect(),
        })
        .collect();
    Ok((projects, year))
}

/// Drafts a report from its (decoded) text against the plan's projects.
pub fn draft(text: &str, plan: &[PlanProject], year: i32, vocab: &Vocab) -> Draft {
    let (mut entries, unmatched, cl, owner) = read::passages(text, plan, &vocab.units);
    read::figures(text, &cl, &owner, &mut entries, plan, &vocab.units);
    let mut review = Vec::new();
    // The headline: the first line of a headline's length, not site furniture.
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| (6..=60).contains(&l.chars().count()) && !l.contains('。') && !l.contains(">>"))
        .unwrap_or_default();
    let title = if !first.is_empty() {
        first.to_string()
    } else {
        review.push((
            "title",
            "the report has no title line: write an editor's title and say so in notes".to_string(),
        ));
        "（待拟标题）".to_string()
    };
    let published = meta::published(text);
    // `11月26日,…截至目前`: the day named in the report.
    let named_day = || {
        let re = regex::Regex::new(r"(\d{1,2})月(\d{1,2})日").ok()?;
        let c = re.captures(text)?;
        let (m, d): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year:04}-{m:02}-{d:02}"))
    };
    let (as_of, period) = match meta::as_of(text, year) {
        Some(a) => a,
        // `截至目前`: the figures are as of the day it was published.
        None if text.contains("目前") && published.clone().or_else(named_day).is_some() => (
            published.clone().or_else(named_day).unwrap_or_default(),
            "截至目前".to_string(),
        ),
        None => {
            review.push((
                "as_of",
                "no date of the figures found: set as_of and period".to_string(),
            ));
            (format!("{year:04}-12-31"), "（待核）".to_string())
        }
    };
    review.push(("as_of", format!("as_of and period read from `{period}`: confirm")));
    static ISSUER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let issuer_re =
        ISSUER.get_or_init(|| regex::Regex::new(r"(?:信息来源|来源)[:：]\s*([^\s|]{2,30})").expect("issuer pattern"));
    let issuer = issuer_re.captures(text).map(|c| c[1].to_string());
    let kind = meta::kind(text);
    review.push(("kind", format!("kind `{kind}` guessed from the wording")));
    Draft {
        title: if title.is_empty() {
            "（待拟标题）".to_string()
        } else {
            title
        },
        issuer,
        kind,
        published: published.filter(|p| *p >= as_of),
        as_of,
        period,
        notes: Vec::new(),
        entries,
        unmatched,
        review,
    }
}

/// `gongkai import progress`.
pub fn import(root: &Path, text_file: &Path, plan: &str, output: Option<&Path>) -> Result<Summary> {
    let bytes = std::fs::read(text_file).map_err(|e| Error::io("reading", text_file, e))?;
    let (projects, year) = plan_projects(root, plan)?;
    let vocab = Vocab::read(root)?;
    let decoded = text::decode(&bytes);
    let mut d = draft(&decoded.text, &projects, year, &vocab);
    d.notes.extend(decoded.notes.iter().cloned());
    let dir = output.map_or_else(
        || root.join(format!("content/plans/{plan}/progress")),
        Path::to_path_buf,
    );
    if output.is_some() {
        refuse_existing(&dir, false)?;
    }
    let name = d.as_of.clone();
    let yaml_path = dir.join(format!("{name}.yaml"));
    let text_path = dir.join(format!("{name}.zh.txt"));
    if yaml_path.exists() || text_path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: gongkai import never overwrites; use --output DIR to draft elsewhere",
            yaml_path.display()
        )));
    }
    let rel = format!("content/plans/{plan}/progress/{name}.yaml");
    let yaml = write_report(
        &d,
        &projects,
        &decoded.text,
        &crate::schema::modeline(&rel, "progress.schema.json"),
    );
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    write(&text_path, &decoded.text)?;
    write(&yaml_path, &yaml)?;
    let figs = || {
        d.entries
            .iter()
            .flat_map(|e| e.actuals.iter().chain(e.investment.iter().map(|(_, f)| f)))
    };
    Ok(Summary {
        file: yaml_path,
        matched: d
            .entries
            .iter()
            .map(|e| (projects[e.project].id.clone(), e.score))
            .collect(),
        figures: figs().count() + d.entries.iter().filter(|e| e.works_percent.is_some()).count(),
        unmatched: d.unmatched.len(),
        guessed: figs().filter(|f| !f.review.is_empty()).count(),
        reviews: yaml.lines().filter(|l| l.trim_start().starts_with("# REVIEW:")).count(),
    })
}

/// The draft as `progress/<as_of>.yaml`.
pub fn write_report(d: &Draft, plan: &[PlanProject], text: &str, modeline: &str) -> String {
    let mut o = Out::default();
    o.line(0, modeline);
    o.line(
        0,
        "# Drafted by `gongkai import progress`: check every entry against the report,",
    );
    o.line(
        0,
        "# settle each REVIEW comment (then delete it), add English, run `gongkai check`.",
    );
    let review = |o: &mut Out, field: &str| {
        for (_, n) in d.review.iter().filter(|(f, _)| *f == field) {
            o.review(0, n);
        }
    };
    review(&mut o, "title");
    o.line(0, &format!("title: {{zh: {}}}", quoted(&d.title)));
    match &d.issuer {
        Some(i) => o.line(0, &format!("issuer: {{zh: {}}}", quoted(i))),
        None => {
            o.review(0, "no issuer printed: name who published the report");
            o.line(0, "issuer: {zh: \"（待核）\"}");
        }
    }
    review(&mut o, "kind");
    o.line(0, &format!("kind: {}", d.kind));
    if let Some(p) = &d.published {
        o.line(0, &format!("published: {p}"));
    }
    review(&mut o, "as_of");
    o.line(0, &format!("as_of: {}", d.as_of));
    o.line(0, &format!("period: {{zh: {}}}", quoted(&d.period)));
    o.review(0, "name where the report was found and add its `url:`");
    o.line(0, "source:");
    o.line(2, &format!("name: {{zh: {}}}", quoted(&d.title)));
    o.line(2, &format!("file: {}.zh.txt", d.as_of));
    if !d.notes.is_empty() {
        o.line(0, "notes:");
        for n in &d.notes {
            o.line(2, &format!("- {{zh: {}}}", quoted(n)));
        }
    }
    o.line(0, "projects:");
    for e in &d.entries {
        write_entry(&mut o, e, &plan[e.project], text);
    }
    for u in &d.unmatched {
        o.review(
            0,
            &format!("a passage naming no project of the plan: «{}»", &text[u.quote.clone()]),
        );
    }
    o.0
}

fn write_entry(o: &mut Out, e: &Entry, p: &PlanProject, text: &str) {
    o.line(0, "");
    let how = format!("matched to `{}` ({}): name similarity {:.2}", p.id, p.name, e.score);
    if e.score < 0.8 {
        o.review(2, &how);
    } else {
        o.line(2, &format!("# {how}"));
    }
    for n in &e.review {
        o.review(2, n);
    }
    o.line(2, &format!("- project: {}", p.id));
    if let Some((status, word)) = &e.status {
        o.review(4, &format!("status `{status}` from the words «{word}»: confirm"));
        o.line(4, &format!("status: {status}"));
        o.line(4, &format!("status_word: {}", quoted(word)));
    }
    o.line(4, &format!("quote: {}", quoted(&text[e.quote.clone()])));
    if !e.actuals.is_empty() {
        o.line(4, "actuals:");
        for a in &e.actuals {
            write_figure(o, 6, a, text);
        }
    }
    if let Some((v, q)) = &e.works_percent {
        o.line(
            4,
            &format!(
                "works_percent: {{value: {}, quote: {}}}",
                number(*v),
                quoted(&text[q.clone()])
            ),
        );
    }
    if !e.investment.is_empty() {
        o.line(4, "investment:");
        let mut seen = Vec::new();
        for (kind, f) in &e.investment {
            if seen.contains(kind) {
                o.review(6, &format!("another `{kind}` figure: «{}»", &text[f.quote.clone()]));
                continue;
            }
            seen.push(kind);
            o.review(6, &format!("`{kind}` read from the wording: confirm"));
            o.line(
                6,
                &format!(
                    "{kind}: {{value: {}, unit: yuan, quote: {}}}",
                    number(f.value),
                    quoted(&text[f.quote.clone()])
                ),
            );
        }
    }
}

fn write_figure(o: &mut Out, indent: usize, a: &Fig, text: &str) {
    for n in &a.review {
        o.review(indent, n);
    }
    let mut line = format!("- {{value: {}, unit: {}", number(a.value), a.unit);
    if let Some(t) = a.target {
        line.push_str(&format!(", target: {t}"));
    }
    if let Some(q) = a.qualifier {
        line.push_str(&format!(", qualifier: {q}"));
    }
    if let Some(p) = a.percent {
        line.push_str(&format!(", percent: {}", number(p)));
    }
    line.push_str(&format!(", quote: {}}}", quoted(&text[a.quote.clone()])));
    o.line(indent, &line);
}
