//! Search: the index is written with the site, one per language, and reads
//! as `search.js` reads it (pairs of Chinese characters, completed words,
//! filters); the search pages exist in both languages and both variants and
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

/// `(name, value)` pairs of the `data-index-<kind>` spans of a page.
fn pairs(doc: &Html, kind: &str) -> Vec<(String, String)> {
    attrs(
        doc,
        &format!("main span[hidden][data-index-{kind}]"),
        &format!("data-index-{kind}"),
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
    // Every page given to the index is a standard page marked data-index-body.
    let marked: Vec<String> = html_files(out)
        .into_iter()
        .filter(|f| !f.starts_with("care/"))
        .filter(|f| parse(out, f).select(&sel("main[data-index-body]")).next().is_some())
        .collect();
    assert_eq!(summary.indexed, marked.len());

    // One index per language, holding that language's pages only, each
    // recorded with its address and its <h1> as title.
    for (dir, prefixed) in [("zh", false), ("en", true)] {
        let ix = out.join("search-index").join(dir);
        let head = json(&ix.join("index.json"));
        let in_lang: Vec<&String> = marked.iter().filter(|f| f.starts_with("en/") == prefixed).collect();
        assert_eq!(
            head["docs"].as_u64().unwrap() as usize,
            in_lang.len(),
            "search-index/{dir}"
        );
        let mut names = files_in(&ix);
        names.sort();
        assert_eq!(
            names,
            ["docs", "filters", "index.json", "terms", "vocab"],
            "search-index/{dir}"
        );
        let recs = records(&ix);
        assert_eq!(recs.len(), in_lang.len());
        for r in &recs {
            let url = r["url"].as_str().unwrap();
            let file = format!("{}index.html", url.trim_start_matches('/'));
            assert!(in_lang.contains(&&file), "{url} is not a marked page of {dir}");
            let h1 = text_of(&parse(out, &file), "main h1");
            assert_eq!(
                r["title"].as_str().unwrap(),
                h1.split_whitespace().collect::<Vec<_>>().join(" "),
                "{url}"
            );
            assert!(!r["meta"]["type"].as_str().unwrap().is_empty(), "{url}");
        }
        let buckets = head["buckets"].as_u64().unwrap();
        for name in files_in(&ix.join("terms")) {
            let b: u64 = name.trim_end_matches(".json").parse().unwrap();
            assert!(b < buckets, "terms/{name}");
        }
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// Every record of an index, in page order.
fn records(ix: &Path) -> Vec<serde_json::Value> {
    let head = json(&ix.join("index.json"));
    let chunks = files_in(&ix.join("docs")).len();
    let out: Vec<serde_json::Value> = (0..chunks)
        .flat_map(|k| json(&ix.join(format!("docs/{k}.json"))).as_array().unwrap().clone())
        .collect();
    assert_eq!(out.len() as u64, head["docs"].as_u64().unwrap());
    out
}

/// Gap-coded numbers (`[gap, weight, gap, weight…]` when `step` is 2).
fn ungap(list: &serde_json::Value, step: usize) -> Vec<usize> {
    let mut doc = 0;
    list.as_array()
        .unwrap()
        .chunks(step)
        .map(|c| {
            doc += c[0].as_u64().unwrap() as usize;
            doc
        })
        .collect()
}

/// The pages holding `term`, read as `search.js` reads them.
fn pages_with(ix: &Path, term: &str) -> Vec<usize> {
    use gongkai::search::index::fnv;
    let head = json(&ix.join("index.json"));
    let b = fnv(term) as u64 % head["buckets"].as_u64().unwrap();
    let bucket = json(&ix.join(format!("terms/{b}.json")));
    ungap(&bucket[term], 2)
}

#[test]
fn the_shipped_index_finds_pages_by_word_completion_and_filter() {
    use gongkai::search::index::{file_key, fnv, prefix};
    let (out, _) = built(&shipped_root(), true);
    let zh = out.path().join("search-index/zh");
    let zh_records = records(&zh);
    let url = |d: &usize| zh_records[*d]["url"].as_str().unwrap().to_string();
    // 口袋公园: all its pairs are on the pocket-park projects' pages.
    let pairs: Vec<Vec<usize>> = ["口袋", "袋公", "公园"].iter().map(|t| pages_with(&zh, t)).collect();
    let both: Vec<String> = pairs[0]
        .iter()
        .filter(|d| pairs[1..].iter().all(|p| p.contains(d)))
        .map(url)
        .collect();
    for want in [
        "/plans/tangshan/2024/pocket-parks/",
        "/plans/xiongan/2023/pocket-parks/",
    ] {
        assert!(both.iter().any(|u| u == want), "{want} not in {both:?}");
    }
    // A lone character is completed from the vocabulary.
    let head = json(&zh.join("index.json"));
    let v = fnv("公") as u64 % head["vocab"].as_u64().unwrap();
    let vocab = json(&zh.join(format!("vocab/{v}.json")));
    assert!(
        vocab["公"].as_array().unwrap().iter().any(|t| t[0] == "公园"),
        "{}",
        vocab["公"]
    );
    assert_eq!(prefix("parks"), "pa");
    // English words are lower-cased; region filters include the regions above.
    let en = out.path().join("search-index/en");
    let en_records = records(&en);
    let hpv: Vec<&str> = pages_with(&en, "hpv")
        .iter()
        .map(|d| en_records[*d]["url"].as_str().unwrap())
        .collect();
    assert!(
        hpv.contains(&"/en/plans/tangshan/2024/free-hpv-vaccination/"),
        "{hpv:?}"
    );
    let guangdong = json(&zh.join(format!("filters/region/{}.json", file_key("guangdong"))));
    let in_guangdong: Vec<String> = ungap(&guangdong, 1).iter().map(url).collect();
    assert!(!in_guangdong.is_empty());
    assert!(
        in_guangdong
            .iter()
            .all(|u| ["zengcheng", "guangzhou", "guangdong"].iter().any(|r| u.contains(r))),
        "{in_guangdong:?}"
    );
}

#[test]
fn without_search_no_index_is_written_and_the_page_still_explains() {
    let (out, summary) = built(&fixture("minimal"), false);
    assert_eq!(summary.indexed, 0);
    assert!(!out.path().join("search-index").exists());
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
            [format!("/sub/search-index/{code}/")]
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
    assert!(zh.select(&sel("main[data-index-body]")).next().is_some());
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
        assert!(doc.select(&sel("[data-index-body]")).next().is_none(), "{rel} indexed");
        assert!(pairs(&doc, "filter").is_empty(), "{rel} has filters");
    }
    // The English source page is the Chinese document: not in the English index.
    assert!(parse(out, "plans/alpha/2023/source/index.html")
        .select(&sel("main[data-index-body]"))
        .next()
        .is_some());
    assert!(parse(out, "en/plans/alpha/2023/source/index.html")
        .select(&sel("main[data-index-body]"))
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
    assert!(attrs(&fengrun, "section[aria-labelledby=projects-h]", "data-index-ignore").len() == 1);
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
