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
pub mod tables;

use super::strings::Strings;
use super::view::Ctx;
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

/// [`files`], handed to `sink` folder by folder: the whole site's folder
/// alongside the plans', then the JSON Schema they all carry (one file,
/// the other folders' copies hard linked where the output allows).
pub fn files_each(model: &Model, map: &SiteMap, strings: &Strings, sink: FileSink) -> crate::error::Result<()> {
    use rayon::prelude::*;
    let plans = &map.indexes.plans_in_tree_order;
    let (site, each) = rayon::join(
        || folder_files_each(model, map, strings, None, sink),
        || {
            plans
                .par_iter()
                .try_for_each(|&p| folder_files_each(model, map, strings, Some(p), sink))
        },
    );
    site.and(each)?;
    let schemas = std::iter::once(None)
        .chain(plans.iter().copied().map(Some))
        .map(|p| format!("{}{}", folder(model, p), Content::Schema.file()))
        .collect();
    sink.put_copies(schemas, json::schema_json().to_vec()).map(drop)
}

/// The files of one data folder (the site's when `plan` is `None`), each
/// handed to `sink` as it is made, then the folder's `datapackage.json`
/// with their sizes and hashes. The site's `plans.json` and tables grow
/// with the site: they are streamed, never held whole. Each progress table
/// is also the `progress.csv` linked from the pages of its language: one
/// file under both paths ([`crate::render::Output::put_copies`]). The
/// schema is added with every folder's by [`files_each`].
fn folder_files_each(
    model: &Model,
    map: &SiteMap,
    strings: &Strings,
    plan: Option<PlanIdx>,
    sink: FileSink,
) -> crate::error::Result<()> {
    let ctx = |lang| Ctx::new(model, map, strings, lang, false);
    let all = &map.indexes.plans_in_tree_order;
    let plans: Vec<PlanIdx> = plan.map(|p| vec![p]).unwrap_or_else(|| all.clone());
    let builder = json::Builder { model, map };
    let dir = folder(model, plan);
    let progress = |lang, path| -> crate::error::Result<(usize, String)> {
        let linked = match plan {
            Some(p) => paths::progress_csv(model, p),
            None => "plans/progress.csv".to_string(),
        };
        let bytes = super::csv::progress_csv(&ctx(lang), plan);
        sink.put_copies(vec![path, format!("{}{linked}", lang_prefix(lang))], bytes)
    };
    let mut facts = Vec::new();
    for c in contents(model, plan).into_iter() {
        let path = format!("{dir}{}", c.file());
        let (size, sha) = match c {
            Content::Plans => sink.stream(path, &mut |out| builder.write_file_json(out, &plans))?,
            Content::Projects => sink.stream(path, &mut |out| {
                tables::write_projects_csv(out, model, map, &plans).map(drop)
            })?,
            Content::Targets => sink.stream(path, &mut |out| {
                tables::write_targets_csv(out, model, map, &plans).map(drop)
            })?,
            Content::ProgressZh => progress(Lang::Zh, path)?,
            Content::ProgressEn => progress(Lang::En, path)?,
            Content::Schema => json::schema_facts(),
            Content::Package => continue,
        };
        facts.push((c, size, sha));
    }
    let package = package::datapackage(model, map, strings, plan, &facts);
    sink.put(vec![(format!("{dir}{}", Content::Package.file()), package)])
}
