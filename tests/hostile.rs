//! A security test corpus: hostile strings (script tags, event handlers,
//! `javascript:` and `data:` URLs, SVG with onload, entities that decode to
//! tags, CSS `url(javascript:)`, bidi overrides, NUL, an over-long string)
//! are put into every text field of a fixture site, and the parsed output
//! must contain nothing that can run script. Hostile URLs are rejected by
//! `check` with their file, line and column.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use scraper::Html;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\"><svg onload=alert(3)>",
    "<a href=\"javascript:alert(4)\">x</a>",
    "javascript:alert(5)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==",
    "&lt;script&gt;alert(7)&lt;/script&gt;",
    "<div style=\"background:url(javascript:alert(8))\">",
    "'; alert(9); //",
    "{{ 7*7 }} {% raw %}",
    "\u{202e}evil\u{202c}",
    "nul\u{0}byte",
    "<iframe src=//evil.example>",
];

/// Every payload in one string, YAML double-quoted (NUL and bidi escaped).
fn hostile(tag: &str) -> String {
    let raw = format!("{tag} {}", PAYLOADS.join(" "));
    let mut out = String::from("\"");
    for ch in raw.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) >= 0x202a && (c as u32) <= 0x202e => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The plain payload text as it should read on a page (NUL dropped).
fn plain(tag: &str) -> String {
    format!("{tag} {}", PAYLOADS.join(" "))
}

const PLAN: &str = "content/plans/alpha/2023/plan.yaml";

/// (file, text to replace, tag): the replacement is the hostile string.
const FIELDS: &[(&str, &str, &str)] = &[
    ("content/site.yaml", "民生工程公开（示例）", "site-title"),
    ("content/site.yaml", "A minimal site for tests.", "site-description"),
    ("content/site.yaml", "示例省发展和改革委员会", "sponsor"),
    ("content/regions.yaml", "Alpha Province}", "region-name}"),
    (
        "content/regions.yaml",
        "Alpha Statistical Communiqué 2022",
        "population-source",
    ),
    ("content/categories.yaml", "Housing}", "category}"),
    ("content/programs.yaml", "Rural roads}", "program}"),
    ("content/programs.yaml", "Units started}", "metric}"),
    ("content/units.yaml", "en: units", "unit"),
    (
        "content/agencies.yaml",
        "Alpha Provincial Department of Transport",
        "agency",
    ),
    (PLAN, "Alpha Province 2023 Livelihood Projects Plan}", "plan-title}"),
    (PLAN, "General Office of the Alpha Provincial Government}", "issuer}"),
    (PLAN, "Alpha Provincial Government website}", "source-name}"),
    (PLAN, "Shantytown renovation}", "project-name}"),
    (PLAN, "Start at least 120,000 units.", "summary"),
    (PLAN, "Over half started}", "milestone}"),
    (PLAN, "Repair every road that needs it}", "target-text}"),
    (PLAN, "number: （二）", "number"),
];

fn hostile_site() -> tempfile::TempDir {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    for (file, from, tag) in FIELDS {
        let (tag, close) = tag.strip_suffix('}').map(|t| (t, "}")).unwrap_or((tag, ""));
        let to = match from.split_once(": ") {
            Some((key, _)) if from.starts_with("en: ") || from.starts_with("number: ") => {
                format!("{key}: {}", hostile(tag))
            }
            _ => format!("{}{close}", hostile(tag)),
        };
        patch(root, file, from, &to);
    }
    // The source text, a quote and the item's wording carry the payload too.
    let src = root.join("content/plans/alpha/2023/source.zh.txt");
    let mut text = fs::read_to_string(&src).unwrap();
    text.push_str(&format!("\n{}\n", plain("quote")));
    fs::write(&src, text).unwrap();
    patch(
        root,
        PLAN,
        "quote: 实现应修尽修",
        &format!("quote: {}", hostile("quote")),
    );
    // Markdown prose, raw HTML included, and a UI string override.
    let md = format!(
        "{}\n\n[click](javascript:alert(10)) ![x](data:image/svg+xml,<svg/onload=alert(11)>)\n\n<script>alert(12)</script>\n",
        plain("intro")
    );
    fs::write(root.join("content/plans/alpha/2023/intro.en.md"), &md).unwrap();
    fs::write(root.join("content/plans/alpha/2023/intro.zh.md"), &md).unwrap();
    fs::create_dir_all(root.join("i18n")).unwrap();
    fs::write(root.join("i18n/en.yaml"), format!("nav.home: {}\n", hostile("i18n"))).unwrap();
    // An over-long name.
    patch(
        root,
        "content/categories.yaml",
        "Transport}",
        &format!("\"{}\"}}", "长".repeat(20_000)),
    );
    site
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
];

