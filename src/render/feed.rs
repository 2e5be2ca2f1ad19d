//! Discovery files: an Atom feed per language (`feed.xml`, `en/feed.xml`)
//! of plan publications and progress reports, and `sitemap.xml` with
//! hreflang alternates. Every date comes from the content (a plan's
//! `published`, else `issued`; a report's `published`, else `as_of`), never
//! the build clock: the feed's `updated` is its newest entry's date, and a
//! plan with no date is left out of the feed rather than given one. A date
//! known only to the month is written as the month's first day (Atom needs
//! a full date-time), at 00:00 China Standard Time.

use super::escape_xml;
use super::view::Ctx;
use crate::derive::dates::{plan_date, report_date};
use crate::derive::{lang_prefix, paths, Page, PageKind, SiteMap};
use crate::model::*;

/// The feed of `lang`, below the site root.
pub fn path(lang: Lang) -> String {
    format!("{}feed.xml", lang_prefix(lang))
}

/// Whether any content is dated (else there is no feed to offer).
pub fn has_entries(m: &Model) -> bool {
    m.plans.iter().any(|p| plan_date(p).is_some() || !p.reports.is_empty())
}

/// An RFC 3339 date-time for Atom.
pub fn rfc3339(d: PartialDate) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00+08:00", d.year, d.month, d.day.unwrap_or(1))
}

struct Entry {
    date: PartialDate,
    url: String,
    title: String,
    author: String,
    kind: &'static str,
    summary: String,
}

fn entries(c: &Ctx) -> Vec<Entry> {
    let m = c.model;
    let mut out = Vec::new();
    for &p in &c.map.indexes.plans_in_tree_order {
        let plan = &m.plans[p];
        let region = c.t(&m.regions[plan.region].name).text;
        if let Some(date) = plan_date(plan) {
            out.push(Entry {
                date,
                url: c.map.absolute(c.lang, &paths::plan(m, p)),
                title: c.t(&plan.title).text,
                author: c.t(&plan.issuer).text,
                kind: "plan",
                summary: c
                    .ui("feed.plan_summary")
                    .text
                    .replace("{region}", &region)
                    .replace("{year}", &plan.year.to_string())
                    .replace("{count}", &plan.projects.len().to_string()),
            });
        }
        for (r, report) in plan.reports.iter().enumerate() {
            out.push(Entry {
                date: report_date(report),
                url: c.map.absolute(c.lang, &paths::report(m, p, r)),
                title: c.t(&report.title).text,
                author: c.t(&report.issuer).text,
                kind: "progress",
                summary: c
                    .ui("feed.report_summary")
                    .text
                    .replace("{plan}", &c.t(&plan.title).text)
                    .replace("{as_of}", &c.date(&report.as_of))
                    .replace("{count}", &report.entries.len().to_string()),
            });
        }
    }
    // Newest first; the URL breaks ties so the order never varies.
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    out
}

/// The Atom feed in the language of `c`; `None` when no content is dated.
pub fn feed(c: &Ctx) -> Option<String> {
    let entries = entries(c);
    let newest = entries.first()?.date;
    let m = c.model;
    let home = c.map.absolute(c.lang, "");
    let author = m
        .site
        .publisher
        .sponsor
        .as_ref()
        .map(|s| c.t(s).text)
        .unwrap_or_else(|| c.t(&m.site.title).text);
    let x = |s: &str| escape_xml(s);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  \
         <id>{home}</id>\n  <title>{title}</title>\n  <subtitle>{subtitle}</subtitle>\n  \
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{this}\"/>\n  \
         <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  \
         <updated>{updated}</updated>\n  <author><name>{author}</name></author>\n  <generator>gongkai</generator>\n",
        lang = c.lang.tag(),
        home = x(&home),
        title = x(&c.t(&m.site.title).text),
        subtitle = x(&c.t(&m.site.description).text),
        this = x(&format!("{}{}", c.map.base_url, path(c.lang))),
        updated = rfc3339(newest),
        author = x(&author),
    );
    for e in &entries {
        let date = rfc3339(e.date);
        out.push_str(&format!(
            "  <entry>\n    <id>{url}</id>\n    <title>{title}</title>\n    \
             <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    \
             <published>{date}</published>\n    <updated>{date}</updated>\n    \
             <author><name>{author}</name></author>\n    <category term=\"{kind}\" label=\"{label}\"/>\n    \
             <summary>{summary}</summary>\n  </entry>\n",
            url = x(&e.url),
            title = x(&e.title),
            author = x(&e.author),
            kind = e.kind,
            label = x(&c.ui(&format!("feed.kind.{}", e.kind)).text),
            summary = x(&e.summary),
        ));
    }
    out.push_str("</feed>\n");
    Some(out)
}

