//! Open data: the site's content as files for spreadsheets and programs,
//! written once (not per language), both languages in each file.
//!
//! - `data/` (beside the `/data/` page that explains it): the whole site;
//! - `plans/<region>/<year>/data/`: one plan.
//!
//! Each folder is a Frictionless Data Package: `plans.json` (everything,
//! with progress reports; [`json`]), `projects.csv` and `targets.csv`
//! ([`tables`]), the progress tables `progress.zh.csv` and
//! `progress.en.csv` (the `progress.csv` linked from the pages of each
//! language, listed here too so the package is self-contained: one file
//! under both paths, hard linked by the build), `plans.schema.json` (JSON
//! Schema of `plans.json`, one file linked into every folder) and `datapackage.json`
//! describing them all ([`package`]). Every CSV is UTF-8 with a byte-order
//! mark and goes through [`crate::render::csv::CsvFile`].

pub mod json;
mod package;
pub mod page;
mod shares;
pub mod tables;

use super::strings::Strings;
use super::FileSink;
use crate::derive::{lang_prefix, paths, SiteMap};
use crate::model::*;

/// A column of a CSV file: its name and Table Schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// `string`, `integer` or `number`.
    pub kind: &'static str,
}

/// What a file of a data folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Plans,
    Projects,
    Targets,
    ProgressZh,
    ProgressEn,
    Schema,
    Package,
}

impl Content {
    /// Every file of a data folder, in the order they are listed.
    pub const ALL: [Content; 7] = [
        Content::Plans,
        Content::Projects,
        Content::Targets,
        Content::ProgressZh,
        Content::ProgressEn,
        Content::Schema,
        Content::Package,
    ];

    pub fn file(self) -> &'static str {
        match self {
            Content::Plans => "plans.json",
            Content::Projects => "projects.csv",
            Content::Targets => "targets.csv",
            Content::ProgressZh => "progress.zh.csv",
            Content::ProgressEn => "progress.en.csv",
            Content::Schema => "plans.schema.json",
            Content::Package => "datapackage.json",
        }
    }

    /// The resource name in `datapackage.json`, and the UI-string key
    /// (`data.file.<key>`) of its description.
    pub fn key(self) -> &'static str {
        match self {
            Content::Plans => "plans",
            Content::Projects => "projects",
            Content::Targets => "targets",
            Content::ProgressZh => "progress-zh",
            Content::ProgressEn => "progress-en",
            Content::Schema => "plans-schema",
            Content::Package => "datapackage",
        }
    }

    /// The columns of a CSV file; empty for JSON.
    pub fn columns(self) -> Vec<Column> {
        match self {
            Content::Projects => tables::PROJECT_COLUMNS.to_vec(),
            Content::Targets => tables::TARGET_COLUMNS.to_vec(),
            Content::ProgressZh | Content::ProgressEn => progress_columns(),
            _ => Vec::new(),
        }
    }

    pub fn is_csv(self) -> bool {
        self.file().ends_with(".csv")
    }
}

/// The columns of the progress CSV files ([`crate::render::csv::PROGRESS_COLUMNS`]).
pub fn progress_columns() -> Vec<Column> {
    super::csv::PROGRESS_COLUMNS
        .iter()
        .map(|&name| Column {
            name,
            kind: match name {
                "target_value" | "value" | "percent_printed" | "percent_computed" => "number",
                _ => "string",
            },
        })
        .collect()
}

/// The files of a data folder: progress tables only when there is progress
/// to list (the site's folder always has them, like `plans/progress.csv`).
pub fn contents(model: &Model, plan: Option<PlanIdx>) -> Vec<Content> {
    let progress = match plan {
        Some(p) => !model.plans[p].reports.is_empty(),
        None => true,
    };
    Content::ALL
        .into_iter()
        .filter(|c| progress || !matches!(c, Content::ProgressZh | Content::ProgressEn))
        .collect()
}

