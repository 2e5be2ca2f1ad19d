//! Lists that grow with the corpus are split over several pages (issue on
//! national scale): a fixture plan is given 126 more projects of one program
//! and category, and the program and category pages must split into parts of
//! at most 60 projects, each reachable from a pager whose links resolve,
//! titled apart, listed in the sitemap, served in the 关怀版 too, and (after
//! the first) kept out of the search index.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;

use common::*;

const EXTRA: usize = 126;

/// The minimal fixture with `EXTRA` more shantytown projects in alpha/2023.
fn big_site() -> tempfile::TempDir {
    let site = copy_site(&fixture("minimal"));
    let plan = site.path().join("content/plans/alpha/2023/plan.yaml");
    let mut yaml = fs::read_to_string(&plan).unwrap();
    let anchor = "projects:\n";
    let mut extra = String::new();
    for n in 1..=EXTRA {
        writeln!(
            extra,
            "  - id: extra-{n}\n    number: 附{n}\n    name: {{zh: 扩展工程{n}, en: Extra project {n}}}\n    \
             category: housing\n    programs: [shantytowns]\n    responsible_units: [省住房城乡建设厅]\n    \
             source_text: 附{n}扩展工程{n}。"
        )
        .unwrap();
    }
    let at = yaml.find(anchor).unwrap() + anchor.len();
    yaml.insert_str(at, &extra);
    fs::write(&plan, yaml).unwrap();
    // Each project's sentence is in the plan's source text.
    let source = site.path().join("content/plans/alpha/2023/source.zh.txt");
    let mut text = fs::read_to_string(&source).unwrap();
    for n in 1..=EXTRA {
        writeln!(text, "附{n}扩展工程{n}。").unwrap();
    }
    fs::write(&source, text).unwrap();
    site
}

/// Links to projects (`plans/<region>/<year>/<project>/`) in the project
/// tables of a part, one per row.
fn project_links(doc: &scraper::Html, file: &str) -> Vec<String> {
    let rows = doc.select(&sel("main table.projects tbody tr")).count();
    let links: Vec<String> = attrs(doc, "main table.projects tbody a", "href")
        .into_iter()
        .filter(|h| {
            let target = url_to_file("/sub/", file, h).unwrap_or_default();
            let rest = target.trim_start_matches("en/");
            rest.starts_with("plans/") && rest.matches('/').count() == 4
        })
        .collect();
    assert_eq!(links.len(), rows, "{file}: one project link a row");
    links
}

#[test]
fn long_program_and_category_lists_split_into_linked_parts() {
    let site = big_site();
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), Some("https://example.gov.cn/sub/")).unwrap();
    let out = out.path();
    for (list, total) in [("programs/shantytowns/", EXTRA + 1), ("categories/housing/", EXTRA + 1)] {
        for lang in ["", "en/"] {
            let mut seen = BTreeSet::new();
            let parts = total.div_ceil(60);
            for part in 0..parts {
                let path = if part == 0 {
                    format!("{lang}{list}")
                } else {
                    format!("{lang}{list}page/{}/", part + 1)
                };
                let file = format!("{path}index.html");
                let doc = parse(out, &file);
                let rows = project_links(&doc, &file);
                assert!(!rows.is_empty() && rows.len() <= 60, "{file}: {} rows", rows.len());
                for href in rows {
                    let target = url_to_file("/sub/", &file, &href).unwrap();
                    assert!(out.join(&target).is_file(), "{file}: {href}");
                    assert!(seen.insert(target), "{file}: a project shown twice");
                }
                // The pager: this part current, every link to a part that exists.
                let current = texts_of(&doc, "nav.pager a[aria-current=page]");
                assert_eq!(current, [(part + 1).to_string()], "{file}");
                for href in attrs(&doc, "nav.pager a", "href") {
                    let target = url_to_file("/sub/", &file, &href).unwrap();
                    assert!(out.join(&target).is_file(), "{file}: pager link {href}");
                }
                let title = text_of(&doc, "title");
                if part > 0 {
                    let label = if lang.is_empty() {
                        format!("第{}页，共{parts}页", part + 1)
                    } else {
                        format!("Page {} of {parts}", part + 1)
                    };
                    assert!(title.contains(&label), "{file}: title {title}");
                    // Later parts repeat the list's title: only the first is indexed.
                    assert!(doc.select(&sel("[data-index-body]")).next().is_none(), "{file}");
                    assert_eq!(attrs(&doc, "a[rel=prev]", "href").len(), 1, "{file}");
                }
                // The 关怀版 serves the same part.
                assert!(out.join("care").join(&file).is_file(), "care/{file}");
            }
            assert_eq!(seen.len(), total, "{lang}{list}: every project in some part");
            let beyond = format!("{lang}{list}page/{}/index.html", parts + 1);
            assert!(!out.join(beyond).exists());
        }
    }
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.gov.cn/sub/programs/shantytowns/page/3/"));
}

#[test]
fn short_lists_stay_whole() {
    let out = tempfile::tempdir().unwrap();
    build_to(&fixture("minimal"), out.path(), None).unwrap();
    for file in [
        "programs/shantytowns/index.html",
        "plans/index.html",
        "compare/index.html",
    ] {
        let doc = parse(out.path(), file);
        assert!(doc.select(&sel("nav.pager")).next().is_none(), "{file}");
    }
    assert!(!out.path().join("programs/shantytowns/page").exists());
}

/// Project files in a project page's related table, in order.
fn related(out: &std::path::Path, file: &str) -> Vec<String> {
    let doc = parse(out, file);
    attrs(&doc, "section[aria-labelledby=rel-h] table tbody th a", "href")
        .into_iter()
        .map(|href| url_to_file("/sub/", file, &href).unwrap())
        .collect()
}

/// A project page lists the first 12 other projects of its program, never
/// itself, whichever project it is: a project among the first ones has a
/// table of its own, every later project the same table (rendered once).
/// The tables follow the program page's order, in both languages.
#[test]
fn project_pages_list_the_first_other_projects_of_their_program() {
    let site = big_site();
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), out.path(), Some("https://example.gov.cn/sub/")).unwrap();
    let out = out.path();
    for lang in ["", "en/"] {
        let list = format!("{lang}programs/shantytowns/index.html");
        let doc = parse(out, &list);
        let program: Vec<String> = project_links(&doc, &list)
            .iter()
            .map(|href| url_to_file("/sub/", &list, href).unwrap())
            .collect();
        assert!(program.len() > 13, "{list}");
        for (position, project) in program
            .iter()
            .enumerate()
            .filter(|(i, _)| [0, 5, 11, 12, 13, 40, 59].contains(i))
        {
            let expected: Vec<String> = program.iter().filter(|p| *p != project).take(12).cloned().collect();
            assert_eq!(
                related(out, project),
                expected,
                "{project} (position {position} in {list})"
            );
            let more = texts_of(&parse(out, project), "section[aria-labelledby=rel-h] p a").join(" ");
            assert!(
                more.contains(&EXTRA.to_string()),
                "{project}: the link to all {EXTRA} others: {more}"
            );
        }
        // Later projects share one table, byte for byte.
        let table = |f: &str| {
            let html = fs::read_to_string(out.join(f)).unwrap();
            let start = html.find("aria-labelledby=\"rel-h\"").unwrap();
            let end = start + html[start..].find("</section>").unwrap();
            html[start..end].to_string()
        };
        assert_eq!(table(&program[20]), table(&program[50]));
        assert_ne!(table(&program[3]), table(&program[50]));
    }
}
