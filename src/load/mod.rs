//! Stage 1, **load**: read the site folder into memory ([`SourceSet`]) and
//! parse each YAML file into its raw type ([`raw`]) in parallel.
//!
//! Reading ([`SourceSet::read_dir`]) is separate from parsing ([`parse`]) so
//! that a live preview can keep the files in memory, replace the few that
//! changed and parse again without touching the disk. YAML syntax errors,
//! wrong shapes and unknown keys become [`Diagnostic`]s with file, line and
//! column; one file's error never hides another file's. Each plan folder
//! is parsed on its own ([`parse_plan_folder`]), so that a build can check
//! each plan as soon as it is parsed and a preview can parse again only
//! the folders an edit touched (`validate::Checks`).

mod file;
pub mod raw;
pub mod raw_progress;
mod repair;
pub mod shape;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Pos, Result};
use raw::*;
use raw_progress::RawProgress;

pub use file::{parse_file, parse_file_lenient, parse_lenient, parse_text, schema_of, Lenient};

/// The site's files, keyed by path relative to the site root, with `/`
/// separators (`content/plans/hebei/2023/plan.yaml`).
#[derive(Debug, Default, Clone)]
pub struct SourceSet {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Folders of a site that gongkai reads.
pub const SITE_FOLDERS: [&str; 4] = ["content", "templates", "static", "i18n"];

impl SourceSet {
    /// Reads every file under `content/`, `templates/`, `static/` and `i18n/` of `root`.
    pub fn read_dir(root: &Path) -> Result<SourceSet> {
        if !root.join("content").is_dir() {
            return Err(Error::Usage(format!(
                "{} has no content/ folder: is --root the site folder?",
                root.display()
            )));
        }
        let mut paths = Vec::new();
        for folder in SITE_FOLDERS {
            let dir = root.join(folder);
            if !dir.is_dir() {
                continue;
            }
            // Links are followed (a shared folder may be linked in); a loop
            // is an error naming the looping path.
            for entry in walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    let path = e.path().unwrap_or(&dir).to_path_buf();
                    Error::io("reading", &path, e.into())
                })?;
                if entry.file_type().is_file() && !is_hidden(entry.path(), root) {
                    paths.push(entry.into_path());
                }
            }
        }
        let files = paths
            .par_iter()
            .map(|p| {
                let bytes = std::fs::read(p).map_err(|e| Error::io("reading", p, e))?;
                Ok((rel_key(root, p), bytes))
            })
            .collect::<Result<BTreeMap<_, _>>>()?;
        Ok(SourceSet { files })
    }

    /// Adds or replaces one file (used by tests and the live preview).
    pub fn insert(&mut self, rel: &str, bytes: impl Into<Vec<u8>>) {
        self.files.insert(rel.to_string(), bytes.into());
    }

    pub fn get(&self, rel: &str) -> Option<&[u8]> {
        self.files.get(rel).map(Vec::as_slice)
    }

    /// Files under a folder prefix such as `templates/`.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}

fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

