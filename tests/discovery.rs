//! Feeds and discovery: the Atom feed of each language, dated from the
//! content; the sitemap with hreflang alternates and lastmod; the
//! government metas, Open Graph and content dates on pages.

mod common;

use std::fs;

use common::*;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

fn child_text<'a>(n: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> Option<&'a str> {
    n.children().find(|c| c.has_tag_name((ns, name))).and_then(|c| c.text())
}

fn build_fixture() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_to(
        &fixture("minimal"),
        out.path(),
        Some("https://example.gov.cn/minsheng/"),
    )
    .unwrap();
    out
}

#[test]
fn feeds_are_dated_from_content_and_linked_from_every_page() {
    let out = build_fixture();
    let o = out.path();
    for (file, lang, prefix, report_title) in [
        ("feed.xml", "zh-CN", "", "甲省2023年民生工程完成情况"),
        (
            "en/feed.xml",
            "en",
            "en/",
            "Completion of Alpha Province's 2023 Livelihood Projects",
        ),
    ] {
        let text = fs::read_to_string(o.join(file)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")));
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
        // The plan (issued 2023-01-15) and its completion report (published 2024-01-20), newest first.
        let dates: Vec<&str> = entries
            .iter()
            .map(|e| child_text(*e, ATOM, "updated").unwrap())
            .collect();
        assert_eq!(dates, ["2024-01-20T00:00:00+08:00", "2023-01-15T00:00:00+08:00"]);
        assert_eq!(
            child_text(feed, ATOM, "updated"),
            Some(dates[0]),
            "feed updated = newest entry"
        );
        assert_eq!(child_text(entries[0], ATOM, "title"), Some(report_title));
        for e in &entries {
            let id = child_text(*e, ATOM, "id").unwrap();
            let rel = id.strip_prefix("https://example.gov.cn/minsheng/").unwrap();
            assert!(rel.starts_with(prefix));
            assert!(o.join(rel).join("index.html").is_file(), "{id}");
            assert!(child_text(*e, ATOM, "summary").is_some_and(|s| !s.is_empty()));
        }
        let self_link = feed
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
            .unwrap();
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("https://example.gov.cn/minsheng/{file}").as_str())
        );
    }
    for (page, feed) in [
        ("index.html", "/minsheng/feed.xml"),
        ("plans/alpha/2023/index.html", "/minsheng/feed.xml"),
        ("en/plans/alpha/2023/shantytowns/index.html", "/minsheng/en/feed.xml"),
        ("care/en/index.html", "/minsheng/en/feed.xml"),
    ] {
        let doc = parse(o, page);
        assert_eq!(
            attrs(&doc, "head link[rel=alternate][type='application/atom+xml']", "href"),
            [feed],
            "{page}"
        );
    }
}

#[test]
fn sitemap_has_hreflang_alternates_and_content_lastmod() {
    let out = build_fixture();
    let text = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urls: Vec<_> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
        .collect();
    let html_pages = html_files(out.path())
        .into_iter()
        .filter(|p| !p.starts_with("care/") && !p.ends_with("404.html"))
        .count();
    assert_eq!(urls.len(), html_pages, "every page of both languages once");
    let mut lastmod = std::collections::HashMap::new();
    for u in &urls {
        let loc = child_text(*u, SITEMAP, "loc").unwrap();
        let alternates: Vec<(&str, &str)> = u
            .children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|c| (c.attribute("hreflang").unwrap(), c.attribute("href").unwrap()))
            .collect();
        let langs: Vec<&str> = alternates.iter().map(|a| a.0).collect();
        assert_eq!(langs, ["zh-CN", "en", "x-default"], "{loc}");
        assert!(alternates.iter().any(|a| a.1 == loc), "{loc} is one of its alternates");
        if let Some(m) = child_text(*u, SITEMAP, "lastmod") {
            lastmod.insert(loc.to_string(), m.to_string());
        }
    }
    let plan = "https://example.gov.cn/minsheng/plans/alpha/2023/";
    assert_eq!(lastmod[plan], "2024-01-20", "the newest report changed the plan");
    assert_eq!(
        lastmod[&format!("{plan}source/")],
        "2023-01-15",
        "the source text: the plan's date"
    );
    assert_eq!(lastmod["https://example.gov.cn/minsheng/en/"], "2024-01-20");
    assert_eq!(
        fs::read_to_string(out.path().join("robots.txt"))
            .unwrap()
            .lines()
            .last()
            .unwrap(),
        "Sitemap: https://example.gov.cn/minsheng/sitemap.xml"
    );
}