/// Every way the parsed page could run script.
fn script_risks(doc: &Html, file: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let v = el.value();
        let name = v.name();
        if matches!(name, "iframe" | "object" | "embed" | "base" | "frame") {
            out.push(format!("{file}: <{name}> element"));
        }
        if name == "script" {
            let own = v.attr("src").is_some_and(|s| s.ends_with("assets/sort.js"));
            if !own || !el.text().collect::<String>().trim().is_empty() {
                out.push(format!("{file}: script {:?}", el.html()));
            }
        }
        if name == "meta" && v.attr("http-equiv").is_some() {
            out.push(format!("{file}: meta http-equiv"));
        }
        for (attr, value) in v.attrs() {
            let squashed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr.to_ascii_lowercase().starts_with("on") {
                out.push(format!("{file}: event handler {attr}={value:?}"));
            }
            let is_url = URL_ATTRS.contains(&attr);
            if is_url
                && (squashed.starts_with("javascript:")
                    || squashed.starts_with("data:")
                    || squashed.starts_with("vbscript:"))
            {
                out.push(format!("{file}: {attr}={value:?}"));
            }
            if attr == "style" && squashed.contains("url(") {
                out.push(format!("{file}: style with url(): {value:?}"));
            }
        }
    }
    out
}

#[test]
fn hostile_text_never_becomes_script() {
    let site = hostile_site();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    build_to(site.path(), &out, None).expect("hostile text is still text: the site builds");
    let mut risks = Vec::new();
    let mut shown = 0;
    for rel in html_files(&out) {
        let html = fs::read_to_string(out.join(&rel)).unwrap();
        let doc = Html::parse_document(&html);
        risks.extend(script_risks(&doc, &rel));
        let text: String = doc.root_element().text().collect();
        if text.contains("<script>alert(1)</script>") {
            shown += 1;
        }
    }
    assert!(risks.is_empty(), "{risks:#?}");
    assert!(
        shown > 10,
        "hostile strings are shown as text, not dropped ({shown} pages)"
    );
    let project = parse(&out, "en/plans/alpha/2023/shantytowns/index.html");
    let title = text_of(&project, "h1");
    assert!(title.contains("project-name <script>alert(1)</script>"), "{title}");
    assert_csv_cells_are_inert(&out);
}

fn assert_csv_cells_are_inert(out: &Path) {
    let mut cells = 0;
    for e in walkdir::WalkDir::new(out).into_iter().map(|e| e.unwrap()) {
        if e.path().extension().is_none_or(|x| x != "csv") {
            continue;
        }
        let bytes = fs::read(e.path()).unwrap();
        let body = bytes
            .strip_prefix("\u{feff}".as_bytes())
            .expect("CSV starts with a BOM");
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                cells += 1;
                let first = cell.chars().next();
                let numeric = cell.parse::<f64>().is_ok();
                assert!(
                    numeric || !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                    "{}: cell {cell:?} could start a formula",
                    e.path().display()
                );
            }
        }
    }
    assert!(cells > 0, "the fixture writes CSV files");
}

#[test]
fn hostile_urls_are_rejected_with_their_location() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(
        root,
        PLAN,
        "url: https://www.example.gov.cn/plan-2023",
        "url: \"javascript:alert(1)\"",
    );
    patch(
        root,
        "content/regions.yaml",
        "    url: https://www.example.gov.cn/communique-2022\n",
        "    url: \"data:text/html,<script>alert(2)</script>\"\n",
    );
    let err = gongkai::check(root).expect_err("hostile URLs are errors");
    let d = err.diagnostics();
    let plan = d.iter().find(|d| d.file == Path::new(PLAN)).expect("plan error");
    assert_eq!((plan.pos.line, plan.key.as_str()), (7, "source.url"));
    assert!(plan.message.contains("is not an http(s) URL"), "{}", plan.message);
    let region = d
        .iter()
        .find(|d| d.file == Path::new("content/regions.yaml"))
        .expect("population URL error");
    assert_eq!((region.pos.line, region.key.as_str()), (8, "[0].population.url"));
}

#[test]
fn csv_cells_from_content_cannot_start_a_formula() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(
        root,
        PLAN,
        "en: Shantytown renovation}",
        "en: \"=HYPERLINK(\\\"http://evil.example/\\\",\\\"click\\\")\"}",
    );
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    build_to(root, &out, None).unwrap();
    let csv = fs::read(out.join("en/programs/shantytowns/shantytowns.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&csv[3..]);
    let header = r.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "project").unwrap();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[col], "'=HYPERLINK(\"http://evil.example/\",\"click\")");
    assert_csv_cells_are_inert(&out);
}
