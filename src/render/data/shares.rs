//! The files that grow with the site (`plans.json`, `projects.csv`,
//! `targets.csv`, the progress tables) made once per plan: each plan's
//! share of them ([`Share`]) is its own folder's file between a head and
//! a tail ([`Frames`]), and the site's file is every share in tree order
//! between the same head and tail. So each plan is serialised once, for
//! both, and the site's files are made on every core, a batch of plans at
//! a time, rather than by one thread going through every plan again.

use std::io::Write;

use super::{folder, json, package, tables, Content};
use crate::derive::{lang_prefix, paths, SiteMap};
use crate::error::{Error, Result};
use crate::model::*;
use crate::render::csv;
use crate::render::strings::Strings;
use crate::render::view::Ctx;
use crate::render::FileSink;

/// One plan's part of each growing file: its object in the `plans` array
/// (compact JSON), and its rows of each table (no byte-order mark, no
/// header), the progress tables per language (zh, en).
pub struct Share {
    json: Vec<u8>,
    projects: Vec<u8>,
    targets: Vec<u8>,
    progress: [Vec<u8>; 2],
}

/// What each growing file holds around its shares.
pub struct Frames {
    /// `plans.json` up to its first plan, and after its last.
    json: (Vec<u8>, Vec<u8>),
    /// Each table's byte-order mark and header row.
    projects: Vec<u8>,
    targets: Vec<u8>,
    progress: Vec<u8>,
}

/// Makes the shares and the data folders of plans.
pub struct Maker<'a> {
    pub model: &'a Model,
    pub map: &'a SiteMap,
    pub strings: &'a Strings,
    pub frames: Frames,
}

impl<'a> Maker<'a> {
    pub fn new(model: &'a Model, map: &'a SiteMap, strings: &'a Strings) -> Maker<'a> {
        let builder = json::Builder { model, map };
        let frames = Frames {
            json: builder.frame(),
            projects: tables::projects_head(),
            targets: tables::targets_head(),
            progress: csv::head(&csv::PROGRESS_COLUMNS),
        };
        Maker {
            model,
            map,
            strings,
            frames,
        }
    }

    /// Plan `p`'s share of every growing file.
    fn share(&self, p: PlanIdx) -> std::io::Result<Share> {
        let (model, map) = (self.model, self.map);
        let progress = |lang| csv::plan_progress_rows(&Ctx::new(model, map, self.strings, lang, false), p);
        Ok(Share {
            json: json::Builder { model, map }.plan_json(p)?,
            projects: tables::plan_project_rows(model, map, p)?,
            targets: tables::plan_target_rows(model, map, p)?,
            progress: [progress(Lang::Zh)?, progress(Lang::En)?],
        })
    }

    /// Writes plan `p`'s data folder (all but the JSON Schema, which
    /// [`super::files_each`] links into every folder) and returns its
    /// share, for the site's files.
    pub fn plan_folder(&self, p: PlanIdx, sink: FileSink) -> Result<Share> {
        let model = self.model;
        let dir = folder(model, Some(p));
        let share = self.share(p).map_err(|e| Error::Template {
            name: dir.clone(),
            message: e.to_string(),
        })?;
        let f = &self.frames;
        let one = |c: Content, bytes: Vec<u8>| sink.put_copies(vec![format!("{dir}{}", c.file())], bytes);
        let mut facts = vec![
            (
                Content::Plans,
                one(Content::Plans, [&f.json.0[..], &share.json, &f.json.1].concat())?,
            ),
            (
                Content::Projects,
                one(Content::Projects, [&f.projects[..], &share.projects].concat())?,
            ),
            (
                Content::Targets,
                one(Content::Targets, [&f.targets[..], &share.targets].concat())?,
            ),
        ];
        if !model.plans[p].reports.is_empty() {
            for (c, lang, rows) in [
                (Content::ProgressZh, Lang::Zh, &share.progress[0]),
                (Content::ProgressEn, Lang::En, &share.progress[1]),
            ] {
                // Also the `progress.csv` linked from the plan's pages.
                let linked = format!("{}{}", lang_prefix(lang), paths::progress_csv(model, p));
                let bytes = [&f.progress[..], rows].concat();
                facts.push((c, sink.put_copies(vec![format!("{dir}{}", c.file()), linked], bytes)?));
            }
        }
        facts.push((Content::Schema, json::schema_facts()));
        let facts: Vec<_> = facts.into_iter().map(|(c, (size, sha))| (c, size, sha)).collect();
        let package = package::datapackage(model, self.map, self.strings, Some(p), &facts);
        sink.put(vec![(format!("{dir}{}", Content::Package.file()), package)])?;
        Ok(share)
    }
}

/// The site's growing files as they are joined from the plans' shares:
/// the first three streamed to their writers, the progress tables (a few
/// percent of the data) gathered in memory.
pub struct Site {
    /// Whether a plan has been written into `plans.json` yet.
    started: bool,
    pub progress: [Vec<u8>; 2],
}

impl Site {
    /// Writes the heads of the streamed files into `out` (`plans.json`,
    /// `projects.csv`, `targets.csv`).
    pub fn start(frames: &Frames, out: &mut [&mut (dyn Write + Send)]) -> std::io::Result<Site> {
        out[0].write_all(&frames.json.0)?;
        out[1].write_all(&frames.projects)?;
        out[2].write_all(&frames.targets)?;
        Ok(Site {
            started: false,
            progress: [frames.progress.clone(), frames.progress.clone()],
        })
    }