#[test]
fn pages_carry_government_metas_open_graph_and_content_dates() {
    let site = copy_site(&fixture("minimal"));
    patch(
        site.path(),
        "content/site.yaml",
        "  icp:",
        "  site_code: \"1300000001\"\n  icp:",
    );
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), Some("https://www.example.gov.cn/minsheng/")).unwrap();
    let meta = |doc: &scraper::Html, name: &str| -> Vec<String> {
        attrs(
            doc,
            &format!("head meta[name='{name}'], head meta[property='{name}']"),
            "content",
        )
    };
    let doc = parse(out.path(), "plans/alpha/2023/shantytowns/index.html");
    assert_eq!(meta(&doc, "SiteName"), ["民生工程公开（示例）"]);
    assert_eq!(meta(&doc, "SiteDomain"), ["www.example.gov.cn"]);
    assert_eq!(meta(&doc, "SiteIDCode"), ["1300000001"]);
    assert_eq!(meta(&doc, "ColumnName"), ["实施方案"]);
    assert_eq!(meta(&doc, "ArticleTitle"), ["棚户区改造工程"]);
    assert_eq!(meta(&doc, "PubDate"), ["2023-01-15"]);
    assert_eq!(meta(&doc, "ContentSource"), ["甲省人民政府办公厅"]);
    assert!(meta(&doc, "keywords")[0].split(',').any(|k| k == "甲省"));
    assert_eq!(
        meta(&doc, "Url"),
        ["https://www.example.gov.cn/minsheng/plans/alpha/2023/shantytowns/"]
    );
    assert_eq!(
        meta(&doc, "description").len(),
        1,
        "one description meta (Description is the same name)"
    );
    assert_eq!(meta(&doc, "og:type"), ["article"]);
    assert_eq!(meta(&doc, "og:title"), ["棚户区改造工程"]);
    assert_eq!(meta(&doc, "og:url"), meta(&doc, "Url"));
    assert_eq!(meta(&doc, "og:locale"), ["zh_CN"]);
    assert_eq!(meta(&doc, "article:modified_time"), ["2024-01-20"]);
    let times = attrs(&doc, "main .page-dates time", "datetime");
    assert_eq!(
        times,
        ["2023-01-15", "2024-01-20"],
        "published, then last changed by the report"
    );

    let en = parse(out.path(), "en/regions/index.html");
    assert_eq!(meta(&en, "SiteName"), ["Livelihood Projects (example)"]);
    assert_eq!(meta(&en, "ColumnName"), ["Regions"]);
    assert!(meta(&en, "ArticleTitle").is_empty(), "not an article");
    assert_eq!(meta(&en, "og:type"), ["website"]);
    assert_eq!(meta(&en, "og:locale"), ["en_US"]);
    // The elderly-friendly twin names the standard page as canonical.
    let care = parse(out.path(), "care/plans/alpha/2023/shantytowns/index.html");
    assert_eq!(
        attrs(&care, "link[rel=canonical]", "href"),
        ["https://www.example.gov.cn/minsheng/plans/alpha/2023/shantytowns/"]
    );
    // The 404 page shows the range of the site's content dates, never the build day.
    let nf = parse(out.path(), "404.html");
    for d in attrs(&nf, ".page-dates time", "datetime") {
        assert!(d.starts_with("2023") || d.starts_with("2024"), "{d}");
    }
}