fn rel_key(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A parsed file: its relative path (for messages) and value.
#[derive(Debug)]
pub struct Parsed<T> {
    pub file: PathBuf,
    pub value: T,
}

/// One plan folder as found: `content/plans/<region>/<year>/`.
#[derive(Debug)]
pub struct LoadedPlan {
    /// `content/plans/<region>/<year>`
    pub dir: String,
    pub region: String,
    pub year: String,
    pub plan: Parsed<RawPlan>,
    pub intro_zh: Option<String>,
    pub intro_en: Option<String>,
    /// The original document named by `source.file`, if that file exists.
    pub source_text: Option<String>,
    /// Progress reports from `progress/*.yaml`, in file-name order; files
    /// that failed to parse are reported instead.
    pub progress: Vec<LoadedProgress>,
}

/// One progress report: `content/plans/<region>/<year>/progress/<name>.yaml`.
#[derive(Debug)]
pub struct LoadedProgress {
    pub report: Parsed<RawProgress>,
    /// The report's own text named by `source.file`, if that file exists.
    pub source_text: Option<String>,
}

/// Everything parsed from a [`SourceSet`]; files that failed to parse are
/// missing here and reported in `diagnostics`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Option<Parsed<RawSite>>,
    pub regions: Option<Parsed<Vec<RawRegion>>>,
    pub categories: Option<Parsed<Vec<RawCategory>>>,
    pub programs: Option<Parsed<Vec<RawProgram>>>,
    pub units: Option<Parsed<Vec<RawUnit>>>,
    pub agencies: Option<Parsed<Vec<RawAgency>>>,
    pub glossary: Option<Parsed<Vec<RawTerm>>>,
    /// Each plan folder's raw parse, shared with its [`PlanParse`].
    pub plans: Vec<Arc<LoadedPlan>>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that exist but could not be parsed (`content/regions.yaml`,
    /// `content/plans/hebei/2023/plan.yaml`): references into them are not
    /// reported again as unknown, since the cause is already reported.
    pub failed: std::collections::BTreeSet<String>,
    /// Files parsed after repairing their shape mistakes: the meaning of the
    /// rest is still checked, but diagnostics on repaired lines, and the
    /// file's warnings, are left out as artefacts.
    pub repaired: Repaired,
    /// `# REVIEW` comments left in content files (warnings).
    pub review: Vec<Diagnostic>,
}

/// Every `# REVIEW: …` comment in a content YAML file, as a warning at its
/// `file:line:column`: the marks `gongkai import` leaves for an editor.
pub fn review_marks(sources: &SourceSet) -> Vec<Diagnostic> {
    review_marks_in(sources.under("content/"))
}

/// The `# REVIEW` marks of `files` (see [`review_marks`]).
fn review_marks_in<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (key, bytes) in files {
        if !key.ends_with(".yaml") || memchr_review(bytes).is_none() {
            continue;
        }
        for (n, line) in String::from_utf8_lossy(bytes).lines().enumerate() {
            let Some(at) = line.find("# REVIEW:") else { continue };
            let before = &line[..at];
            let in_string = before.matches('"').count() % 2 == 1;
            if in_string || !(before.is_empty() || before.ends_with(char::is_whitespace)) {
                continue;
            }
            let note = line[at + "# REVIEW:".len()..].trim();
            let column = before.chars().count() as u64 + 1;
            out.push(
                Diagnostic::new(
                    Path::new(key),
                    Pos::new(n as u64 + 1, column),
                    "",
                    format!("REVIEW left: {note}"),
                )
                .hint("settle what the comment asks, then delete the comment"),
            );
        }
    }
    out
}

/// Where `# REVIEW:` first occurs in `bytes`: most files have none, and
/// are then not decoded line by line.
fn memchr_review(bytes: &[u8]) -> Option<usize> {
    const MARK: &[u8] = b"# REVIEW:";
    bytes.windows(MARK.len()).position(|w| w == MARK)
}

/// The plan folder (`content/plans/hebei/2023/`) whose parse covers `key`,
/// when `key` lies in one: the first four parts of its path.
fn plan_folder_of(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("content/plans/")?;
    let mut slashes = rest.match_indices('/').map(|(i, _)| i);
    let (_, end) = (slashes.next()?, slashes.next()?);
    Some(&key[.."content/plans/".len() + end + 1])
}

/// The `# REVIEW` marks of the content files outside `content/plans/`.
fn shared_review_marks(sources: &SourceSet) -> Vec<Diagnostic> {
    review_marks_in(
        sources
            .under("content/")
            .filter(|(k, _)| !k.starts_with("content/plans/")),
    )
}

