//! Incremental rendering, for the live preview (`gongkai serve`): after an
//! edit, re-render only the pages whose output can have changed.
//!
//! A page's HTML is a function of three things: its template set, the
//! shared data of its (variant, language) — UI strings, site header and
//! footer, navigation, held in Tera's global context — and the page's own
//! view ([`super::pages::view`]), which Rust computes from the model. So
//! [`Incremental`] keeps, per output file, a fingerprint of the page's view
//! (the template name and the view serialised, hashed), and per run:
//!
//! 1. [`Engines`] fingerprints the templates and the shared data of each
//!    language; when that changed (a theme edit, `site.yaml`, a UI string)
//!    the engines are compiled again and every page is rendered again. The
//!    preview compiles them before anything else, so that it can answer a
//!    request for any page at once, rendering just that page
//!    ([`Engines::render`]), while this incremental run catches up;
//! 2. otherwise builds every page's view in parallel — cheap: no template
//!    runs — and renders only the pages whose fingerprint changed (an edit
//!    to one project changes its pages and the views that show it: its
//!    plan, region, program and category pages, lists whose counts moved).
//!
//! Fingerprinting the views rather than tracking dependencies by hand means
//! nothing can be forgotten: whatever a page shows is in its view, so a
//! page is re-rendered exactly when what it shows changed. Views are hashed
//! as typed Rust values (before they become `tera::Value`s, whose maps have
//! no stable order), with a fixed-key SipHash.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use super::fragment::{FragmentCache, Fragments};
use super::pages::{self, Sink, ToContext};
use super::view::{Ctx, Head};
use super::{engine_with, extras_each, globals, job_context, job_file, jobs, pages_per_lang, render_page, twin, Job};
use crate::derive::SiteMap;
use crate::error::{Error, Result};
use crate::model::{Lang, Model};
use crate::theme::Theme;

/// The templates compiled with the shared data of each language, and the
/// fingerprint of both: kept while neither changes, shared by the preview's
/// page-on-request answers and its incremental runs.
#[derive(Clone)]
pub struct Engines {
    /// One engine per language, as in [`super::Renderer`].
    tera: Arc<Vec<tera::Tera>>,
    /// `None`: the shared data did not serialise; never reused.
    key: Option<u64>,
}

impl Engines {
    /// The engines for `model`, reusing `previous` when the templates and
    /// the shared data are unchanged.
    pub fn refresh(previous: Option<&Engines>, model: &Model, map: &SiteMap, theme: &Theme) -> Result<Engines> {
        let globals: Vec<_> = Lang::ALL.iter().map(|&lang| globals(model, map, theme, lang)).collect();
        let key = fingerprint(&globals).map(|g| {
            let mut h = DefaultHasher::new();
            theme.templates.hash(&mut h);
            g.hash(&mut h);
            h.finish()
        });
        if let Some(previous) = previous.filter(|p| key.is_some() && p.key == key) {
            return Ok(previous.clone());
        }
        let tera = globals.iter().map(|g| engine_with(theme, g)).collect::<Result<_>>()?;
        Ok(Engines {
            tera: Arc::new(tera),
            key,
        })
    }

    /// Renders one page, as a full build would.
    pub fn render(&self, model: &Model, map: &SiteMap, theme: &Theme, job: Job) -> Result<Vec<u8>> {
        let cache = FragmentCache::new(model.programs.len());
        let fragments = Fragments {
            engines: &self.tera,
            cache: &cache,
        };
        let context = job_context(model, map, theme, fragments, job)?;
        render_page(&self.tera, map, job, &context)
    }
}

/// The state kept between runs: page fingerprints, and the engines they
/// were rendered with.
#[derive(Default)]
pub struct Incremental {
    /// Fingerprint of the templates and shared data of the last run.
    engines_key: Option<u64>,
    /// Per output file, the fingerprint of the view it was rendered from.
    pages: HashMap<String, u64>,
}

/// Where the time of one run went.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Building and fingerprinting every page's view, and rendering the
    /// pages whose view changed (wall time).
    pub views: Duration,
    /// Of which in templates, summed over threads.
    pub render: Duration,
    /// Assets, CSVs, sitemap.
    pub extras: Duration,
}

/// What one run produced.
#[derive(Debug, Default)]
pub struct Update {
    /// The pages rendered this run (new, or their view changed).
    pub rendered: Vec<(String, Vec<u8>)>,
    /// Every page file of the site, rendered this run or kept.
    pub pages: Vec<String>,
    /// `(page, its 关怀版 copy)`: the copy has the page's bytes.
    pub twins: Vec<(String, String)>,
    /// Every file that is not a page, recomputed each run (cheap).
    pub extras: Vec<(String, Vec<u8>)>,
    /// Pages per language, in [`Lang::ALL`] order.
    pub pages_per_lang: [usize; 2],
    /// Every page was rendered: first run, or templates or shared data changed.
    pub full: bool,
    pub timings: Timings,
}

impl Incremental {
    pub fn new() -> Self {
        Self::default()
    }

