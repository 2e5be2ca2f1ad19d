//! Stage 4, **render**: every page in both languages through Tera, in
//! parallel, entirely in memory. One Tera instance per language holds the
//! compiled templates and the language's shared data (UI strings, site
//! header and footer, navigation) in its global context, so each page's own
//! context carries only that page's view ([`pages`]). HTML that many pages
//! show alike is rendered once per run and shared ([`fragment`]).

mod chart;
pub mod compare;
pub mod csv;
pub mod data;
pub mod dates;
mod feed;
mod filters;
pub mod format;
mod fragment;
pub mod incremental;
pub mod markdown;
mod meta;
pub mod pager;
mod pages;
mod progress;
mod project;
pub mod search;
pub mod strings;
pub mod view;

use rayon::prelude::*;
use serde::Serialize;

use crate::derive::{care_prefix, lang_prefix, page_root, PageKind, SiteMap, PAGE_ROOT};
use crate::error::{Error, Result};
use crate::model::{Lang, Model};
use crate::theme::Theme;
use fragment::{FragmentCache, Fragments};
use view::{Ctx, Link, T};

/// The rendered site: output files relative to the output folder, sorted.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<(String, Vec<u8>)>,
    /// Pages per language, in [`Lang::ALL`] order.
    pub pages_per_lang: [usize; 2],
}

#[derive(Serialize)]
struct SiteView {
    title: T,
    description: T,
    home: String,
    /// Stylesheets, in order.
    css: Vec<String>,
    /// The progressive-enhancement script (sortable tables).
    js: String,
    /// The search page the header search box sends its query to.
    search: String,
    /// The home page's absolute URL (for citations).
    url: String,
    /// The site has an elderly-friendly variant.
    care_mode: bool,
    sponsor: Option<T>,
    contact: Option<T>,
    icp: Option<String>,
    police_filing: Option<String>,
    site_code: Option<String>,
    /// The site's root path (`/minsheng/`), for files outside the page tree.
    root: String,
    /// The host of `base_url` (SiteDomain).
    domain: String,
    /// This language's Atom feed, when the site has dated content.
    feed: Option<String>,
    /// The open-data page.
    data_href: String,
}

#[derive(Serialize)]
struct NavItem {
    key: &'static str,
    link: Link,
}

/// A rendering job: one page in one language, standard or elderly-friendly.
pub type Job = (bool, Lang, usize);

/// The compiled templates of both languages, ready to render any page.
pub struct Renderer<'a> {
    model: &'a Model,
    map: &'a SiteMap,
    theme: &'a Theme,
    /// One engine per language, index `lang as usize`.
    engines: Vec<tera::Tera>,
    /// Fragments shared by pages, rendered once in this build.
    fragments: FragmentCache,
}

impl<'a> Renderer<'a> {
    pub fn new(model: &'a Model, map: &'a SiteMap, theme: &'a Theme) -> Result<Self> {
        let mut engines = Vec::with_capacity(2);
        for lang in Lang::ALL {
            engines.push(engine(model, map, theme, lang)?);
        }
        Ok(Renderer {
            model,
            map,
            theme,
            engines,
            fragments: FragmentCache::new(model.programs.len()),
        })
    }

    /// Every page in both languages, and in the elderly-friendly variant
    /// when the site has it.
    pub fn jobs(&self) -> Vec<Job> {
        jobs(self.map)
    }

    /// Renders `jobs` in parallel into `(path, bytes)` files.
    pub fn render_jobs(&self, jobs: &[Job]) -> Result<Vec<(String, Vec<u8>)>> {
        self.render_pages(jobs)
    }

    /// [`Renderer::render_jobs`]. A page's bytes are UTF-8 (Tera writes
    /// strings), checked where they are read as text: the search index.
    pub fn render_pages(&self, jobs: &[Job]) -> Result<Vec<(String, Vec<u8>)>> {
        jobs.par_iter()
            .map(|&job| {
                let fragments = Fragments {
                    engines: &self.engines,
                    cache: &self.fragments,
                };
                let context = job_context(self.model, self.map, self.theme, fragments, job)?;
                let html = render_page(&self.engines, self.map, job, &context)?;
                Ok((job_file(self.map, job), html))
            })
            .collect()
    }