/// The `# REVIEW` marks of the files under `content/plans/` that no plan
/// folder's parse covers ([`parse_plan_folder`] finds the others).
pub fn stray_review_marks(sources: &SourceSet) -> Vec<Diagnostic> {
    let mut stray = Vec::new();
    let mut last: Option<(&str, bool)> = None;
    for (key, bytes) in sources.under("content/plans/") {
        let covered = match plan_folder_of(key) {
            Some(dir) => match last {
                Some((d, covered)) if d == dir => covered,
                _ => {
                    let covered = sources.files.contains_key(&format!("{dir}plan.yaml"));
                    last = Some((dir, covered));
                    covered
                }
            },
            None => false,
        };
        if !covered {
            stray.push((key, bytes));
        }
    }
    review_marks_in(stray.into_iter())
}

/// What parsing one plan folder gave: the plan or why it failed, and the
/// diagnostics and repairs along the way.
#[derive(Debug)]
pub struct PlanParse {
    /// The plan, or the reasons it could not be read (possibly none beyond
    /// `diagnostics`).
    pub plan: std::result::Result<Arc<LoadedPlan>, Vec<Diagnostic>>,
    pub diagnostics: Vec<Diagnostic>,
    pub repaired: Repaired,
    /// The `# REVIEW` marks of the folder's files (warnings).
    pub review: Vec<Diagnostic>,
}

/// Parses every content file of `sources`, in parallel.
pub fn parse(sources: &SourceSet) -> Loaded {
    parse_with(sources)
}

fn parse_with(sources: &SourceSet) -> Loaded {
    let mut loaded = parse_shared(sources);
    let plan_files = plan_files(sources);
    let results: Vec<PlanParse> = plan_files
        .par_iter()
        .map(|key| parse_plan_folder(sources, key))
        .collect();
    for (outcome, key) in results.iter().zip(&plan_files) {
        loaded.absorb(key, outcome);
        match &outcome.plan {
            Ok(p) => loaded.plans.push(p.clone()),
            Err(d) => loaded.diagnostics.extend(d.iter().cloned()),
        }
    }
    loaded
}

/// Parses the files every plan is checked against (site, regions,
/// categories, programs, units, agencies, glossary) and collects the
/// `# REVIEW` marks outside plan folders; `plans` is left empty (see
/// [`parse_plan_folder`]).
pub fn parse_shared(sources: &SourceSet) -> Loaded {
    let mut loaded = parse_shared_files(sources);
    loaded.review.extend(stray_review_marks(sources));
    loaded
}

/// [`parse_shared`] without the marks of stray files under
/// `content/plans/`: a function of the files outside it alone.
pub fn parse_shared_files(sources: &SourceSet) -> Loaded {
    let mut diags = Vec::new();
    let ((site, regions), (categories, programs)) = rayon::join(
        || {
            rayon::join(
                || parse_file::<RawSite>(sources, "content/site.yaml", true),
                || parse_file::<Vec<RawRegion>>(sources, "content/regions.yaml", true),
            )
        },
        || {
            rayon::join(
                || parse_file::<Vec<RawCategory>>(sources, "content/categories.yaml", true),
                || parse_file::<Vec<RawProgram>>(sources, "content/programs.yaml", false),
            )
        },
    );
    let units = parse_file::<Vec<RawUnit>>(sources, "content/units.yaml", false);
    let agencies = parse_file::<Vec<RawAgency>>(sources, "content/agencies.yaml", false);
    let mut failed = std::collections::BTreeSet::new();
    let (d, f) = (&mut diags, &mut failed);
    let site = collect(site, "content/site.yaml", d, f);
    let regions = collect(regions, "content/regions.yaml", d, f);
    let categories = collect(categories, "content/categories.yaml", d, f);
    let programs = collect(programs, "content/programs.yaml", d, f).or_else(|| empty("content/programs.yaml"));
    let units = collect(units, "content/units.yaml", d, f).or_else(|| empty("content/units.yaml"));
    let agencies = collect(agencies, "content/agencies.yaml", d, f).or_else(|| empty("content/agencies.yaml"));
    let glossary = parse_file::<Vec<RawTerm>>(sources, "content/glossary.yaml", false);
    let glossary =
        collect(glossary, "content/glossary.yaml", &mut diags, &mut failed).or_else(|| empty("content/glossary.yaml"));
    Loaded {
        site,
        regions,
        categories,
        programs,
        units,
        agencies,
        glossary,
        plans: Vec::new(),
        diagnostics: diags,
        failed,
        repaired: Repaired::new(),
        review: shared_review_marks(sources),
    }
}