    /// Renders what changed since the previous successful run, with
    /// `engines` (from [`Engines::refresh`]). On error (a template that
    /// fails) nothing is recorded, so the next run retries every page that
    /// was due. `Ok(None)`: `cancelled` turned true (a newer edit) and the
    /// run stopped early, recording nothing.
    pub fn update(
        &mut self,
        model: &Model,
        map: &SiteMap,
        theme: &Theme,
        engines: &Engines,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<Update>> {
        let mut timings = Timings::default();
        let full = engines.key.is_none() || engines.key != self.engines_key;
        if full {
            self.pages.clear();
            self.engines_key = None;
        }

        // One pass: each page's view is fingerprinted and, when it changed,
        // rendered at once, so only the rendered bytes are held (a first
        // run at 100,000 projects would otherwise hold every page's
        // template context together, more memory than the machine has).
        let t = Instant::now();
        let in_templates = AtomicU64::new(0);
        let cache = FragmentCache::new(model.programs.len());
        let fragments = Fragments {
            engines: &engines.tera,
            cache: &cache,
        };
        let jobs = jobs(map);
        let pages: Option<Vec<Result<Done>>> = jobs
            .par_iter()
            .map(|&job| {
                if cancelled() {
                    return None;
                }
                let (care, lang, i) = job;
                let file = job_file(map, job);
                let page = &map.pages[i];
                let c = Ctx::new(model, map, &theme.strings, lang, care).with_fragments(fragments);
                let sink = Fingerprint {
                    template: page.kind.template(),
                    previous: self.pages.get(&file).copied(),
                };
                let (fingerprint, context) = pages::view(&c, page, sink);
                if let Err(e) = cache.check() {
                    return Some(Err(e));
                }
                let html = context.map(|context| {
                    let t = Instant::now();
                    let html = render_page(&engines.tera, map, job, &context);
                    in_templates.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    html
                });
                Some(html.transpose().map(|html| (file, fingerprint, html)))
            })
            .collect();
        let Some(pages) = pages else { return Ok(None) };
        let pages = pages.into_iter().collect::<Result<Vec<Done>>>()?;
        timings.views = t.elapsed();
        timings.render = Duration::from_nanos(in_templates.into_inner());

        // A group at a time (a plan's data folder, a program's CSVs), so
        // that a newer edit stops this too: at 100,000 projects the data
        // files take longer than the pages.
        let t = Instant::now();
        let extras = std::sync::Mutex::new(Vec::new());
        let stopped = std::sync::atomic::AtomicBool::new(false);
        let _ = extras_each(model, map, theme, &|group: Vec<(String, Vec<u8>)>| {
            if cancelled() {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                return Err(Error::Usage("stopped by a newer edit".into()));
            }
            extras.lock().expect("not poisoned").extend(group);
            Ok(())
        });
        if stopped.into_inner() {
            return Ok(None);
        }
        let mut extras = extras.into_inner().expect("not poisoned");
        extras.sort_by(|a, b| a.0.cmp(&b.0));
        timings.extras = t.elapsed();

        let twins = jobs
            .iter()
            .filter_map(|&job| twin(map, job).map(|t| (job_file(map, job), t)))
            .collect();
        self.engines_key = engines.key;
        self.pages = pages
            .iter()
            .filter_map(|(file, fp, _)| fp.map(|fp| (file.clone(), fp)))
            .collect();
        let mut files = Vec::with_capacity(pages.len());
        let mut rendered = Vec::new();
        for (file, _, html) in pages {
            if let Some(html) = html {
                rendered.push((file.clone(), html));
            }
            files.push(file);
        }
        Ok(Some(Update {
            rendered,
            pages: files,
            extras,
            twins,
            pages_per_lang: pages_per_lang(map),
            full,
            timings,
        }))
    }
}

/// A page's file, its view's fingerprint, and its bytes when it was
/// rendered (its view changed).
type Done = (String, Option<u64>, Option<Vec<u8>>);

/// Fingerprints a view and builds its template context only when the
/// fingerprint differs from the previous one.
struct Fingerprint {
    template: &'static str,
    previous: Option<u64>,
}

impl Sink for Fingerprint {
    /// The fingerprint (`None`: could not be computed, always render) and
    /// the context, when the page must be rendered.
    type Out = (Option<u64>, Option<tera::Context>);

    fn take<D: Serialize>(self, head: Head, data: D) -> Self::Out {
        let fp = fingerprint(&(self.template, &head, &data));
        if fp.is_some() && fp == self.previous {
            (fp, None)
        } else {
            (fp, Some(ToContext.take(head, data)))
        }
    }
}

/// A stable hash of a serialisable value (its JSON form, streamed into
/// SipHash with fixed keys); `None` if it does not serialise.
fn fingerprint<T: Serialize + ?Sized>(value: &T) -> Option<u64> {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(DefaultHasher::new());
    serde_json::to_writer(&mut w, value).ok()?;
    Some(w.0.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_values_apart() {
        assert_eq!(fingerprint(&("a", 1)), fingerprint(&("a", 1)));
        assert_ne!(fingerprint(&("a", 1)), fingerprint(&("a", 2)));
        assert_ne!(fingerprint(&["a\", \"b"]), fingerprint(&["a", "b"]));
    }
}