    /// Where the search index links to the page of `job`, when the page is
    /// indexed (standard variant only: see [`search::indexed`]): the path
    /// below the site root (`/en/plans/hebei/2023/`), to which `search.js`
    /// adds the site's base path, so the index does not depend on
    /// the base URL.
    pub fn search_url(&self, (care, lang, i): Job) -> Option<String> {
        let page = &self.map.pages[i];
        (!care && search::indexed(page.kind, lang)).then(|| format!("/{}{}", lang_prefix(lang), page.path))
    }

    /// Files that are not pages: static assets, comparison and progress CSVs,
    /// the open data ([`data`]), `sitemap.xml`, the Atom feeds, `robots.txt`.
    pub fn extras(&self) -> Vec<(String, Vec<u8>)> {
        extras(self.model, self.map, self.theme)
    }

    /// [`Renderer::extras`], a group at a time (see [`extras_each`]).
    pub fn extras_each(&self, sink: FileSink) -> Result<()> {
        extras_each(self.model, self.map, self.theme, sink)
    }
}

/// Every page in both languages; the 关怀版 shares their bytes
/// ([`twin`]), except for the not-found page, which answers at any address
/// and so is rendered per variant with root-relative links.
fn jobs(map: &SiteMap) -> Vec<Job> {
    let pages = map.pages.len();
    // A page's languages side by side, so a chunk of jobs keeps both
    // languages' search indexes busy.
    let mut jobs: Vec<Job> = (0..pages).flat_map(|i| Lang::ALL.map(|l| (false, l, i))).collect();
    if map.care_mode {
        let not_found = map.pages.iter().position(|p| p.kind == PageKind::NotFound);
        jobs.extend(not_found.into_iter().flat_map(|i| Lang::ALL.map(|l| (true, l, i))));
    }
    jobs
}

/// Where the 关怀版 copy of the file written for `job` goes, when it has
/// one: `care/` and the same path, with the same bytes.
pub fn twin(map: &SiteMap, job: Job) -> Option<String> {
    let (care, _, i) = job;
    (map.care_mode && !care && map.pages[i].kind != PageKind::NotFound)
        .then(|| format!("{}{}", care_prefix(true), job_file(map, job)))
}

/// Where [`extras_each`] puts the files that are not pages: called from
/// several threads at once, in no particular order.
pub trait Output: Sync {
    /// Takes a group of files made in memory.
    fn put(&self, files: Vec<(String, Vec<u8>)>) -> Result<()>;

    /// Takes files written side by side as `fill` makes them, one writer
    /// per path in that order (the site-wide data files, which grow with
    /// the site: written to disk as they are made, never held whole);
    /// returns each one's size and SHA-256 (hex). By default the files are
    /// made in memory and [`Output::put`].
    fn streams(
        &self,
        paths: Vec<String>,
        fill: &mut dyn FnMut(&mut [&mut (dyn std::io::Write + Send)]) -> std::io::Result<()>,
    ) -> Result<Vec<(usize, String)>> {
        let mut files: Vec<Vec<u8>> = vec![Vec::new(); paths.len()];
        let mut writers: Vec<&mut (dyn std::io::Write + Send)> = files
            .iter_mut()
            .map(|f| f as &mut (dyn std::io::Write + Send))
            .collect();
        fill(&mut writers).map_err(|e| Error::Template {
            name: paths.join(", "),
            message: e.to_string(),
        })?;
        let facts = files
            .iter()
            .map(|bytes| (bytes.len(), crate::write::manifest::sha256_hex(bytes)))
            .collect();
        self.put(paths.into_iter().zip(files).collect())?;
        Ok(facts)
    }

    /// Takes one file's bytes under several paths (a progress table both
    /// linked from the pages and listed in a data folder; the JSON Schema
    /// every data folder carries); returns its size and SHA-256 (hex). By
    /// default each path gets its own copy; the build's writer makes one
    /// file and hard links.
    fn put_copies(&self, paths: Vec<String>, bytes: Vec<u8>) -> Result<(usize, String)> {
        let facts = (bytes.len(), crate::write::manifest::sha256_hex(&bytes));
        self.put(paths.into_iter().map(|path| (path, bytes.clone())).collect())?;
        Ok(facts)
    }
}