/// The `plan.yaml` of every plan folder, in path order.
pub fn plan_files(sources: &SourceSet) -> Vec<&str> {
    sources
        .under("content/plans/")
        .map(|(k, _)| k)
        .filter(|k| k.ends_with("/plan.yaml"))
        .collect()
}

/// Parses the plan folder of `key` (its `plan.yaml`): the plan, its texts
/// and its progress reports.
pub fn parse_plan_folder(sources: &SourceSet, key: &str) -> PlanParse {
    let mut diagnostics = Vec::new();
    let mut repaired = Repaired::new();
    let plan = parse_plan(sources, key, &mut diagnostics, &mut repaired).map(Arc::new);
    let review = match plan_folder_of(key) {
        Some(dir) if key.len() == dir.len() + "plan.yaml".len() => review_marks_in(sources.under(dir)),
        _ => Vec::new(),
    };
    PlanParse {
        plan,
        diagnostics,
        repaired,
        review,
    }
}

impl Loaded {
    /// Records what parsing the plan folder of `key` reported besides the
    /// plan: its diagnostics and repairs, and whether it failed.
    pub fn absorb(&mut self, key: &str, parse: &PlanParse) {
        self.absorb_parts(
            key,
            &parse.diagnostics,
            &parse.repaired,
            &parse.review,
            parse.plan.is_ok(),
        );
    }

    /// [`Loaded::absorb`] of a parse whose plan is gone (checked and dropped).
    pub fn absorb_parts(
        &mut self,
        key: &str,
        diagnostics: &[Diagnostic],
        repaired: &Repaired,
        review: &[Diagnostic],
        parsed: bool,
    ) {
        self.diagnostics.extend(diagnostics.iter().cloned());
        self.review.extend(review.iter().cloned());
        self.repaired
            .extend(repaired.iter().map(|(k, v)| (k.clone(), v.clone())));
        if !parsed {
            self.failed.insert(key.to_string());
        }
    }
}

fn empty<T>(file: &str) -> Option<Parsed<Vec<T>>> {
    Some(Parsed {
        file: PathBuf::from(file),
        value: Vec::new(),
    })
}

fn collect<T>(
    r: Result<Option<Parsed<T>>, Vec<Diagnostic>>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
    failed: &mut std::collections::BTreeSet<String>,
) -> Option<Parsed<T>> {
    r.unwrap_or_else(|d| {
        failed.insert(file.to_string());
        diags.extend(d);
        None
    })
}

/// Files read after repairs: path → repaired lines (see [`file::parse_lenient`]).
pub type Repaired = std::collections::BTreeMap<String, Vec<u64>>;

