//! What a page says about itself to machines: the metas Chinese government
//! sites are expected to fill (SiteName, SiteDomain, SiteIDCode,
//! ColumnName, ArticleTitle, PubDate, ContentSource, Keywords, Url; the
//! description is the standard `description` meta), Open Graph, and the
//! content dates shown on the page. Every date comes from the content
//! ([`crate::derive::dates`]), never from the build clock.

use serde::Serialize;

use super::view::Ctx;
use crate::derive::{Page, PageKind};
use crate::model::*;

/// A content date, for `<time datetime>` and for reading.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// `2023-04-14` or `2023-04`.
    pub iso: String,
    pub text: String,
}

/// The machine-readable facts of a page.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// `article` for a plan, project, report or source page; else `website`.
    pub og_type: &'static str,
    /// `zh_CN` / `en_US`, and the other language.
    pub og_locale: &'static str,
    pub og_locale_alternate: &'static str,
    /// The section's name (ColumnName).
    pub column: String,
    /// ArticleTitle: the page's title, on article pages only.
    pub article_title: Option<String>,
    /// ContentSource: who published the content.
    pub content_source: String,
    pub keywords: String,
    pub published: Option<DateView>,
    pub updated: Option<DateView>,
}

fn is_article(kind: PageKind) -> bool {
    matches!(
        kind,
        PageKind::Plan(_) | PageKind::Project(..) | PageKind::Report(..) | PageKind::Source(_)
    )
}

/// The facts of `page`, titled `title`, in the section named `column`.
pub fn page_meta(c: &Ctx, page: &Page, title: &str, section: &str) -> PageMeta {
    let m = c.model;
    let dates = c.map.indexes.dates.page(m, &c.map.indexes, page.kind);
    let date = |d: Option<PartialDate>| {
        d.map(|d| DateView {
            iso: d.to_string(),
            text: c.date(&d),
        })
    };
    let (locale, alternate) = match c.lang {
        Lang::Zh => ("zh_CN", "en_US"),
        Lang::En => ("en_US", "zh_CN"),
    };
    let column_key = match section {
        "home" => "nav.home".to_string(),
        "data" => "data.title".to_string(),
        s => format!("nav.{s}"),
    };
    PageMeta {
        og_type: if is_article(page.kind) { "article" } else { "website" },
        og_locale: locale,
        og_locale_alternate: alternate,
        column: c.ui(&column_key).text,
        article_title: is_article(page.kind).then(|| title.to_string()),
        content_source: content_source(c, page.kind),
        keywords: keywords(c, page.kind).join(","),
        published: date(dates.published),
        updated: date(dates.updated).filter(|_| dates.updated != dates.published),
    }
}

/// The body whose document the page shows; else the site's sponsor or title.
fn content_source(c: &Ctx, kind: PageKind) -> String {
    let m = c.model;
    match kind {
        PageKind::Plan(p) | PageKind::Project(p, _) | PageKind::Source(p) => c.t(&m.plans[p].issuer).text,
        PageKind::Report(p, r) => c.t(&m.plans[p].reports[r].issuer).text,
        _ => m
            .site
            .publisher
            .sponsor
            .as_ref()
            .map(|s| c.t(s).text)
            .unwrap_or_else(|| c.t(&m.site.title).text),
    }
}

/// Region, year, category and program names of what the page shows,
/// then the site's title.
fn keywords(c: &Ctx, kind: PageKind) -> Vec<String> {
    let m = c.model;
    let mut out = Vec::new();
    let plan = |out: &mut Vec<String>, p: PlanIdx| {
        out.push(c.t(&m.regions[m.plans[p].region].name).text);
        out.push(super::format::year(c.lang, m.plans[p].year));
    };
    match kind {
        PageKind::Plan(p) | PageKind::Source(p) | PageKind::Report(p, _) => plan(&mut out, p),
        PageKind::Project(p, i) => {
            let pr = &m.plans[p].projects[i];
            out.push(c.t(&pr.name).text);
            plan(&mut out, p);
            out.push(c.t(&m.categories[pr.category].name).text);
            out.extend(pr.programs.iter().map(|&g| c.t(&m.programs[g].name).text));
        }
        PageKind::Region(r) => out.push(c.t(&m.regions[r].name).text),
        PageKind::Category(k) => out.push(c.t(&m.categories[k].name).text),
        PageKind::Program(g) => out.push(c.t(&m.programs[g].name).text),
        _ => {}
    }
    out.push(c.t(&m.site.title).text);
    // Commas separate keywords: none inside one; each once.
    let mut seen = std::collections::HashSet::new();
    out.iter()
        .map(|k| k.replace([',', '，'], " "))
        .filter(|k| seen.insert(k.clone()))
        .collect()
}