/// Any function taking groups of files is an output that holds each file whole.
impl<F: Fn(Vec<(String, Vec<u8>)>) -> Result<()> + Sync> Output for F {
    fn put(&self, files: Vec<(String, Vec<u8>)>) -> Result<()> {
        self(files)
    }
}

/// An [`Output`] as the functions making files take it.
pub type FileSink<'s> = &'s dyn Output;

/// Files that are not pages: static assets, comparison and progress CSVs,
/// the open data, `sitemap.xml`, the feeds, `robots.txt`; sorted by path.
fn extras(model: &Model, map: &SiteMap, theme: &Theme) -> Vec<(String, Vec<u8>)> {
    collect(|sink| extras_each(model, map, theme, sink)).expect("collecting cannot fail")
}

/// The files `make` gives an in-memory [`Output`], sorted by path.
pub(crate) fn collect(make: impl FnOnce(FileSink) -> Result<()>) -> Result<Vec<(String, Vec<u8>)>> {
    let files = std::sync::Mutex::new(Vec::new());
    make(&|group: Vec<(String, Vec<u8>)>| {
        files.lock().expect("not poisoned").extend(group);
        Ok(())
    })?;
    let mut files = files.into_inner().expect("not poisoned");
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The files of [`extras`], handed to `sink` a group at a time (a
/// program's CSVs, a plan's data folder…), so a large site never holds
/// its data files all at once. Groups are made in parallel: the whole
/// site's data files, one at a time, alongside everything else.
fn extras_each(model: &Model, map: &SiteMap, theme: &Theme, sink: FileSink) -> Result<()> {
    let mut statics: Vec<(String, Vec<u8>)> = theme
        .statics
        .iter()
        .filter(|(name, _)| name.as_str() != CARE_CSS)
        .map(|(name, bytes)| (format!("assets/{name}"), bytes.clone()))
        .collect();
    if map.care_mode {
        statics.push((format!("{}assets/style.css", care_prefix(true)), care_stylesheet(theme)));
    }
    sink.put(statics)?;
    let strings = &theme.strings;
    let (data, rest) = rayon::join(
        || data::files_each(model, map, strings, sink),
        || -> Result<()> {
            Lang::ALL
                .par_iter()
                .try_for_each(|&lang| lang_files(model, map, theme, lang, sink))?;
            sink.put(feed::sitemaps(model, map))?;
            let robots = format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", map.base_url);
            sink.put(vec![("robots.txt".to_string(), robots.into_bytes())])
        },
    );
    data.and(rest)
}

/// One language's files that are not pages: each program's comparison
/// CSV and the Atom feed (the progress CSVs come with the data folders,
/// [`data::files_each`]).
fn lang_files(model: &Model, map: &SiteMap, theme: &Theme, lang: Lang, sink: FileSink) -> Result<()> {
    let c = Ctx::new(model, map, &theme.strings, lang, false);
    let lp = lang_prefix(lang);
    (0..model.programs.len())
        .into_par_iter()
        .filter(|&g| !map.indexes.program_projects[g].is_empty())
        .try_for_each(|g| {
            sink.put(vec![(
                format!("{lp}{}", compare::csv_path(model, g)),
                csv::program_csv(&c, g),
            )])
        })?;
    if let Some(atom) = feed::feed(&c) {
        sink.put(vec![(feed::path(lang), atom.into_bytes())])?;
    }
    Ok(())
}

/// The theme's 关怀版 rules, added after the standard stylesheet.
const CARE_CSS: &str = "care.css";

/// `care/assets/style.css`: the standard stylesheet, then the 关怀版 rules,
/// so that the pages' one relative stylesheet link gives each variant its
/// look.
fn care_stylesheet(theme: &Theme) -> Vec<u8> {
    let get = |name: &str| theme.statics.get(name).map(Vec::as_slice).unwrap_or_default();
    let mut css = get("style.css").to_vec();
    css.extend_from_slice(b"\n");
    css.extend_from_slice(get(CARE_CSS));
    css
}

/// The file a job is written to, relative to the output folder.
fn job_file(map: &SiteMap, (care, lang, i): Job) -> String {
    format!("{}{}{}", care_prefix(care), lang_prefix(lang), map.pages[i].file())
}

/// The job whose page is written at `key` (`care/en/plans/index.html`):
/// the inverse of [`job_file`] and [`twin`], for a preview that renders a
/// page when it is asked for. A linear scan, well under a millisecond at
/// 100,000 projects.
pub fn job_of(map: &SiteMap, key: &str) -> Option<Job> {
    let (care, rest) = match key.strip_prefix(care_prefix(true)) {
        Some(rest) if map.care_mode => (true, rest),
        _ => (false, key),
    };
    let (lang, file) = match rest.strip_prefix(lang_prefix(Lang::En)) {
        Some(file) => (Lang::En, file),
        None => (Lang::Zh, rest),
    };
    let (dir, name) = match file.rsplit_once('/') {
        Some((dir, name)) => (&file[..=dir.len()], name),
        None => ("", file),
    };
    let i = map.pages.iter().position(|p| {
        if p.path.is_empty() || p.path.ends_with('/') {
            name == "index.html" && p.path == dir
        } else {
            p.path == file
        }
    })?;
    // A 关怀版 page is its standard twin's bytes, except the not-found page.
    let care = care && map.pages[i].kind == PageKind::NotFound;
    Some((care, lang, i))
}

/// A file of the theme's assets at `key` (`assets/style.css`, and the
/// 关怀版 stylesheet), as [`extras`] writes it.
pub fn asset(map: &SiteMap, theme: &Theme, key: &str) -> Option<Vec<u8>> {
    if map.care_mode && key == format!("{}assets/style.css", care_prefix(true)) {
        return Some(care_stylesheet(theme));
    }
    let name = key.strip_prefix("assets/").filter(|n| *n != CARE_CSS)?;
    theme.statics.get(name).cloned()
}

/// The template context of a job: the page's head and view.
fn job_context(
    model: &Model,
    map: &SiteMap,
    theme: &Theme,
    fragments: Fragments,
    (care, lang, i): Job,
) -> Result<tera::Context> {
    let c = Ctx::new(model, map, &theme.strings, lang, care).with_fragments(fragments);
    let context = pages::context(&c, &map.pages[i]);
    fragments.cache.check()?;
    Ok(context)
}

/// Renders one job with its engine (`engines` in [`Renderer`] order) and
/// resolves its links ([`PAGE_ROOT`]): relative for pages, so both variants
/// share the bytes; root-relative for the not-found pages.
fn render_page(engines: &[tera::Tera], map: &SiteMap, job: Job, context: &tera::Context) -> Result<Vec<u8>> {
    let (care, lang, i) = job;
    let tpl = map.pages[i].kind.template();
    let root = if map.pages[i].kind == PageKind::NotFound {
        format!("{}{}", map.base_path, care_prefix(care))
    } else {
        page_root(&job_file(map, job))
    };
    PAGE_BUFFER.with_borrow_mut(|out| {
        out.clear();
        engines[lang as usize]
            .render_to(tpl, context, &mut *out)
            .map_err(|e| template_error(tpl, &e))?;
        let html = replace_all(out, PAGE_ROOT.as_bytes(), root.as_bytes());
        if out.capacity() > PAGE_BUFFER_KEPT {
            *out = Vec::new();
        }
        Ok(html)
    })
}

thread_local! {
    /// Each rendering thread's page buffer, kept between pages: a page is
    /// rendered into it, then copied once with its links resolved, so
    /// neither step grows a buffer from nothing.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(64 * 1024));
}

/// The largest page buffer kept for the next page (an unusually large page
/// does not hold its memory for the rest of the build).
const PAGE_BUFFER_KEPT: usize = 1 << 20;

/// `haystack` with every `from` replaced by `to`, in one pass.
fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let finder = memchr::memmem::Finder::new(from);
    let mut out = Vec::with_capacity(haystack.len() + haystack.len() / 4);
    let mut last = 0;
    for at in finder.find_iter(haystack) {
        out.extend_from_slice(&haystack[last..at]);
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(&haystack[last..]);
    out
}

/// Renders the whole site into memory (tests and previews; `build`
/// streams chunks to disk instead).
pub fn render(model: &Model, map: &SiteMap, theme: &Theme) -> Result<Rendered> {
    let r = Renderer::new(model, map, theme)?;
    let jobs = r.jobs();
    let mut files = r.render_jobs(&jobs)?;
    let twins: Vec<(String, Vec<u8>)> = jobs
        .iter()
        .zip(&files)
        .filter_map(|(&job, (_, bytes))| twin(map, job).map(|path| (path, bytes.clone())))
        .collect();
    files.extend(twins);
    files.extend(r.extras());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Rendered {
        files,
        pages_per_lang: pages_per_lang(map),
    })
}

/// Pages rendered per language (their 关怀版 copies not counted).
pub fn pages_per_lang(map: &SiteMap) -> [usize; 2] {
    [map.pages.len(); 2]
}

fn template_error(name: &str, e: &tera::Error) -> Error {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    Error::Template {
        name: name.to_string(),
        message,
    }
}

/// The data every page of one (variant, language) shares, set as Tera's
/// global context: UI strings, site header and footer, navigation.
#[derive(Serialize)]
struct Globals<'a> {
    t: &'a std::collections::BTreeMap<String, String>,
    lang: &'static str,
    lang_tag: &'static str,
    site: SiteView,
    nav: Vec<NavItem>,
}

