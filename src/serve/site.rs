//! The preview's site in memory, in two steps per edit.
//!
//! 1. [`Preview::prepare`] keeps the sources between rebuilds, replaced
//!    only where the watcher reports a change; it parses and checks again
//!    only the plan folders that changed ([`Checks`]), assembles the model
//!    and derives its site map from the last one ([`SiteMap::after`]), and
//!    compiles the templates if they or the shared text changed. The
//!    result, [`Prepared`], can render any page on its own
//!    ([`Prepared::file`]): the server answers from it at once. Its
//!    comparisons and its sorted warnings are left to first use.
//! 2. [`Pages::update`] then computes those, and hands it to the
//!    incremental renderer ([`crate::render::incremental`]), which
//!    re-renders the pages whose view changed and recomputes the other
//!    files (data, feeds, sitemaps), giving every file of the site: for the
//!    search index and `--output`.
//!
//! The HTTP side reads immutable [`Snapshot`]s: a new one is published per
//! step.
//!
//! When the site folder is this repository (it has `themes/default/`), the
//! theme's files are read from there too and laid under the site's own
//! overrides, so a theme edit shows in the preview without recompiling
//! gongkai (a build still uses the theme compiled into the binary).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::build::validate_sources_kept;
use crate::derive::SiteMap;
use crate::error::{Diagnostic, Error, Result};
use crate::load::{SourceSet, SITE_FOLDERS};
use crate::model::Model;
use crate::render::incremental::{Engines, Incremental, Timings};
use crate::render::{asset, job_of};
use crate::theme::Theme;
use crate::validate::{Checks, Warnings};

/// The site files by path (`en/plans/index.html`).
pub(crate) type Files = HashMap<String, Bytes>;

/// What the server answers from, replaced whole after each rebuild.
pub(crate) struct Snapshot {
    /// Changes whenever the answers may have changed; open pages compare
    /// it with theirs and reload.
    pub generation: String,
    pub content: Content,
}

pub(crate) enum Content {
    /// The built site.
    Site(Arc<Files>),
    /// A new model whose pages are rendered when asked for, while its
    /// other files are being computed; until then they are the last built
    /// site's.
    Prepared(Arc<Prepared>, Arc<Files>),
    /// The content has errors: this diagnostics page answers every page.
    Broken(Bytes),
}

/// Folders of the theme that a site can override, file by file.
const THEME_FOLDERS: [&str; 3] = ["templates", "static", "i18n"];

/// Where the default theme's files sit in this repository.
pub const THEME_DIR: &str = "themes/default";

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Pages rendered this time.
    pub rendered: usize,
    /// Pages rendered for a full build (关怀版 copies share their bytes).
    pub pages: usize,
    pub pages_per_lang: [usize; 2],
    /// Output files added, changed or removed.
    pub files_changed: usize,
    /// Files of the site.
    pub files: usize,
    /// Every page was rendered (first build, or templates or shared data changed).
    pub full: bool,
    /// Load, validate and derive.
    pub validate: Duration,
    /// Compiling the templates, when they or the shared text changed.
    pub engines: Duration,
    pub render: Timings,
    pub warnings: Vec<Diagnostic>,
}

/// The sources and the last good build of a previewed site.
pub struct Preview {
    /// The site folder, absolute.
    root: PathBuf,
    /// The theme folder when the site folder has one, absolute.
    theme_dir: Option<PathBuf>,
    site: SourceSet,
    /// Theme files by the key a site override would have (`templates/plan.html`).
    theme: BTreeMap<String, Vec<u8>>,
    base_url: String,
    /// Plans parsed and checked by earlier builds, reused while their
    /// folder and the shared files are unchanged.
    checks: Checks,
    /// The last build's engines, reused while templates and shared text are unchanged.
    engines: Option<Engines>,
    /// The last build, and the fingerprint of the shared files it was
    /// checked against: its derived comparisons are reused where no edit
    /// reached them ([`SiteMap::after`]).
    last: Option<(u64, Arc<Prepared>)>,
}

