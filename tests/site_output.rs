//! Builds fixture sites and the shipped content, and checks the output as
//! parsed HTML: links resolve, every page is bilingual and correctly
//! labelled, rebuilds are byte-identical.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// Checks every internal link and asset of the built site at `out`.
fn assert_links_resolve(out: &Path, base_url: &str, base_path: &str) {
    let mut checked = 0;
    for rel in html_files(out) {
        let doc = parse(out, &rel);
        let mut urls = attrs(&doc, "a[href]", "href");
        urls.extend(attrs(&doc, "link[href]", "href"));
        urls.extend(attrs(&doc, "img[src], script[src]", "src"));
        for url in urls {
            let site_rel = match url.strip_prefix(base_url) {
                Some(r) => format!("{base_path}{r}"),
                None if url.starts_with("http://") || url.starts_with("https://") => continue,
                None => url.clone(),
            };
            if let Some(frag) = site_rel.strip_prefix('#') {
                assert!(
                    doc.select(&sel(&format!("[id='{frag}']"))).next().is_some(),
                    "{rel}: no element #{frag}"
                );
                continue;
            }
            let file = url_to_file(base_path, &rel, &site_rel)
                .unwrap_or_else(|| panic!("{rel}: link {url} is outside base path {base_path}"));
            assert!(out.join(&file).is_file(), "{rel}: link {url} -> {file} does not exist");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn internal_links_resolve_at_root_and_under_a_sub_path() {
    let site = fixture("minimal");
    for (base_url, base_path) in [
        ("https://example.gov.cn/", "/"),
        ("https://example.gov.cn/minsheng/", "/minsheng/"),
    ] {
        let out = tempfile::tempdir().unwrap();
        build_to(&site, out.path(), Some(base_url)).unwrap();
        assert_links_resolve(out.path(), base_url, base_path);
    }
}

#[test]
fn shipped_content_links_resolve_under_a_sub_path() {
    let out = tempfile::tempdir().unwrap();
    let summary = build_to(&shipped_root(), out.path(), Some("https://example.gov.cn/minsheng/")).unwrap();
    assert!(summary.pages_per_lang[0] > 100);
    assert_links_resolve(out.path(), "https://example.gov.cn/minsheng/", "/minsheng/");
}

/// Every page has `lang`, a title, one h1, hreflang alternates, and a
/// language switch that lands on the same entity and switches back.
fn assert_pages_bilingual(site: &Path) {
    let out = tempfile::tempdir().unwrap();
    build_to(site, out.path(), Some("https://example.gov.cn/sub/")).unwrap();
    let out = out.path();
    let files = html_files(out);
    assert!(files.len() >= 30);
    assert!(
        files.iter().any(|f| f.starts_with("care/")),
        "no elderly-friendly pages"
    );
    for rel in &files {
        let doc = parse(out, rel);
        let (care, rest) = match rel.strip_prefix("care/") {
            Some(rest) => ("care/", rest),
            None => ("", rel.as_str()),
        };
        let en = rest.starts_with("en/");
        let lang = attrs(&doc, "html", "lang");
        assert_eq!(lang, [if en { "en" } else { "zh-CN" }], "{rel}");
        assert!(!text_of(&doc, "title").trim().is_empty(), "{rel}: empty <title>");
        let hreflangs = attrs(&doc, "link[rel=alternate]", "hreflang");
        assert_eq!(hreflangs, ["zh-CN", "en", "x-default"], "{rel}");
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{rel}: one h1");
        // The switch lands on the same page in the other language, in the same variant…
        let switch = attrs(&doc, "a.lang-switch", "href");
        assert_eq!(switch.len(), 1, "{rel}");
        let target = url_to_file("/sub/", rel, &switch[0]).unwrap();
        let other_rest = if en {
            rest.trim_start_matches("en/").to_string()
        } else {
            format!("en/{rest}")
        };
        assert_eq!(target, format!("{care}{other_rest}"), "{rel}: switch goes elsewhere");
        // …whose canonical URL is this page's alternate in that language.
        let other = parse(out, &target);
        let canonical = attrs(&other, "link[rel=canonical]", "href");
        let alt_sel = format!("link[rel=alternate][hreflang='{}']", if en { "zh-CN" } else { "en" });
        assert_eq!(canonical, attrs(&doc, &alt_sel, "href"), "{rel}");
        // …and switches back.
        let back = attrs(&other, "a.lang-switch", "href");
        assert_eq!(url_to_file("/sub/", &target, &back[0]).unwrap(), *rel);
        // Both variants carry the same bytes, and both 关怀版 switches (each
        // variant's stylesheet shows one): into care/ and back out.
        if care.is_empty() && !rel.ends_with("404.html") {
            let twin = std::fs::read(out.join(format!("care/{rest}"))).unwrap();
            assert_eq!(
                twin,
                std::fs::read(out.join(rel)).unwrap(),
                "{rel}: 关怀版 bytes differ"
            );
        }
        let on = attrs(&doc, "a.care-switch.care-on", "href");
        let off = attrs(&doc, "a.care-switch.care-off", "href");
        assert_eq!(
            url_to_file("/sub/", rel, &on[0]).unwrap(),
            format!("care/{rest}"),
            "{rel}"
        );
        assert_eq!(url_to_file("/sub/", rel, &off[0]).unwrap(), rest, "{rel}");
        // One stylesheet, relative: under care/ it is the 关怀版 one.
        let sheets = attrs(&doc, "link[rel=stylesheet]", "href");
        assert_eq!(sheets.len(), 1, "{rel}: {sheets:?}");
        let sheet = url_to_file("/sub/", rel, &sheets[0]).unwrap();
        assert_eq!(sheet, format!("{care}assets/style.css"), "{rel}");
        if !care.is_empty() {
            // Inside the variant, every page link stays inside it.
            for href in attrs(&doc, "main a[href], nav a[href]", "href") {
                let is_page = href.ends_with('/') || href.ends_with(".html");
                let file = url_to_file("/sub/", rel, &href);
                if let (true, Some(file)) = (is_page, file) {
                    assert!(
                        file.starts_with("care/"),
                        "{rel}: {href} leaves the elderly-friendly pages"
                    );
                }
            }
        }
    }
}

#[test]
fn every_fixture_page_is_labelled_and_switches_to_the_same_entity() {
    assert_pages_bilingual(&fixture("minimal"));
}

#[test]
fn every_shipped_page_is_labelled_and_switches_to_the_same_entity() {
    assert_pages_bilingual(&shipped_root());
}

#[test]
fn numbers_and_dates_are_formatted_per_language() {
    let out = tempfile::tempdir().unwrap();
    build_to(&fixture("minimal"), out.path(), None).unwrap();
    let zh = parse(out.path(), "plans/alpha/2023/shantytowns/index.html");
    let en = parse(out.path(), "en/plans/alpha/2023/shantytowns/index.html");
    assert_eq!(text_of(&zh, "td.num strong"), "不少于12万套");
    assert_eq!(text_of(&en, "td.num strong"), "at least 120,000 units");
    let zh_plan = parse(out.path(), "plans/alpha/2023/index.html");
    let en_plan = parse(out.path(), "en/plans/alpha/2023/index.html");
    assert!(zh_plan.root_element().text().any(|t| t.contains("2023年1月15日")));
    assert!(en_plan.root_element().text().any(|t| t.contains("15 January 2023")));
    assert!(en_plan
        .root_element()
        .text()
        .any(|t| t.contains("December 2023") || t.contains("31 December 2023")));
}

#[test]
fn rebuild_is_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // With the search index: it must be the same file for file too.
    build_with(&shipped_root(), a.path(), None, true).unwrap();
    build_with(&shipped_root(), b.path(), None, true).unwrap();
    assert!(a.path().join("search-index/zh/index.json").is_file());
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between builds", x.0);
    }
}

#[test]
fn failed_build_leaves_previous_output() {
    let site = copy_site(&fixture("minimal"));
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    build_to(site.path(), &out, None).unwrap();
    let before = snapshot(&out);
    patch(site.path(), "content/regions.yaml", "parent: alpha", "parent: nowhere");
    let err = build_to(site.path(), &out, None).unwrap_err();
    assert_eq!(err.diagnostics().len(), 1, "{err}");
    assert_eq!(snapshot(&out), before, "output changed after a failed build");
    let leftovers: Vec<_> = fs::read_dir(out_parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["public"], "temporary folders left behind");
}

#[test]
fn hostile_content_never_reaches_the_output() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) <a href=\"javascript:alert(4)\" onclick=\"alert(6)\">y</a> <iframe src=\"javascript:alert(7)\"></iframe>";
    fs::write(root.join("content/plans/alpha/2023/intro.en.md"), payload).unwrap();
    fs::write(root.join("content/plans/alpha/2023/intro.zh.md"), payload).unwrap();
    patch(
        root,
        "content/plans/alpha/2023/plan.yaml",
        "en: Start at least 120,000 units.",
        &format!("en: '{}'", payload.replace("\n\n", " ")),
    );
    patch(
        root,
        "content/plans/alpha/2023/plan.yaml",
        "en: Shantytown renovation}",
        "en: \"<script>alert(5)</script>\"}",
    );
    let out = tempfile::tempdir().unwrap();
    // With the search index: hostile text is indexed as text like any other.
    build_with(root, out.path(), None, true).unwrap();
    let mut elements = 0;
    for rel in html_files(out.path()) {
        let doc = parse(out.path(), &rel);
        assert_eq!(doc.select(&sel("iframe")).count(), 0, "{rel}: iframe element");
        // The only scripts are the theme's own external ones, with no inline code.
        for script in doc.select(&sel("script")) {
            let src = script.value().attr("src").unwrap_or_default();
            assert!(
                src.ends_with("/assets/sort.js") || src.ends_with("/assets/search.js"),
                "{rel}: script {src:?}"
            );
            assert_eq!(script.text().collect::<String>().trim(), "", "{rel}: inline script");
        }
        for el in doc.select(&sel("*")) {
            elements += 1;
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "{rel}: event handler {name}"
                );
                let v = value.trim().to_ascii_lowercase();
                assert!(!v.starts_with("javascript:"), "{rel}: {name}={value}");
            }
        }
    }
    assert!(elements > 1000);
    // The Markdown link survived as text, its dangerous href removed.
    let plan = parse(out.path(), "en/plans/alpha/2023/index.html");
    assert!(plan
        .select(&sel(".prose a"))
        .any(|a| a.text().collect::<String>() == "x" && a.value().attr("href").is_none()));
    // The escaped name is shown as text, not dropped.
    let doc = parse(out.path(), "en/plans/alpha/2023/shantytowns/index.html");
    assert_eq!(text_of(&doc, "h1"), "<script>alert(5)</script>");
}