/// `sitemap.xml`: every page in both languages, each with its hreflang
/// alternates and, where its content is dated, `lastmod`.
/// URLs a sitemap file may list (the sitemaps protocol's limit).
const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml`, and when the site has more URLs than one sitemap may
/// list, `sitemap.xml` as a sitemap index of `sitemap-1.xml`, `sitemap-2.xml`…
pub fn sitemaps(m: &Model, map: &SiteMap) -> Vec<(String, Vec<u8>)> {
    sitemaps_of(m, map, SITEMAP_URLS)
}

fn sitemaps_of(m: &Model, map: &SiteMap, limit: usize) -> Vec<(String, Vec<u8>)> {
    let pages: Vec<&Page> = map.pages.iter().filter(|p| p.kind != PageKind::NotFound).collect();
    let per_file = (limit / Lang::ALL.len()).max(1);
    if pages.len() <= per_file {
        return vec![("sitemap.xml".into(), sitemap(m, map, &pages).into_bytes())];
    }
    let mut files: Vec<(String, Vec<u8>)> = pages
        .chunks(per_file)
        .enumerate()
        .map(|(i, chunk)| (format!("sitemap-{}.xml", i + 1), sitemap(m, map, chunk).into_bytes()))
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (name, _) in &files {
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_xml(&format!("{}{name}", map.base_url))
        ));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index.into_bytes()));
    files
}

/// One sitemap listing `pages` in both languages.
pub fn sitemap(m: &Model, map: &SiteMap, pages: &[&Page]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let lastmod = map
            .indexes
            .dates
            .page(m, &map.indexes, page.kind)
            .updated
            .map(|d| format!("<lastmod>{d}</lastmod>"))
            .unwrap_or_default();
        let alternates: String = Lang::ALL
            .iter()
            .map(|&l| (l.tag(), l))
            .chain(std::iter::once(("x-default", Lang::Zh)))
            .map(|(tag, l)| {
                format!(
                    "\n    <xhtml:link rel=\"alternate\" hreflang=\"{tag}\" href=\"{}\"/>",
                    escape_xml(&map.absolute(l, &page.path))
                )
            })
            .collect();
        for lang in Lang::ALL {
            out.push_str(&format!(
                "  <url><loc>{}</loc>{lastmod}{alternates}\n  </url>\n",
                escape_xml(&map.absolute(lang, &page.path))
            ));
        }
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_site_gets_a_sitemap_index() {
        let model = crate::build::minimal_fixture_model();
        let map = SiteMap::new(&model, "https://example.gov.cn/sub/");
        let whole = sitemaps_of(&model, &map, SITEMAP_URLS);
        assert_eq!(whole.len(), 1, "a small site has one sitemap");
        let urls = |bytes: &[u8]| String::from_utf8_lossy(bytes).matches("<url>").count();
        let total = urls(&whole[0].1);
        // At most 10 URLs a file: several sitemaps and an index naming each.
        let split = sitemaps_of(&model, &map, 10);
        let (index, parts) = split.split_last().unwrap();
        assert_eq!(index.0, "sitemap.xml");
        let index = String::from_utf8_lossy(&index.1);
        assert!(index.contains("<sitemapindex"));
        assert!(parts.len() > 1);
        for (name, bytes) in parts {
            assert!(urls(bytes) <= 10, "{name}");
            assert!(index.contains(&format!("https://example.gov.cn/sub/{name}")), "{name}");
        }
        assert_eq!(parts.iter().map(|(_, b)| urls(b)).sum::<usize>(), total);
    }

    #[test]
    fn dates_for_atom() {
        assert_eq!(
            rfc3339(PartialDate::parse("2023-04-14").unwrap()),
            "2023-04-14T00:00:00+08:00"
        );
        assert_eq!(
            rfc3339(PartialDate::parse("2024-01").unwrap()),
            "2024-01-01T00:00:00+08:00"
        );
    }
}
