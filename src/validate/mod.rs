//! Stage 2, **validate**: turn the raw files ([`crate::load`]) into the
//! immutable [`Model`], resolving every reference (region, parent, category,
//! program, metric, unit, derived plan) and collecting *all* mistakes of the
//! run as [`Diagnostic`]s with file, line, column, key path and hint.
//!
//! Vocabulary files (site, regions, categories, programs, units, agencies)
//! are checked here; plans and projects in [`plan`], and linked to each
//! other in [`link`]; progress reports in [`progress`]; the fidelity checks
//! that tie figures to source sentences in [`fidelity`]; the order of a
//! whole run, and validating plan by plan as they are parsed, in [`run`];
//! the preview's checks kept between edits in [`kept`].

mod fidelity;
mod kept;
mod link;
mod plan;
mod progress;
mod run;
mod vocab;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::error::{Diagnostic, Error, Pos, Result};
use crate::load::raw::*;
use crate::load::{Loaded, Parsed};
use crate::model::*;

pub use fidelity::{quote_mentions_value, squash};
pub use kept::{validate_kept, Checks, KeptOutcome, Warnings};
pub use run::{validate_all, validate_sources};
pub use vocab::is_government_url;
pub(crate) use vocab::Agencies;

/// A valid model and the warnings (not errors) found on the way.
#[derive(Debug)]
pub struct Validated {
    pub model: Model,
    pub warnings: Vec<Diagnostic>,
}

/// Validates everything; fails with every error found.
pub fn validate(loaded: &Loaded) -> Result<Validated> {
    validated(validate_all(loaded))
}

/// The model of `outcome`, or its errors.
pub fn validated(outcome: Outcome) -> Result<Validated> {
    match outcome.model {
        Some(model) => Ok(Validated {
            model,
            warnings: outcome.warnings,
        }),
        None => Err(Error::Content(outcome.errors)),
    }
}

/// Everything validation found: the model when there is no error, and
/// every error and warning (for `check`, which reports both).
#[derive(Debug)]
pub struct Outcome {
    pub model: Option<Model>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Drops what validation said about repaired lines of repaired files, and
/// their warnings: those come from the placeholders, not from the editor.
fn drop_artefacts(r: &mut Report, repaired: &crate::load::Repaired) {
    drop_repaired_errors(&mut r.errors, repaired);
    drop_repaired_warnings(&mut r.warnings, repaired);
}

/// The file key of a diagnostic, as [`crate::load::Repaired`] names files.
fn file_key(d: &Diagnostic) -> String {
    d.file.to_string_lossy().replace('\\', "/")
}

/// [`drop_artefacts`] for errors: those on a repaired line.
fn drop_repaired_errors(errors: &mut Vec<Diagnostic>, repaired: &crate::load::Repaired) {
    errors.retain(|d| {
        !repaired
            .get(&file_key(d))
            .is_some_and(|lines| lines.contains(&d.pos.line))
    });
}

/// [`drop_artefacts`] for warnings: every one of a repaired file.
fn drop_repaired_warnings(warnings: &mut Vec<Diagnostic>, repaired: &crate::load::Repaired) {
    if !repaired.is_empty() {
        warnings.retain(|d| !repaired.contains_key(&file_key(d)));
    }
}

/// Errors and warnings collected during one validation run.
#[derive(Debug, Default, Clone)]
pub(crate) struct Report {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Files that failed to parse (see [`Loaded::failed`]).
    pub failed: std::collections::BTreeSet<String>,
    /// The glossary, against which every English text is checked.
    pub terms: Arc<Vec<vocab::Term>>,
}

impl Report {
    fn new(loaded: &Loaded) -> Report {
        Report {
            failed: loaded.failed.clone(),
            ..Report::default()
        }
    }

    /// An empty report that knows what this one knows (the failed files
    /// and the glossary): one plan's, checked on its own thread.
    fn child(&self) -> Report {
        Report {
            errors: Vec::new(),
            warnings: Vec::new(),
            failed: self.failed.clone(),
            terms: self.terms.clone(),
        }
    }

    /// Whether an unknown `what` called `id` is only a consequence of a file
    /// that failed to parse (its error is reported already).
    pub fn is_consequence(&self, what: &str, id: &str) -> bool {
        let file = match what {
            "region" => "content/regions.yaml".to_string(),
            "category" => "content/categories.yaml".to_string(),
            "program" | "metric" => "content/programs.yaml".to_string(),
            "unit" => "content/units.yaml".to_string(),
            "plan" => format!("content/plans/{id}/plan.yaml"),
            _ => return false,
        };
        self.failed.contains(&file)
    }

    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }
    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }
}

