//! Search: the Pagefind index is written with the site, one bundle per
//! language, cut into shards on large sites; the search pages exist in both languages and both variants and
//! work as plain forms; every other page has a labelled search box in its
//! header; indexed pages carry their filters and result metadata; region
//! pages list the plans that apply to them, nearest level first, and the
//! home page leads to them. (Queries run in a real browser:
//! `tests/browser/gate.mjs`.)

mod common;

use std::fs;
use std::path::Path;

use common::*;
use scraper::Html;

const BASE: &str = "https://example.gov.cn/sub/";

fn built(site: &Path, search: bool) -> (tempfile::TempDir, gongkai::BuildSummary) {
    let out = tempfile::tempdir().unwrap();
    let summary = build_with(site, out.path(), Some(BASE), search).unwrap();
    (out, summary)
}

fn files_in(dir: &Path) -> Vec<String> {
    match fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn is_search_page(rel: &str) -> bool {
    rel.trim_start_matches("care/").trim_start_matches("en/") == "search/index.html"
}

/// `(name, value)` pairs of the `data-pagefind-<kind>` spans of a page.
fn pairs(doc: &Html, kind: &str) -> Vec<(String, String)> {
    attrs(
        doc,
        &format!("main span[hidden][data-pagefind-{kind}]"),
        &format!("data-pagefind-{kind}"),
    )
    .into_iter()
    .map(|a| {
        let (k, v) = a.split_once(':').expect("name:value");
        (k.to_string(), v.to_string())
    })
    .collect()
}

fn has(list: &[(String, String)], k: &str, v: &str) -> bool {
    list.iter().any(|(a, b)| a == k && b == v)
}

#[test]
fn the_index_is_written_for_both_languages() {
    let (out, summary) = built(&fixture("minimal"), true);
    let out = out.path();
    // Every page given to the index is a standard page marked data-pagefind-body.
    let marked: Vec<String> = html_files(out)
        .into_iter()
        .filter(|f| !f.starts_with("care/"))
        .filter(|f| parse(out, f).select(&sel("main[data-pagefind-body]")).next().is_some())
        .collect();
    assert_eq!(summary.indexed, marked.len());

    // One bundle per language, holding that language's pages only.
    for (dir, code, prefixed) in [("zh", "zh-cn", false), ("en", "en", true)] {
        let pf = out.join("pagefind").join(dir);
        let entry: serde_json::Value =
            serde_json::from_slice(&fs::read(pf.join("pagefind-entry.json")).unwrap()).unwrap();
        let langs = entry["languages"].as_object().unwrap();
        assert_eq!(langs.keys().collect::<Vec<_>>(), [code], "pagefind/{dir}");
        let in_lang = marked.iter().filter(|f| f.starts_with("en/") == prefixed).count();
        assert_eq!(
            langs[code]["page_count"].as_u64().unwrap() as usize,
            in_lang,
            "pagefind/{dir}"
        );
        // A small site is one shard: nothing to merge.
        assert_eq!(fs::read_to_string(pf.join("shards.json")).unwrap(), "[]");
        for f in ["pagefind.js", "pagefind-worker.js"] {
            assert!(pf.join(f).is_file(), "pagefind/{dir}/{f} missing");
        }
        for f in ["pagefind-ui.js", "pagefind-ui.css", "pagefind-highlight.js"] {
            assert!(!pf.join(f).exists(), "unused pagefind/{dir}/{f} shipped");
        }
        for sub in ["index", "fragment", "filter"] {
            let names = files_in(&pf.join(sub));
            assert!(
                !names.is_empty() && names.iter().all(|n| n.starts_with(&format!("{code}_"))),
                "pagefind/{dir}/{sub}: {names:?}"
            );
        }
    }
    assert!(out.join("pagefind/zh/wasm.unknown.pagefind").is_file());
    assert!(out.join("pagefind/en/wasm.en.pagefind").is_file());
}

#[test]
fn a_bundle_is_cut_into_shards_that_together_hold_its_pages() {
    let out = tempfile::tempdir().unwrap();
    let opts = gongkai::BuildOptions {
        root: shipped_root(),
        output: out.path().to_path_buf(),
        base_url: Some(BASE.into()),
        force: false,
        search: true,
        search_shard_pages: 40,
    };
    let summary = gongkai::build(&opts).unwrap();
    let pf = out.path().join("pagefind");
    let mut total = 0;
    for (dir, code) in [("zh", "zh-cn"), ("en", "en")] {
        let listed: Vec<String> = serde_json::from_slice(&fs::read(pf.join(dir).join("shards.json")).unwrap()).unwrap();
        assert!(listed.len() >= 2, "pagefind/{dir}/shards.json: {listed:?}");
        let mut shards = vec![String::new()];
        shards.extend(listed.iter().cloned());
        for (k, shard) in shards.iter().enumerate() {
            assert_eq!(shard, &if k == 0 { String::new() } else { format!("{}/", k + 1) });
            let entry: serde_json::Value =
                serde_json::from_slice(&fs::read(pf.join(dir).join(shard).join("pagefind-entry.json")).unwrap())
                    .unwrap();
            let count = entry["languages"][code]["page_count"].as_u64().unwrap() as usize;
            assert!((1..=40).contains(&count), "pagefind/{dir}/{shard}: {count} pages");
            total += count;
            // Merged shards are searched with the first one's script.
            assert_eq!(pf.join(dir).join(shard).join("pagefind.js").is_file(), k == 0);
        }
        assert!(!pf.join(dir).join(format!("{}/", shards.len() + 1)).exists());
    }
    assert_eq!(total, summary.indexed, "every indexed page is in one shard");
}

#[test]
fn without_search_no_index_is_written_and_the_page_still_explains() {
    let (out, summary) = built(&fixture("minimal"), false);
    assert_eq!(summary.indexed, 0);
    assert!(!out.path().join("pagefind").exists());
    let doc = parse(out.path(), "search/index.html");
    assert!(doc.select(&sel("#search-nojs a")).next().is_some());
}

#[test]
fn search_pages_exist_in_both_languages_and_variants() {
    let (out, _) = built(&fixture("minimal"), true);
    let out = out.path();
    for (file, lang, prefix) in [
        ("search/index.html", "zh-CN", ""),
        ("en/search/index.html", "en", "en/"),
        ("care/search/index.html", "zh-CN", "care/"),
        ("care/en/search/index.html", "en", "care/en/"),
    ] {
        let doc = parse(out, file);
        assert_eq!(attrs(&doc, "html", "lang"), [lang], "{file}");
        let action = attrs(&doc, "form#search-form", "action");
        assert_eq!(
            url_to_file("/sub/", file, &action[0]).unwrap(),
            format!("{prefix}search/index.html"),
            "{file}"
        );
        assert_eq!(attrs(&doc, "form#search-form", "method"), ["get"], "{file}");
        let code = if lang == "en" { "en" } else { "zh" };
        assert_eq!(
            attrs(&doc, "form#search-form", "data-bundle"),
            [format!("/sub/pagefind/{code}/pagefind.js")]
        );
        assert_eq!(attrs(&doc, "form#search-form", "data-base"), ["/sub/"]);
        // search.js reads the variant from the address: both share bytes.
        assert!(attrs(&doc, "form#search-form", "data-variant").is_empty());
        assert_eq!(attrs(&doc, "#search-q", "name"), ["q"]);
        for (id, name, value) in [
            ("search-q", "q", None),
            ("search-region", "region", Some("alpha")),
            ("search-year", "year", Some("2023")),
            ("search-category", "category", Some("housing")),
        ] {
            assert!(
                !text_of(&doc, &format!("label[for={id}]")).trim().is_empty(),
                "{file}: #{id} unlabelled"
            );
            assert_eq!(attrs(&doc, &format!("#{id}"), "name"), [name]);
            if let Some(v) = value {
                let options = attrs(&doc, &format!("#{id} option"), "value");
                assert!(options.iter().any(|o| o == v), "{file}: #{id} lacks {v}: {options:?}");
                assert_eq!(options[0], "", "{file}: #{id} starts with 'all'");
            }
        }
        // The script is a file of the theme; no inline script anywhere.
        assert_eq!(attrs(&doc, "script[type=module]", "src"), ["/sub/assets/search.js"]);
        assert_eq!(
            doc.select(&sel("script:not([src])")).count(),
            0,
            "{file}: inline script"
        );
        // Without JavaScript: the page says so and links to the indexes.
        let nojs: Vec<String> = attrs(&doc, "#search-nojs a", "href")
            .iter()
            .map(|h| url_to_file("/sub/", file, h).unwrap())
            .collect();
        for index in ["regions/", "categories/"] {
            let target = format!("{prefix}{index}index.html");
            assert!(nojs.contains(&target), "{file}: no-JS links {nojs:?} lack {target}");
        }
        assert!(!text_of(&doc, "#search-nojs p").trim().is_empty());
        // Without JavaScript the form, which could not search, and the
        // results stay hidden; the notice comes first.
        assert!(doc.select(&sel("#search-output[hidden]")).next().is_some());
        assert!(doc.select(&sel("form#search-form[hidden]")).next().is_some());
        assert!(doc
            .select(&sel("main #search-nojs + form#search-form"))
            .next()
            .is_some());
        assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
        assert!(
            doc.select(&sel("form.header-search")).next().is_none(),
            "{file}: two search forms"
        );
    }
    assert!(out.join("assets/search.js").is_file());
}

#[test]
fn every_other_page_has_a_labelled_search_box_to_its_search_page() {
    let (out, _) = built(&fixture("minimal"), false);
    let out = out.path();
    let mut checked = 0;
    for rel in html_files(out).into_iter().filter(|f| !is_search_page(f)) {
        let doc = parse(out, &rel);
        let care = if rel.starts_with("care/") { "care/" } else { "" };
        let en = if rel.trim_start_matches("care/").starts_with("en/") {
            "en/"
        } else {
            ""
        };
        let action = attrs(&doc, "header form.header-search[role=search]", "action");
        assert_eq!(action.len(), 1, "{rel}");
        assert_eq!(
            url_to_file("/sub/", &rel, &action[0]).unwrap(),
            format!("{care}{en}search/index.html"),
            "{rel}"
        );
        assert_eq!(attrs(&doc, "form.header-search", "method"), ["get"], "{rel}");
        assert_eq!(attrs(&doc, "form.header-search input#header-q", "name"), ["q"], "{rel}");
        assert!(
            !text_of(&doc, "form.header-search label[for=header-q]")
                .trim()
                .is_empty(),
            "{rel}"
        );
        assert!(
            !text_of(&doc, "form.header-search button[type=submit]")
                .trim()
                .is_empty(),
            "{rel}"
        );
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn indexed_pages_carry_their_filters_and_metadata() {
    let (out, _) = built(&fixture("minimal"), false);
    let out = out.path();
    let zh = parse(out, "plans/alpha/2023/shantytowns/index.html");
    assert!(zh.select(&sel("main[data-pagefind-body]")).next().is_some());
    let filters = pairs(&zh, "filter");
    for (k, v) in [("region", "alpha"), ("year", "2023"), ("category", "housing")] {
        assert!(has(&filters, k, v), "{k}:{v} not in {filters:?}");
    }
    let meta = pairs(&zh, "meta");
    assert!(has(&meta, "region", "甲省"), "{meta:?}");
    assert!(has(&meta, "year", "2023年"), "{meta:?}");
    assert!(has(&meta, "type", "民生工程"), "{meta:?}");
    let en = pairs(&parse(out, "en/plans/alpha/2023/shantytowns/index.html"), "meta");
    assert!(
        has(&en, "region", "Alpha Province") && has(&en, "type", "Project"),
        "{en:?}"
    );

    // The lists stay out of the index (the 关怀版 copies are the same bytes
    // as the standard pages, and the indexer is given the standard ones).
    for rel in ["index.html", "plans/index.html", "search/index.html", "404.html"] {
        let doc = parse(out, rel);
        assert!(
            doc.select(&sel("[data-pagefind-body]")).next().is_none(),
            "{rel} indexed"
        );
        assert!(pairs(&doc, "filter").is_empty(), "{rel} has filters");
    }
    // The English source page is the Chinese document: not in the English index.
    assert!(parse(out, "plans/alpha/2023/source/index.html")
        .select(&sel("main[data-pagefind-body]"))
        .next()
        .is_some());
    assert!(parse(out, "en/plans/alpha/2023/source/index.html")
        .select(&sel("main[data-pagefind-body]"))
        .next()
        .is_none());
}

#[test]
fn shipped_regions_list_their_plans_nearest_level_first() {
    let (out, _) = built(&shipped_root(), false);
    let out = out.path();
    // A district: its own plan and projects, then the city's, then the province's.
    let fengrun = parse(out, "regions/fengrun/index.html");
    let above: Vec<String> = fengrun
        .select(&sel("section[aria-labelledby=above-h] h3 a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(above, ["唐山市", "河北省"]);
    let own = fengrun
        .select(&sel("section[aria-labelledby=projects-h] tbody tr"))
        .count();
    assert_eq!(own, 10, "Fengrun's plan has 10 projects");
    assert!(attrs(&fengrun, "section[aria-labelledby=projects-h]", "data-pagefind-ignore").len() == 1);
    // Zengcheng: no plan above it in the content (Guangzhou and Guangdong have none).
    let zengcheng = parse(out, "regions/zengcheng/index.html");
    assert!(zengcheng
        .select(&sel("section[aria-labelledby=above-h]"))
        .next()
        .is_none());

    // The home page: province → city → district, each leading to its page.
    let home = parse(out, "en/index.html");
    let picker = "section[aria-labelledby=myregion-h]";
    let provinces: Vec<String> = home
        .select(&sel(&format!("{picker} > ul > li > details > summary")))
        .map(|s| s.text().collect::<String>())
        .collect();
    assert!(provinces.iter().any(|p| p.contains("Hebei Province")), "{provinces:?}");
    let nested: Vec<String> = attrs(&home, &format!("{picker} details details a"), "href")
        .iter()
        .map(|h| url_to_file("/sub/", "en/index.html", h).unwrap())
        .collect();
    for r in ["fengrun", "zengcheng", "tangshan"] {
        let target = format!("en/regions/{r}/index.html");
        assert!(nested.contains(&target), "{target} not in the picker: {nested:?}");
    }

    // A district's projects are found under every region above it.
    let project = parse(out, "plans/zengcheng/2023/ecology/index.html");
    let filters = pairs(&project, "filter");
    for r in ["zengcheng", "guangzhou", "guangdong"] {
        assert!(has(&filters, "region", r), "{filters:?}");
    }
}

#[test]
fn the_home_picker_leads_only_to_regions_with_plans() {
    let (out, _) = built(&fixture("minimal"), false);
    let home = parse(out.path(), "index.html");
    let links = attrs(&home, "section[aria-labelledby=myregion-h] a", "href");
    assert!(links.contains(&"./regions/alpha/".to_string()), "{links:?}");
    // Beta City has no plan of its own and none below it.
    assert!(!links.iter().any(|l| l.contains("/beta/")), "{links:?}");
    // The regions page still lists every region.
    let regions = attrs(&parse(out.path(), "regions/index.html"), "main a", "href");
    assert!(regions.contains(&"../regions/beta/".to_string()), "{regions:?}");
}