fn parse_plan(
    sources: &SourceSet,
    key: &str,
    diags: &mut Vec<Diagnostic>,
    repaired: &mut Repaired,
) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let dir = key.trim_end_matches("/plan.yaml");
    let parts: Vec<&str> = dir.split('/').collect();
    if parts.len() != 4 {
        return Err(vec![Diagnostic::new(
            Path::new(key),
            Pos::default(),
            "",
            "plan.yaml is not in a `content/plans/<region>/<year>/` folder",
        )
        .hint("move it to content/plans/<region-id>/<year>/plan.yaml")]);
    }
    let lenient = parse_file_lenient::<RawPlan>(sources, key);
    if !lenient.repaired.is_empty() {
        repaired.insert(key.to_string(), lenient.repaired);
    }
    diags.extend(lenient.diagnostics.iter().cloned());
    let Some(plan) = lenient.parsed else {
        // Reported above; the caller marks the file as failed.
        return Err(Vec::new());
    };
    let text = |name: &str| {
        sources
            .get(&format!("{dir}/{name}"))
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    let source_text = text(&plan.value.source.file.value);
    let progress = parse_progress(sources, dir, diags, repaired);
    Ok(LoadedPlan {
        progress,
        source_text,
        dir: dir.to_string(),
        region: parts[2].to_string(),
        year: parts[3].to_string(),
        plan,
        intro_zh: text("intro.zh.md"),
        intro_en: text("intro.en.md"),
    })
}

/// Parses every `progress/*.yaml` of a plan folder; a file that fails to
/// parse is reported in `diags` and left out.
fn parse_progress(
    sources: &SourceSet,
    dir: &str,
    diags: &mut Vec<Diagnostic>,
    repaired: &mut Repaired,
) -> Vec<LoadedProgress> {
    let prefix = format!("{dir}/progress/");
    let keys: Vec<&str> = sources
        .under(&prefix)
        .map(|(k, _)| k)
        .filter(|k| k.ends_with(".yaml") && !k[prefix.len()..].contains('/'))
        .collect();
    let mut out = Vec::new();
    for key in keys {
        let lenient = parse_file_lenient::<RawProgress>(sources, key);
        diags.extend(lenient.diagnostics);
        if !lenient.repaired.is_empty() {
            repaired.insert(key.to_string(), lenient.repaired);
        }
        if let Some(report) = lenient.parsed {
            let text = sources
                .get(&format!("{prefix}{}", report.value.source.file.value))
                .map(|b| String::from_utf8_lossy(b).into_owned());
            out.push(LoadedProgress {
                report,
                source_text: text,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_located() {
        let mut s = SourceSet::default();
        s.insert("content/regions.yaml", "- id: a\n  name: {zh: 甲}\n  levle: province\n");
        let l = parse(&s);
        let d = l
            .diagnostics
            .iter()
            .find(|d| d.file == Path::new("content/regions.yaml"))
            .expect("diagnostic for regions.yaml");
        assert_eq!(d.pos, Pos::new(3, 3));
        assert!(d.message.contains("unknown field `levle`"), "{}", d.message);
    }

    #[test]
    fn review_comments_are_located() {
        let mut s = SourceSet::default();
        s.insert(
            "content/plans/x/2023/plan.yaml",
            "# every comment marked REVIEW is one\ntitle: {zh: \"甲 # REVIEW: in a string\"}\nprojects:\n  # REVIEW: unit guessed\n  - id: a # REVIEW: id\n",
        );
        s.insert("content/plans/x/2023/source.zh.txt", "# REVIEW: not yaml");
        let marks = review_marks(&s);
        assert_eq!(marks.len(), 2, "{marks:?}");
        assert_eq!(marks[0].pos, Pos::new(4, 3));
        assert_eq!(marks[0].message, "REVIEW left: unit guessed");
        assert_eq!(marks[1].pos, Pos::new(5, 11));
        assert!(crate::diagnostics::zh::to_zh(&marks[0].message).is_some());
        assert!(crate::diagnostics::zh::to_zh(&marks[0].hint).is_some());
        assert_eq!(parse(&s).review.len(), 2);
    }

    #[test]
    fn plan_folder_gives_region_and_year() {
        let mut s = SourceSet::default();
        s.insert("content/plans/x/2023/plan.yaml", "title: {zh: 甲}\n");
        let l = parse(&s);
        assert!(l.plans.is_empty());
        assert!(l
            .diagnostics
            .iter()
            .any(|d| d.file == Path::new("content/plans/x/2023/plan.yaml") && d.message.contains("missing field")));
    }
}