#[test]
fn no_external_hosts_or_inline_scripts() {
    let out = tempfile::tempdir().unwrap();
    build_to(&shipped_root(), out.path(), None).unwrap();
    for rel in html_files(out.path()) {
        let doc = parse(out.path(), &rel);
        assert_eq!(doc.select(&sel("style, [style]")).count(), 0, "{rel}: inline style");
        for script in doc.select(&sel("script")) {
            assert!(script.value().attr("src").is_some(), "{rel}: inline script");
        }
        for url in attrs(&doc, "link[rel=stylesheet], img, script", "href")
            .into_iter()
            .chain(attrs(&doc, "img, script", "src"))
        {
            assert!(
                !url.starts_with("http") && !url.starts_with("//"),
                "{rel}: external asset {url}"
            );
        }
    }
}

#[test]
fn hebei_plan_reads_in_both_languages() {
    let out = tempfile::tempdir().unwrap();
    build_to(&shipped_root(), out.path(), None).unwrap();
    for (prefix, figure, title) in [
        ("", "7000公里", "河北省2023年民生工程实施方案"),
        ("en/", "7,000 km", "Hebei Province 2023"),
    ] {
        let plan = parse(out.path(), &format!("{prefix}plans/hebei/2023/index.html"));
        assert!(
            text_of(&plan, "h1").contains(title),
            "{prefix}: {}",
            text_of(&plan, "h1")
        );
        assert_eq!(plan.select(&sel("tbody tr")).count(), 20, "{prefix}: 20 project rows");
        assert_eq!(
            plan.select(&sel("span[lang=zh-CN] + .untranslated")).count(),
            0,
            "{prefix}: untranslated text"
        );
        let roads = parse(out.path(), &format!("{prefix}plans/hebei/2023/rural-roads/index.html"));
        let figures: Vec<String> = roads
            .select(&sel("td.num strong"))
            .map(|e| e.text().collect())
            .collect();
        assert!(figures.iter().any(|f| f == figure), "{prefix}: {figures:?}");
    }
}