pub(crate) fn pos<T>(s: &S<T>) -> Pos {
    Pos::new(s.referenced.line(), s.referenced.column())
}

/// Id lookups for references.
pub(crate) struct Vocab {
    pub regions: HashMap<String, usize>,
    pub categories: HashMap<String, usize>,
    pub units: HashMap<String, usize>,
}

impl Vocab {
    fn new(regions: &[Region], categories: &[Category], units: &[Unit]) -> Self {
        let index = |ids: Vec<&String>| ids.into_iter().enumerate().map(|(i, s)| (s.clone(), i)).collect();
        Vocab {
            regions: index(regions.iter().map(|r| &r.id).collect()),
            categories: index(categories.iter().map(|c| &c.id).collect()),
            units: index(units.iter().map(|u| &u.id).collect()),
        }
    }
}

/// Resolves a reference `s` in `table`, reporting an unknown id with a
/// "did you mean" hint. `what` names the kind (`region`, `unit`).
pub(crate) fn resolve(
    r: &mut Report,
    file: &Path,
    key: &str,
    s: &S<String>,
    table: &HashMap<String, usize>,
    what: &str,
) -> Option<usize> {
    if let Some(&i) = table.get(s.value.as_str()) {
        return Some(i);
    }
    if r.is_consequence(what, &s.value) {
        return None;
    }
    let best = table
        .keys()
        .map(|k| (strsim::levenshtein(k, &s.value), k))
        .filter(|(d, _)| *d <= 3)
        .min();
    let hint = match best {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!("use the id of a {what} defined in its file ({} known)", table.len()),
    };
    r.error(Diagnostic::new(file, pos(s), key, format!("unknown {what} `{}`", s.value)).hint(hint));
    None
}

/// Checks an id's form: lower-case ASCII letters, digits and `-`.
pub(crate) fn check_id(r: &mut Report, file: &Path, key: &str, s: &S<String>) {
    let v = &s.value;
    let ok = !v.is_empty()
        && !v.starts_with('-')
        && !v.ends_with('-')
        && v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        r.error(
            Diagnostic::new(file, pos(s), key, format!("`{v}` is not a valid id"))
                .hint("ids are ASCII slugs: lower-case letters, digits and `-`, such as `rural-roads`"),
        );
    }
}

/// Reports ids seen twice in a list.
pub(crate) fn check_unique<'a>(
    r: &mut Report,
    file: &Path,
    list: impl Iterator<Item = (String, &'a S<String>)>,
    what: &str,
) {
    let mut seen: HashMap<&str, Pos> = HashMap::new();
    for (key, s) in list {
        check_id(r, file, &key, s);
        if let Some(first) = seen.insert(&s.value, pos(s)) {
            r.error(
                Diagnostic::new(file, pos(s), key, format!("duplicate {what} id `{}`", s.value))
                    .hint(format!("already defined at line {}; ids must be unique", first.line)),
            );
        }
    }
}

/// Converts bilingual text, requiring non-empty Chinese.
pub(crate) fn text(r: &mut Report, file: &Path, key: &str, t: &RawText) -> Text {
    if t.zh.value.trim().is_empty() {
        r.error(
            Diagnostic::new(file, pos(&t.zh), format!("{key}.zh"), "Chinese text is empty")
                .hint("`zh` is required: write the text as published"),
        );
    }
    let en =
        t.en.as_ref()
            .map(|e| e.value.trim().to_string())
            .filter(|e| !e.is_empty());
    if let (Some(e), Some(raw)) = (&en, &t.en) {
        if !r.terms.is_empty() {
            vocab::check_terms(r, file, &format!("{key}.en"), &t.zh.value, e, pos(raw));
        }
    }
    Text {
        zh: t.zh.value.trim().to_string(),
        en,
    }
}

/// Parses a `YYYY-MM` / `YYYY-MM-DD` date.
pub(crate) fn date(r: &mut Report, file: &Path, key: &str, s: &S<String>) -> Option<PartialDate> {
    let d = PartialDate::parse(&s.value);
    if d.is_none() {
        r.error(
            Diagnostic::new(file, pos(s), key, format!("`{}` is not a date", s.value))
                .hint("write YYYY-MM-DD, or YYYY-MM when the source gives only a month"),
        );
    }
    d
}