/// A validated and derived site, ready to render any of its pages.
pub struct Prepared {
    pub model: Model,
    pub map: SiteMap,
    pub theme: Theme,
    pub engines: Engines,
    /// Merged when the catch-up reports them.
    pub warnings: Arc<Warnings>,
    /// Load and validate.
    pub validate: Duration,
    /// Deriving the site's pages and indexes.
    pub derive: Duration,
    /// Compiling the templates (zero when they were reused).
    pub compile: Duration,
}

impl Prepared {
    /// The file at `key` when it is a page or a theme asset, rendered or
    /// read now; `None` for any other key (data, feeds: see
    /// [`Pages::update`]). A page that fails to render gives its error.
    pub fn file(&self, key: &str) -> Option<Result<Vec<u8>>> {
        if key.ends_with(".html") {
            let job = job_of(&self.map, key)?;
            return Some(self.engines.render(&self.model, &self.map, &self.theme, job));
        }
        asset(&self.map, &self.theme, key).map(Ok)
    }

    /// Whether `key` is a page or asset of this site.
    pub fn has(&self, key: &str) -> bool {
        if key.ends_with(".html") {
            job_of(&self.map, key).is_some()
        } else {
            asset(&self.map, &self.theme, key).is_some()
        }
    }
}

/// Every file of the previewed site, kept between rebuilds with what the
/// incremental renderer knows of them.
#[derive(Default)]
pub struct Pages {
    incremental: Incremental,
    files: Arc<Files>,
}

impl Preview {
    /// Reads the sources of the site at `root`, to be built for `base_url`
    /// (absolute, ending in `/`).
    pub fn new(root: &Path, base_url: &str) -> Result<Preview> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io("reading", root, e))?;
        let theme_dir = Some(root.join(THEME_DIR)).filter(|d| d.join("templates").is_dir());
        let mut p = Preview {
            root,
            theme_dir,
            site: SourceSet::default(),
            theme: BTreeMap::new(),
            base_url: base_url.to_string(),
            checks: Checks::default(),
            engines: None,
            last: None,
        };
        p.rescan()?;
        Ok(p)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The theme folder read from disk, if any.
    pub fn theme_dir(&self) -> Option<&Path> {
        self.theme_dir.as_deref()
    }

    /// Folders to watch, existing or not yet: the site's source folders
    /// and the theme's.
    pub fn watched(&self) -> Vec<PathBuf> {
        let site = SITE_FOLDERS.iter().map(|f| self.root.join(f));
        let theme = self
            .theme_dir
            .iter()
            .flat_map(|d| THEME_FOLDERS.iter().map(move |f| d.join(f)));
        site.chain(theme).collect()
    }

    /// Reads every source again (after the watcher lost track).
    pub fn rescan(&mut self) -> Result<()> {
        self.checks.clear();
        self.site = SourceSet::read_dir(&self.root)?;
        self.theme = match &self.theme_dir {
            Some(dir) => read_tree(dir, &THEME_FOLDERS),
            None => BTreeMap::new(),
        };
        Ok(())
    }

    /// Re-reads the files at `paths` (changed, created or removed, files or
    /// folders); returns the keys whose content changed, sorted.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Vec<String> {
        let mut changed = Vec::new();
        for path in paths {
            if let Some(key) = key_in(&self.root, &SITE_FOLDERS, path) {
                refresh(&mut self.site.files, path, &key, &mut changed);
            } else if let Some(dir) = &self.theme_dir {
                if let Some(key) = key_in(dir, &THEME_FOLDERS, path) {
                    refresh(&mut self.theme, path, &key, &mut changed);
                }
            }
        }
        changed.sort();
        changed.dedup();
        for key in &changed {
            self.checks.forget(key);
        }
        changed
    }

    /// Validates and derives the site and compiles its templates: enough
    /// to render any page. On error the last good build is kept.
    pub fn prepare(&mut self) -> Result<Arc<Prepared>> {
        let t = Instant::now();
        let (mut model, warnings) = validate_sources_kept(&self.site, &mut self.checks)?;
        model.site.base_url = self.base_url.clone();
        let theme = Theme::resolve(&self.theme_sources())?;
        let validate = t.elapsed();
        let t = Instant::now();
        let shared = self.checks.shared_fingerprint();
        let before = self
            .last
            .as_ref()
            .filter(|(fp, _)| Some(*fp) == shared)
            .map(|(_, p)| (&p.model, &p.map));
        let map = SiteMap::after(&model, &model.site.base_url, before);
        let derive = t.elapsed();
        let t = Instant::now();
        let engines = Engines::refresh(self.engines.as_ref(), &model, &map, &theme)?;
        self.engines = Some(engines.clone());
        let prepared = Arc::new(Prepared {
            model,
            map,
            theme,
            engines,
            warnings,
            validate,
            derive,
            compile: t.elapsed(),
        });
        super::drop_later(std::mem::replace(
            &mut self.last,
            shared.map(|fp| (fp, prepared.clone())),
        ));
        Ok(prepared)
    }

    /// [`Preview::prepare`], then [`Pages::update`]: every file at once.
    pub fn build(&mut self, pages: &mut Pages) -> Result<(Arc<Files>, Rebuilt)> {
        let prepared = self.prepare()?;
        let never = || false;
        Ok(pages.update(&prepared, &never)?.expect("never cancelled"))
    }

    /// The site's theme files (templates, static, i18n) with the theme
    /// folder's files under them; content is left out.
    fn theme_sources(&self) -> SourceSet {
        let mut sources = SourceSet::default();
        for folder in THEME_FOLDERS {
            let prefix = format!("{folder}/");
            for (key, bytes) in self.site.under(&prefix) {
                sources.files.insert(key.to_string(), bytes.to_vec());
            }
        }
        for (key, bytes) in &self.theme {
            sources.files.entry(key.clone()).or_insert_with(|| bytes.clone());
        }
        sources
    }
}