/// The folder (below the site root) of the data of `plan`, or of the site.
pub fn folder(model: &Model, plan: Option<PlanIdx>) -> String {
    match plan {
        Some(p) => paths::plan_data(model, p),
        None => paths::SITE_DATA.to_string(),
    }
}

/// A column's description in `lang`: `data.col.<name>`, or for a `_zh` /
/// `_en` pair, the description of its base name and the language's note.
pub fn column_description(strings: &Strings, lang: Lang, name: &str) -> String {
    for (suffix, note) in [("_zh", "data.col_lang_zh"), ("_en", "data.col_lang_en")] {
        if let Some(base) = name.strip_suffix(suffix) {
            return format!(
                "{}{}",
                strings.get(lang, &format!("data.col.{base}")),
                strings.get(lang, note)
            );
        }
    }
    strings.get(lang, &format!("data.col.{name}")).to_string()
}

/// Every open-data file of the site: the site's folder and each plan's.
pub fn files(model: &Model, map: &SiteMap, strings: &Strings) -> Vec<(String, Vec<u8>)> {
    super::collect(|sink| files_each(model, map, strings, sink)).expect("collecting cannot fail")
}

/// Plans whose shares are made together, on every core, before they join
/// the site's files: enough to keep both busy, few enough that the shares
/// held are a small part of the site (at 100,000 projects, 5,000 plans).
const BATCH: usize = 64;

/// [`files`], handed to `sink` as they are made: each plan's folder, the
/// site's (joined from the plans' shares, see [`shares`]), then the JSON
/// Schema they all carry (one file, the other folders' copies hard linked
/// where the output allows).
pub fn files_each(model: &Model, map: &SiteMap, strings: &Strings, sink: FileSink) -> crate::error::Result<()> {
    use rayon::prelude::*;
    let plans = &map.indexes.plans_in_tree_order;
    let maker = shares::Maker::new(model, map, strings);
    let site = |c: Content| format!("{}{}", paths::SITE_DATA, c.file());
    let streamed = [Content::Plans, Content::Projects, Content::Targets];
    // A plan folder's error, kept whole while the streams are told to stop.
    let mut failed = None;
    let mut progress = None;
    let facts = sink.streams(streamed.iter().map(|&c| site(c)).collect(), &mut |out| {
        let mut joined = shares::Site::start(&maker.frames, out)?;
        for batch in plans.chunks(BATCH) {
            let made: crate::error::Result<Vec<_>> = batch.par_iter().map(|&p| maker.plan_folder(p, sink)).collect();
            let made = made.map_err(|e| {
                failed = Some(e);
                std::io::Error::other("a plan's data folder failed")
            })?;
            for share in &made {
                joined.add(share, out)?;
            }
        }
        joined.end(&maker.frames, out)?;
        progress = Some(joined.progress);
        Ok(())
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let mut facts: Vec<(Content, usize, String)> = streamed
        .into_iter()
        .zip(facts?)
        .map(|(c, (size, sha))| (c, size, sha))
        .collect();
    let [zh, en] = progress.expect("the streams ran to their end");
    for (c, lang, bytes) in [(Content::ProgressZh, Lang::Zh, zh), (Content::ProgressEn, Lang::En, en)] {
        // Also the `progress.csv` linked from the pages of its language.
        let linked = format!("{}plans/progress.csv", lang_prefix(lang));
        let (size, sha) = sink.put_copies(vec![site(c), linked], bytes)?;
        facts.push((c, size, sha));
    }
    let (size, sha) = json::schema_facts();
    facts.push((Content::Schema, size, sha));
    let package = package::datapackage(model, map, strings, None, &facts);
    sink.put(vec![(site(Content::Package), package)])?;
    let schemas = std::iter::once(None)
        .chain(plans.iter().copied().map(Some))
        .map(|p| format!("{}{}", folder(model, p), Content::Schema.file()))
        .collect();
    sink.put_copies(schemas, json::schema_json().to_vec()).map(drop)
}