/// Parses a keyword from a fixed list (`level`, `qualifier`, …).
/// An absolute http(s) URL, or an error at its place: no `javascript:`,
/// `data:` or relative address ever reaches a link on the site.
pub(crate) fn check_url(r: &mut Report, f: &Path, key: &str, u: &S<String>) -> String {
    let v = u.value.trim();
    let ok = (v.starts_with("https://") || v.starts_with("http://"))
        && v.len() > "https://".len()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
    if !ok {
        r.error(
            Diagnostic::new(f, pos(u), key, format!("`{v}` is not an http(s) URL"))
                .hint("write the full address starting with https://, without spaces or quotes"),
        );
    }
    v.to_string()
}

pub(crate) fn keyword<T: Copy>(r: &mut Report, file: &Path, key: &str, s: &S<String>, all: &[(&str, T)]) -> Option<T> {
    let found = all.iter().find(|(k, _)| *k == s.value).map(|(_, v)| *v);
    if found.is_none() {
        let list: Vec<&str> = all.iter().map(|(k, _)| *k).collect();
        r.error(
            Diagnostic::new(file, pos(s), key, format!("unknown value `{}`", s.value))
                .hint(format!("use one of: {}", list.join(", "))),
        );
    }
    found
}

fn site(r: &mut Report, p: &Parsed<RawSite>) -> Site {
    let f = &p.file;
    let s = &p.value;
    let mut base_url = s.base_url.value.trim().to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        r.error(
            Diagnostic::new(
                f,
                pos(&s.base_url),
                "base_url",
                format!("`{base_url}` is not an absolute URL"),
            )
            .hint("write the full address, e.g. https://example.gov.cn/minsheng/"),
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    if let Some(langs) = &s.languages {
        if langs.value != ["zh", "en"] {
            r.error(
                Diagnostic::new(f, pos(langs), "languages", "unsupported languages")
                    .hint("gongkai publishes Simplified Chinese at / and English under /en/: write [zh, en]"),
            );
        }
    }
    let pb = s.publisher.as_ref();
    let opt_text = |r: &mut Report, key: &str, t: Option<&RawText>| t.map(|t| text(r, f, key, t));
    let publisher = Publisher {
        sponsor: opt_text(r, "publisher.sponsor", pb.and_then(|p| p.sponsor.as_ref())),
        contact: opt_text(r, "publisher.contact", pb.and_then(|p| p.contact.as_ref())),
        icp: pb.and_then(|p| p.icp.clone()),
        police_filing: pb.and_then(|p| p.police_filing.clone()),
        site_code: pb.and_then(|p| p.site_code.clone()),
    };
    Site {
        title: text(r, f, "title", &s.title),
        description: text(r, f, "description", &s.description),
        base_url,
        publisher,
        care_mode: s.care_mode.unwrap_or(true),
        data_licence: s.data_licence.as_ref().map(|l| Licence {
            name: text(
                r,
                f,
                "data_licence",
                &RawText {
                    zh: l.zh.clone(),
                    en: l.en.clone(),
                },
            ),
            url: l.url.as_ref().map(|u| check_url(r, f, "data_licence.url", u)),
        }),
    }
}

fn regions(r: &mut Report, p: &Parsed<Vec<RawRegion>>) -> Vec<Region> {
    let f = &p.file;
    let raw = &p.value;
    check_unique(
        r,
        f,
        raw.iter().enumerate().map(|(i, x)| (format!("[{i}].id"), &x.id)),
        "region",
    );
    // Sort by id so output order never depends on file order.
    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| raw[a].id.value.cmp(&raw[b].id.value));
    let index: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (raw[old].id.value.clone(), new))
        .collect();
    let mut out: Vec<Region> = order
        .iter()
        .map(|&i| {
            let x = &raw[i];
            let key = format!("[{i}]");
            Region {
                id: x.id.value.clone(),
                name: text(r, f, &format!("{key}.name"), &x.name),
                level: keyword(r, f, &format!("{key}.level"), &x.level, &Level::ALL).unwrap_or(Level::Province),
                parent: x
                    .parent
                    .as_ref()
                    .and_then(|s| resolve(r, f, &format!("{key}.parent"), s, &index, "region")),
                population: x
                    .population
                    .as_ref()
                    .map(|pp| population(r, f, &format!("{key}.population"), pp)),
            }
        })
        .collect();
    // A parent chain that loops would make the region tree infinite.
    for (new, &old) in order.iter().enumerate() {
        let mut seen = vec![new];
        let mut cur = out[new].parent;
        while let Some(c) = cur {
            if seen.contains(&c) {
                let s = raw[old].parent.as_ref().expect("a cycle has a parent");
                r.error(
                    Diagnostic::new(f, pos(s), format!("[{old}].parent"), "regions form a cycle of parents")
                        .hint("a region cannot be its own ancestor"),
                );
                out[new].parent = None;
                break;
            }
            seen.push(c);
            cur = out[c].parent;
        }
    }
    out
}