fn globals<'a>(model: &Model, map: &SiteMap, theme: &'a Theme, lang: Lang) -> Globals<'a> {
    let c = Ctx::new(model, map, &theme.strings, lang, false);
    let p = &model.site.publisher;
    let site = SiteView {
        title: c.t(&model.site.title),
        description: c.t(&model.site.description),
        home: c.href(""),
        url: map.absolute(lang, ""),
        // Relative, so that below care/ it is the 关怀版 stylesheet.
        css: vec![format!("{PAGE_ROOT}assets/style.css")],
        js: format!("{}assets/sort.js", map.base_path),
        search: c.href("search/"),
        care_mode: map.care_mode,
        sponsor: p.sponsor.as_ref().map(|t| c.t(t)),
        contact: p.contact.as_ref().map(|t| c.t(t)),
        icp: p.icp.clone(),
        police_filing: p.police_filing.clone(),
        site_code: p.site_code.clone(),
        root: map.base_path.clone(),
        domain: domain(&map.base_url),
        feed: feed::has_entries(model).then(|| format!("{}{}", map.base_path, feed::path(lang))),
        data_href: c.href("data/"),
    };
    let nav: Vec<NavItem> = [
        ("plans", "plans/"),
        ("regions", "regions/"),
        ("programs", "programs/"),
        ("categories", "categories/"),
        ("compare", "compare/"),
        ("about", "about/"),
    ]
    .into_iter()
    .map(|(key, path)| NavItem {
        key,
        link: c.link(c.ui(&format!("nav.{key}")), path),
    })
    .collect();
    Globals {
        t: theme.strings.map(lang),
        lang: lang.code(),
        lang_tag: lang.tag(),
        site,
        nav,
    }
}

