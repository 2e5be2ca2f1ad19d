//! The pipeline end to end: [`compile`] runs load → validate → derive →
//! render in memory (what a live preview re-runs), [`build`] adds reading
//! the site folder and the atomic write, [`check`] stops after validation
//! and reports translation coverage.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::derive::SiteMap;
use crate::error::{Diagnostic, Error, Result};
use crate::load::SourceSet;
use crate::model::Model;
use crate::progress::{Progress, Silent, Stage};
use crate::render::{self, Job, Rendered, Renderer};
use crate::search;
use crate::theme::Theme;
use crate::validate::{self, Validated};
use crate::write::{guard, Staging};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `content/`).
    pub root: PathBuf,
    /// Where the site is written; relative paths are below the current folder.
    pub output: PathBuf,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that gongkai did not write
    /// (never the site's own folders: see [`crate::write::guard`]).
    pub force: bool,
    /// Build the search index (`search-index/`); off only to save time
    /// while editing (`--no-search`): the search pages then find nothing.
    pub search: bool,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages_per_lang: [usize; 2],
    pub files: usize,
    /// Pages in the search index (0 when it was not built).
    pub indexed: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [zh, en] = self.pages_per_lang;
        write!(
            f,
            "Built {} pages ({zh} zh, {en} en), indexed {} for search, wrote {} files in {:.2} s",
            zh + en,
            self.indexed,
            self.files,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Validates `sources`, returning the model (or every content error).
pub fn validate_sources(sources: &SourceSet) -> Result<Validated> {
    validate::validated(validate::validate_sources(sources))
}

/// [`validate_sources`], parsing and checking again only the plan folders
/// that `checks` does not keep from earlier runs (the preview), with the
/// warnings merged only when asked for.
pub fn validate_sources_kept(
    sources: &SourceSet,
    checks: &mut validate::Checks,
) -> Result<(Model, Arc<validate::Warnings>)> {
    let outcome = validate::validate_kept(sources, checks);
    match outcome.model {
        Some(model) => Ok((model, Arc::new(outcome.warnings))),
        None => Err(Error::Content(outcome.errors)),
    }
}

/// The model of `tests/fixtures/minimal`, for unit tests of later stages.
#[cfg(test)]
pub(crate) fn minimal_fixture_model() -> Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let sources = SourceSet::read_dir(&root).expect("the fixture is readable");
    validate_sources(&sources).expect("the fixture is valid").model
}

/// Validates and applies a base URL override.
fn prepare(sources: &SourceSet, base_url: Option<&str>) -> Result<(Model, Vec<Diagnostic>)> {
    let Validated { mut model, warnings } = validate_sources(sources)?;
    if let Some(url) = base_url {
        model.site.base_url = normalise_base_url(url)?;
    }
    Ok((model, warnings))
}

/// Runs the in-memory pipeline: validate, derive, render.
pub fn compile(sources: &SourceSet, base_url: Option<&str>) -> Result<(Rendered, Vec<Diagnostic>)> {
    let (model, warnings) = prepare(sources, base_url)?;
    let theme = Theme::resolve(sources)?;
    let map = SiteMap::new(&model, &model.site.base_url);
    let rendered = render::render(&model, &map, &theme)?;
    Ok((rendered, warnings))
}

fn normalise_base_url(url: &str) -> Result<String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::Usage(format!(
            "--base-url `{url}` is not an absolute http(s) URL"
        )));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Pages rendered and written per step of a build: bounds memory to one
/// chunk of output, whatever the size of the site, and paces progress.
const CHUNK: usize = 256;

/// Builds the site from disk to `opts.output`, rendering in chunks that are
/// written to a staging folder and swapped in at the end.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    build_with_progress(opts, &Silent)
}

/// [`build`], reporting its stages and pages to `progress`.
pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildSummary> {
    let result = run_build(opts, progress);
    progress.finish();
    result
}

