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
/// where the output allows). While one batch of shares is joined to the
/// site's files (one writer each, so one thread), the next batch is made
/// on the other cores.
pub fn files_each(model: &Model, map: &SiteMap, strings: &Strings, sink: FileSink) -> crate::error::Result<()> {
    files_in_batches(model, map, strings, sink, BATCH)
}

/// [`files_each`], making the shares of `batch` plans at a time.
fn files_in_batches(
    model: &Model,
    map: &SiteMap,
    strings: &Strings,
    sink: FileSink,
    batch: usize,
) -> crate::error::Result<()> {
    use rayon::prelude::*;
    let plans = &map.indexes.plans_in_tree_order;
    let maker = shares::Maker::new(model, map, strings);
    let site = |c: Content| format!("{}{}", paths::SITE_DATA, c.file());
    let streamed = [Content::Plans, Content::Projects, Content::Targets];
    let make = |chunk: &[PlanIdx]| -> crate::error::Result<Vec<shares::Share>> {
        chunk.par_iter().map(|&p| maker.plan_folder(p, sink)).collect()
    };
    // A plan folder's error, kept whole while the streams are told to stop.
    let mut failed = None;
    let mut progress = None;
    let facts = sink.streams(streamed.iter().map(|&c| site(c)).collect(), &mut |out| {
        let mut stop = |e| {
            failed = Some(e);
            std::io::Error::other("a plan's data folder failed")
        };
        let mut joined = shares::Site::start(&maker.frames, out)?;
        let mut batches = plans.chunks(batch);
        let mut made = batches.next().map(make).transpose().map_err(&mut stop)?;
        while let Some(shares) = made {
            let next = batches.next();
            let (added, next) = rayon::join(
                || shares.iter().try_for_each(|share| joined.add(share, out)),
                || next.map(make).transpose(),
            );
            added?;
            made = next.map_err(&mut stop)?;
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

/// The shipped site's model, theme and site map, for the tests of the
/// data files.
#[cfg(test)]
fn shipped() -> (Model, crate::theme::Theme, SiteMap) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = crate::load::SourceSet::read_dir(root).unwrap();
    let model = crate::build::validate_sources(&sources).unwrap().model;
    let theme = crate::theme::Theme::resolve(&sources).unwrap();
    let map = SiteMap::new(&model, &model.site.base_url);
    (model, theme, map)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Joining a batch of shares while the next is made gives the same
    /// files, whatever the batch: the shipped plans one and two at a time
    /// (every batch but one overlaps another) and all at once.
    #[test]
    fn the_files_do_not_depend_on_the_batch() {
        let (model, theme, map) = shipped();
        let made = |batch| -> BTreeMap<String, Vec<u8>> {
            super::super::collect(|sink| files_in_batches(&model, &map, &theme.strings, sink, batch))
                .unwrap()
                .into_iter()
                .collect()
        };
        let whole = made(BATCH);
        assert!(
            map.indexes.plans_in_tree_order.len() > 2,
            "several batches of one and of two"
        );
        assert!(whole.contains_key("data/plans.json"));
        for batch in [1, 2] {
            assert_eq!(made(batch), whole, "batches of {batch}");
        }
    }

    /// A plan folder that cannot be written, in a batch made while another
    /// is joined, fails the whole with its own error, not the streams'.
    #[test]
    fn a_plan_folder_error_is_kept_whole() {
        let (model, theme, map) = shipped();
        let third = folder(&model, Some(map.indexes.plans_in_tree_order[2]));
        let sink = |files: Vec<(String, Vec<u8>)>| -> crate::error::Result<()> {
            match files.iter().find(|(path, _)| path.starts_with(&third)) {
                Some((path, _)) => Err(crate::error::Error::Usage(format!("no room for {path}"))),
                None => Ok(()),
            }
        };
        let err = files_in_batches(&model, &map, &theme.strings, &sink, 1).unwrap_err();
        match err {
            crate::error::Error::Usage(message) => assert!(message.starts_with(&format!("no room for {third}"))),
            other => panic!("the plan folder's own error, not {other}"),
        }
    }
}
