//! Stage 4, **render**: every page in both languages through Tera, in
//! parallel, entirely in memory. One Tera instance per language holds the
//! compiled templates and the language's shared data (UI strings, site
//! header and footer, navigation) in its global context, so each page's own
//! context carries only that page's view ([`pages`]).

mod chart;
pub mod compare;
pub mod csv;
pub mod data;
pub mod dates;
mod feed;
pub mod format;
pub mod incremental;
pub mod markdown;
mod meta;
mod pages;
mod progress;
mod project;
pub mod strings;
pub mod view;

use rayon::prelude::*;
use serde::Serialize;

use crate::derive::{care_prefix, lang_prefix, SiteMap};
use crate::error::{Error, Result};
use crate::model::{Lang, Model};
use crate::theme::Theme;
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
    /// This is the elderly-friendly variant.
    care: bool,
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
    /// One engine per (variant, language): index `care * 2 + lang`.
    engines: Vec<tera::Tera>,
}

impl<'a> Renderer<'a> {
    pub fn new(model: &'a Model, map: &'a SiteMap, theme: &'a Theme) -> Result<Self> {
        let mut engines = Vec::with_capacity(4);
        for care in [false, true] {
            for lang in Lang::ALL {
                engines.push(engine(model, map, theme, lang, care)?);
            }
        }
        Ok(Renderer {
            model,
            map,
            theme,
            engines,
        })
    }

    /// Every page in both languages, and in the elderly-friendly variant
    /// when the site has it.
    pub fn jobs(&self) -> Vec<Job> {
        jobs(self.map)
    }

    /// Renders `jobs` in parallel into `(path, bytes)` files.
    pub fn render_jobs(&self, jobs: &[Job]) -> Result<Vec<(String, Vec<u8>)>> {
        jobs.par_iter()
            .map(|&job| {
                let context = job_context(self.model, self.map, self.theme, job);
                let html = render_page(&self.engines, self.map, job, &context)?;
                Ok((job_file(self.map, job), html.into_bytes()))
            })
            .collect()
    }

    /// Files that are not pages: static assets, comparison and progress CSVs,
    /// the open data ([`data`]), `sitemap.xml`, the Atom feeds, `robots.txt`.
    pub fn extras(&self) -> Vec<(String, Vec<u8>)> {
        extras(self.model, self.map, self.theme)
    }
}

/// Every page in both languages, and in the elderly-friendly variant when
/// the site has it.
fn jobs(map: &SiteMap) -> Vec<Job> {
    let variants: &[bool] = if map.care_mode { &[false, true] } else { &[false] };
    let pages = map.pages.len();
    variants
        .iter()
        .flat_map(|&care| {
            Lang::ALL
                .iter()
                .flat_map(move |&l| (0..pages).map(move |i| (care, l, i)))
        })
        .collect()
}

/// Files that are not pages: static assets, comparison and progress CSVs,
/// `sitemap.xml`, `robots.txt`.
fn extras(model: &Model, map: &SiteMap, theme: &Theme) -> Vec<(String, Vec<u8>)> {
    let mut data: Vec<(String, Vec<u8>)> = Lang::ALL
        .iter()
        .flat_map(|&lang| {
            let c = Ctx {
                model,
                map,
                lang,
                care: false,
                strings: &theme.strings,
            };
            let lp = lang_prefix(lang);
            let mut out: Vec<(String, Vec<u8>)> = (0..model.programs.len())
                .filter(|&g| !map.indexes.program_projects[g].is_empty())
                .map(|g| (format!("{lp}{}", compare::csv_path(model, g)), csv::program_csv(&c, g)))
                .collect();
            out.extend(
                (0..model.plans.len())
                    .filter(|&p| !model.plans[p].reports.is_empty())
                    .map(|p| {
                        let path = crate::derive::paths::progress_csv(model, p);
                        (format!("{lp}{path}"), csv::progress_csv(&c, Some(p)))
                    }),
            );
            out.push((format!("{lp}plans/progress.csv"), csv::progress_csv(&c, None)));
            out
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = theme
        .statics
        .iter()
        .map(|(name, bytes)| (format!("assets/{name}"), bytes.clone()))
        .collect();
    files.append(&mut data);
    files.extend(data::files(model, map, &theme.strings));
    files.push(("sitemap.xml".to_string(), feed::sitemap(model, map).into_bytes()));
    for lang in Lang::ALL {
        let c = Ctx {
            model,
            map,
            lang,
            care: false,
            strings: &theme.strings,
        };
        if let Some(atom) = feed::feed(&c) {
            files.push((feed::path(lang), atom.into_bytes()));
        }
    }
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", map.base_url);
    files.push(("robots.txt".to_string(), robots.into_bytes()));
    files
}

/// The file a job is written to, relative to the output folder.
fn job_file(map: &SiteMap, (care, lang, i): Job) -> String {
    format!("{}{}{}", care_prefix(care), lang_prefix(lang), map.pages[i].file())
}

/// The template context of a job: the page's head and view.
fn job_context(model: &Model, map: &SiteMap, theme: &Theme, (care, lang, i): Job) -> tera::Context {
    let c = Ctx {
        model,
        map,
        lang,
        care,
        strings: &theme.strings,
    };
    pages::context(&c, &map.pages[i])
}

/// Renders one job with its engine (`engines` in [`Renderer`] order).
fn render_page(engines: &[tera::Tera], map: &SiteMap, (care, lang, i): Job, context: &tera::Context) -> Result<String> {
    let tpl = map.pages[i].kind.template();
    engines[care as usize * 2 + lang as usize]
        .render(tpl, context)
        .map_err(|e| template_error(tpl, &e))
}

/// Renders the whole site into memory (tests and previews; `build`
/// streams chunks to disk instead).
pub fn render(model: &Model, map: &SiteMap, theme: &Theme) -> Result<Rendered> {
    let r = Renderer::new(model, map, theme)?;
    let mut files = r.render_jobs(&r.jobs())?;
    files.extend(r.extras());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let per_lang = r.jobs().len() / 2;
    Ok(Rendered {
        files,
        pages_per_lang: [per_lang, per_lang],
    })
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

fn globals<'a>(model: &Model, map: &SiteMap, theme: &'a Theme, lang: Lang, care: bool) -> Globals<'a> {
    let c = Ctx {
        model,
        map,
        lang,
        care,
        strings: &theme.strings,
    };
    let p = &model.site.publisher;
    let mut css = vec![format!("{}assets/style.css", map.base_path)];
    if care {
        css.push(format!("{}assets/care.css", map.base_path));
    }
    let site = SiteView {
        title: c.t(&model.site.title),
        description: c.t(&model.site.description),
        home: c.href(""),
        css,
        js: format!("{}assets/sort.js", map.base_path),
        care,
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

/// A Tera instance for `lang` (and the elderly-friendly variant when
/// `care`) with the theme's templates and shared data.
fn engine(model: &Model, map: &SiteMap, theme: &Theme, lang: Lang, care: bool) -> Result<tera::Tera> {
    engine_with(theme, &globals(model, map, theme, lang, care))
}

fn engine_with(theme: &Theme, globals: &Globals) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
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