fn run_build(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildSummary> {
    let start = Instant::now();
    guard::check_output(&opts.root, &opts.output, opts.force)?;
    progress.stage(Stage::Load);
    let sources = SourceSet::read_dir(&opts.root)?;
    progress.stage(Stage::Validate);
    let (model, warnings) = prepare(&sources, opts.base_url.as_deref())?;
    let theme = Theme::resolve(&sources)?;
    // The model and theme hold all the build needs of the files (their
    // bytes are the size of the content, 0.5 GB at 100,000 projects).
    drop(sources);
    let map = SiteMap::new(&model, &model.site.base_url);
    let renderer = Renderer::new(&model, &map, &theme)?;
    let staging = Staging::new(&opts.output)?;
    let mut index = if opts.search {
        Some(search::Indexer::new())
    } else {
        None
    };
    let jobs = renderer.jobs();
    progress.stage(Stage::Render);
    let mut done = 0;
    for chunk in jobs.chunks(CHUNK) {
        let files = renderer.render_pages(chunk)?;
        let hashes = staging.write(&files)?;
        let twins = chunk.iter().zip(&hashes).filter_map(|(&job, (path, hash))| {
            render::twin(&map, job).map(|twin| (path.as_str(), twin, hash.as_str()))
        });
        staging.link(twins.collect())?;
        if let Some(index) = index.as_mut() {
            feed(index, &renderer, chunk, files)?;
            staging.write(&index.take_ready())?;
        }
        done += chunk.len();
        progress.pages(done, jobs.len());
    }
    let mut indexed = 0;
    if let Some(index) = index {
        progress.stage(Stage::Index);
        indexed = index.pages();
        index.finish_each(&mut |files| staging.write(&files).map(drop))?;
    }
    progress.stage(Stage::Write);
    renderer.extras_each(&staging)?;
    let files = staging.commit()?;
    let pages_per_lang = render::pages_per_lang(&map);
    Ok(BuildSummary {
        pages_per_lang,
        files,
        indexed,
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Gives the indexed pages of a rendered chunk to the search index, in job
/// order (so the index is the same on every build).
fn feed(index: &mut search::Indexer, renderer: &Renderer, jobs: &[Job], files: Vec<(String, Vec<u8>)>) -> Result<()> {
    for (&job @ (_, lang, _), (_, html)) in jobs.iter().zip(files) {
        if let Some(url) = renderer.search_url(job) {
            index.add(lang, &url, html)?;
        }
    }
    Ok(())
}

/// Translation coverage of one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// `hebei/2023`
    pub plan: String,
    pub translated: usize,
    pub total: usize,
}

impl Coverage {
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.translated as f64 / self.total as f64
        }
    }
}

#[derive(Debug)]
pub struct CheckReport {
    pub warnings: Vec<Diagnostic>,
    pub coverage: Vec<Coverage>,
    pub plans: usize,
    pub projects: usize,
}

/// Validates the site at `root` without writing anything; fails with every
/// content error.
pub fn check(root: &std::path::Path) -> Result<CheckReport> {
    let full = check_all(root)?;
    if !full.errors.is_empty() {
        return Err(Error::Content(full.errors));
    }
    Ok(full.report)
}

/// What `gongkai check` reports: errors and warnings side by side.
#[derive(Debug)]
pub struct FullCheck {
    pub errors: Vec<Diagnostic>,
    /// Coverage and counts are those of a valid model (empty otherwise).
    pub report: CheckReport,
}

/// Validates the site at `root`, keeping every error and warning; fails
/// only when the site folder cannot be read.
pub fn check_all(root: &std::path::Path) -> Result<FullCheck> {
    let sources = SourceSet::read_dir(root)?;
    let outcome = validate::validate_sources(&sources);
    let (coverage, plans, projects) = match &outcome.model {
        Some(m) => (
            coverage(m),
            m.plans.len(),
            m.plans.iter().map(|p| p.projects.len()).sum(),
        ),
        None => (Vec::new(), 0, 0),
    };
    Ok(FullCheck {
        errors: outcome.errors,
        report: CheckReport {
            warnings: outcome.warnings,
            coverage,
            plans,
            projects,
        },
    })
}

/// Translation coverage per plan: texts with an English version over all texts.
pub fn coverage(model: &Model) -> Vec<Coverage> {
    model
        .plans
        .iter()
        .map(|plan| {
            let texts = model.plan_texts(plan);
            Coverage {
                plan: model.plan_key(plan),
                translated: texts.iter().filter(|t| t.is_translated()).count(),
                total: texts.len(),
            }
        })
        .collect()
}