    /// Adds the next plan's share.
    pub fn add(&mut self, share: &Share, out: &mut [&mut (dyn Write + Send)]) -> std::io::Result<()> {
        if self.started {
            out[0].write_all(b",")?;
        }
        self.started = true;
        out[0].write_all(&share.json)?;
        out[1].write_all(&share.projects)?;
        out[2].write_all(&share.targets)?;
        for (file, rows) in self.progress.iter_mut().zip(&share.progress) {
            file.extend_from_slice(rows);
        }
        Ok(())
    }

    /// Ends the streamed files.
    pub fn end(&self, frames: &Frames, out: &mut [&mut (dyn Write + Send)]) -> std::io::Result<()> {
        out[0].write_all(&frames.json.1)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// On the shipped plans (which have progress reports): the site's files
    /// joined from the plans' shares, and each plan's, are byte for byte
    /// the files made whole from the same plans.
    #[test]
    fn joined_files_are_the_files_made_whole() {
        let (model, theme, map) = super::super::shipped();
        let files: BTreeMap<String, Vec<u8>> = super::super::files(&model, &map, &theme.strings).into_iter().collect();
        let all = &map.indexes.plans_in_tree_order;
        let builder = json::Builder {
            model: &model,
            map: &map,
        };
        let mut progress_compared = 0;
        for plan in std::iter::once(None).chain(all.iter().map(|&p| Some(p))) {
            let plans: Vec<PlanIdx> = plan.map(|p| vec![p]).unwrap_or_else(|| all.clone());
            let dir = folder(&model, plan);
            let file = |c: Content| {
                let path = format!("{dir}{}", c.file());
                String::from_utf8(files.get(&path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
            };
            let whole = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
            assert_eq!(file(Content::Plans), whole(builder.file_json(&plans)));
            assert_eq!(
                file(Content::Projects),
                whole(tables::projects_csv(&model, &map, &plans))
            );
            assert_eq!(file(Content::Targets), whole(tables::targets_csv(&model, &map, &plans)));
            if plan.is_none_or(|p| !model.plans[p].reports.is_empty()) {
                for (c, lang) in [(Content::ProgressZh, Lang::Zh), (Content::ProgressEn, Lang::En)] {
                    let ctx = Ctx::new(&model, &map, &theme.strings, lang, false);
                    let made = whole(csv::progress_csv(&ctx, plan));
                    if plan.is_none() {
                        assert!(made.lines().count() > 1, "the shipped plans report progress");
                    }
                    assert_eq!(file(c), made);
                    progress_compared += 1;
                }
            }
        }
        assert!(progress_compared > 2, "the site's and at least one plan's progress");
    }
}