/// A Tera instance for `lang` with the theme's templates and shared data
/// (the same for both variants: see [`crate::derive::care_prefix`]).
fn engine(model: &Model, map: &SiteMap, theme: &Theme, lang: Lang) -> Result<tera::Tera> {
    engine_with(theme, &globals(model, map, theme, lang))
}

fn engine_with(theme: &Theme, globals: &Globals) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(filters::escape_html);
    let untranslated = globals.t.get("untranslated").map(String::as_str).unwrap_or_default();
    filters::TextFilters::new(untranslated).register(&mut tera);
    tera.add_raw_templates(theme.templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| template_error("(theme)", &e))?;
    let g = tera.global_context();
    g.insert("t", globals.t);
    g.insert("lang", globals.lang);
    g.insert("lang_tag", globals.lang_tag);
    g.insert("site", &globals.site);
    g.insert("nav", &globals.nav);
    Ok(tera)
}

/// `example.gov.cn` from `https://example.gov.cn/minsheng/`.
fn domain(base_url: &str) -> String {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    rest.split('/').next().unwrap_or(rest).to_string()
}

/// Escapes text for XML and SVG, in element content and attribute values.
pub(crate) fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::replace_all;

    #[test]
    fn every_placeholder_is_replaced_and_nothing_else() {
        let r = |h: &str| String::from_utf8(replace_all(h.as_bytes(), "\u{F8FF}/".as_bytes(), b"../")).unwrap();
        assert_eq!(
            r("<a href=\"\u{F8FF}/en/\">\u{F8FF}/</a>"),
            "<a href=\"../en/\">../</a>"
        );
        assert_eq!(r("no links, 中文"), "no links, 中文");
        assert_eq!(r(""), "");
    }
}