fn population(r: &mut Report, f: &Path, key: &str, p: &RawPopulation) -> Population {
    if p.value.value.is_nan() || p.value.value <= 0.0 {
        r.error(
            Diagnostic::new(
                f,
                pos(&p.value),
                format!("{key}.value"),
                "population must be a positive number",
            )
            .hint("leave `population` out when no citable figure is known"),
        );
    }
    if !(1949..=2100).contains(&p.year.value) {
        r.error(
            Diagnostic::new(f, pos(&p.year), format!("{key}.year"), "implausible year")
                .hint("write the year the figure refers to"),
        );
    }
    if p.url.is_none() {
        r.warn(
            Diagnostic::new(
                f,
                pos(&p.year),
                format!("{key}.url"),
                "a population figure without the URL of its source",
            )
            .hint("add `url:` of the statistical communiqué (or the report quoting it), or leave `population` out"),
        );
    }
    Population {
        value: p.value.value,
        year: p.year.value,
        source: text(r, f, &format!("{key}.source"), &p.source),
        url: p.url.as_ref().map(|u| check_url(r, f, &format!("{key}.url"), u)),
    }
}

fn categories(r: &mut Report, p: &Parsed<Vec<RawCategory>>) -> Vec<Category> {
    let f = &p.file;
    check_unique(
        r,
        f,
        p.value.iter().enumerate().map(|(i, x)| (format!("[{i}].id"), &x.id)),
        "category",
    );
    p.value
        .iter()
        .enumerate()
        .map(|(i, c)| Category {
            id: c.id.value.clone(),
            name: text(r, f, &format!("[{i}].name"), &c.name),
            description: c
                .description
                .as_ref()
                .map(|d| text(r, f, &format!("[{i}].description"), d)),
        })
        .collect()
}

fn programs(r: &mut Report, p: &Parsed<Vec<RawProgram>>, v: &Vocab, units: &[Unit]) -> Vec<Program> {
    let f = &p.file;
    check_unique(
        r,
        f,
        p.value.iter().enumerate().map(|(i, x)| (format!("[{i}].id"), &x.id)),
        "program",
    );
    p.value
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let key = format!("[{i}]");
            check_unique(
                r,
                f,
                x.metrics
                    .iter()
                    .enumerate()
                    .map(|(j, m)| (format!("{key}.metrics[{j}].id"), &m.id)),
                "metric",
            );
            let metrics = x
                .metrics
                .iter()
                .enumerate()
                .map(|(j, m)| {
                    let k = format!("{key}.metrics[{j}]");
                    let name = text(r, f, &format!("{k}.name"), &m.name);
                    let unit = resolve(r, f, &format!("{k}.unit"), &m.unit, &v.units, "unit").unwrap_or(0);
                    let label = name.en.clone().unwrap_or_default();
                    vocab::check_generic(r, f, &format!("{k}.unit"), pos(&m.unit), units, unit, &label);
                    Metric {
                        id: m.id.value.clone(),
                        name,
                        unit,
                        not_additive: m
                            .not_additive
                            .as_ref()
                            .and_then(|x| vocab::not_additive(r, f, &format!("{k}.not_additive"), x)),
                    }
                })
                .collect();
            Program {
                id: x.id.value.clone(),
                name: text(r, f, &format!("{key}.name"), &x.name),
                category: resolve(r, f, &format!("{key}.category"), &x.category, &v.categories, "category")
                    .unwrap_or(0),
                description: x
                    .description
                    .as_ref()
                    .map(|d| text(r, f, &format!("{key}.description"), d)),
                metrics,
            }
        })
        .collect()
}