impl Pages {
    /// Renders what changed since the last update and recomputes the
    /// other files; `Ok(None)` when `cancelled` stopped it (a newer edit),
    /// leaving the last update's files in place. On error too.
    pub fn update(
        &mut self,
        p: &Prepared,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<(Arc<Files>, Rebuilt)>> {
        // Computed in parallel here rather than by the first page that
        // needs them, which a parallel render would compute alone.
        p.map.indexes.complete(&p.model);
        let Some(update) = self
            .incremental
            .update(&p.model, &p.map, &p.theme, &p.engines, cancelled)?
        else {
            return Ok(None);
        };
        let rendered_count = update.rendered.len();
        let page_count = update.pages.len();
        let mut rendered: HashMap<String, Vec<u8>> = update.rendered.into_iter().collect();
        let mut files = Files::with_capacity(update.pages.len() + update.extras.len());
        let mut changed = 0;
        let old = &self.files;
        // `kept`: the bytes are the previous build's, so they need no
        // comparing (a large site keeps tens of thousands of pages).
        let mut put = |key: String, bytes: Bytes, kept: bool| {
            if !kept && old.get(&key) != Some(&bytes) {
                changed += 1;
            }
            files.insert(key, bytes);
        };
        let mut twins: HashMap<String, String> = update.twins.into_iter().collect();
        for page in update.pages {
            let (bytes, kept) = match rendered.remove(&page) {
                Some(bytes) => (Bytes::from(bytes), false),
                // Unchanged: its fingerprint was recorded by a build whose
                // files were all kept here.
                None => match old.get(&page) {
                    Some(bytes) => (bytes.clone(), true),
                    None => {
                        debug_assert!(false, "kept page {page} has no file");
                        continue;
                    }
                },
            };
            if let Some(copy) = twins.remove(&page) {
                let kept = kept && old.contains_key(&copy);
                put(copy, bytes.clone(), kept);
            }
            put(page, bytes, kept);
        }
        for (key, bytes) in update.extras {
            put(key, Bytes::from(bytes), false);
        }
        changed += old.keys().filter(|k| !files.contains_key(*k)).count();
        self.files = Arc::new(files);
        let report = Rebuilt {
            rendered: rendered_count,
            pages: page_count,
            pages_per_lang: update.pages_per_lang,
            files_changed: changed,
            files: self.files.len(),
            full: update.full,
            validate: p.validate + p.derive,
            engines: p.compile,
            render: update.timings,
            warnings: p.warnings.all().to_vec(),
        };
        Ok(Some((self.files.clone(), report)))
    }
}

/// The source key of `path` (`content/plans/x/2023/plan.yaml`) when it lies
/// in one of `folders` of `base` and no part of it is hidden.
fn key_in(base: &Path, folders: &[&str], path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    if !folders.contains(&first.as_str()) || parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    Some(parts.join("/"))
}

/// Brings `files` up to date with what is at `path` now: a file is re-read,
/// a folder re-read whole, a missing path removed with everything below it.
/// Pushes the keys whose content changed.
fn refresh(files: &mut BTreeMap<String, Vec<u8>>, path: &Path, key: &str, changed: &mut Vec<String>) {
    let below = format!("{key}/");
    let mut fresh: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {
            match std::fs::read(path) {
                Ok(bytes) => {
                    fresh.insert(key.to_string(), bytes);
                }
                // Unreadable for now (being replaced): the next event re-reads it.
                Err(_) => return,
            }
        }
        Ok(m) if m.is_dir() => {
            let base = path.to_path_buf();
            for entry in walkdir::WalkDir::new(&base).into_iter().filter_map(|e| e.ok()) {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
                let sub = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
                let sub: Vec<String> = sub.collect();
                if sub.iter().any(|p| p.starts_with('.')) {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(entry.path()) {
                    fresh.insert(format!("{below}{}", sub.join("/")), bytes);
                }
            }
        }
        _ => {}
    }
    let stale: Vec<String> = files
        .range(key.to_string()..)
        .take_while(|(k, _)| k.starts_with(key))
        .map(|(k, _)| k)
        .filter(|k| (k.as_str() == key || k.starts_with(&below)) && !fresh.contains_key(*k))
        .cloned()
        .collect();
    for k in stale {
        files.remove(&k);
        changed.push(k);
    }
    for (k, bytes) in fresh {
        if files.get(&k) != Some(&bytes) {
            files.insert(k.clone(), bytes);
            changed.push(k);
        }
    }
}

/// Every non-hidden file below `folders` of `dir`, keyed `folder/…`.
fn read_tree(dir: &Path, folders: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for folder in folders {
        let mut changed = Vec::new();
        let path = dir.join(folder);
        if path.is_dir() {
            refresh(&mut out, &path, folder, &mut changed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_only_for_visible_files_in_source_folders() {
        let root = Path::new("/site");
        let k = |p: &str| key_in(root, &SITE_FOLDERS, Path::new(p));
        assert_eq!(
            k("/site/content/plans/a/2023/plan.yaml").as_deref(),
            Some("content/plans/a/2023/plan.yaml")
        );
        assert_eq!(k("/site/templates/plan.html").as_deref(), Some("templates/plan.html"));
        assert_eq!(k("/site/content/.plan.yaml.swp"), None);
        assert_eq!(k("/site/public/index.html"), None);
        assert_eq!(k("/elsewhere/content/x.yaml"), None);
    }

    #[test]
    fn refresh_follows_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/plans/a")).unwrap();
        std::fs::write(root.join("content/plans/a/plan.yaml"), "x").unwrap();
        let mut files = BTreeMap::new();
        let mut changed = Vec::new();
        refresh(&mut files, &root.join("content"), "content", &mut changed);
        assert_eq!(changed, ["content/plans/a/plan.yaml"]);
        changed.clear();
        refresh(
            &mut files,
            &root.join("content/plans/a/plan.yaml"),
            "content/plans/a/plan.yaml",
            &mut changed,
        );
        assert!(changed.is_empty(), "same bytes: no change");
        std::fs::write(root.join("content/plans/a/plan.yaml"), "y").unwrap();
        refresh(
            &mut files,
            &root.join("content/plans/a/plan.yaml"),
            "content/plans/a/plan.yaml",
            &mut changed,
        );
        assert_eq!(changed, ["content/plans/a/plan.yaml"]);
        changed.clear();
        files.insert("content/plans-old/x".into(), b"z".to_vec());
        std::fs::remove_dir_all(root.join("content/plans")).unwrap();
        refresh(&mut files, &root.join("content/plans"), "content/plans", &mut changed);
        assert_eq!(changed, ["content/plans/a/plan.yaml"]);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["content/plans-old/x"]);
    }
}
