//! `projects.csv` (one row per project) and `targets.csv` (one row per
//! target), both languages in one file: every human column comes as a
//! `_zh` and an `_en` column, the English empty while its translation is
//! pending (never a copy of the Chinese). Written through
//! [`CsvFile`], so text cells cannot start a spreadsheet formula. Column
//! names and order are part of the format: [`PROJECT_COLUMNS`] and
//! [`TARGET_COLUMNS`] are what `datapackage.json` and the `/data/` page
//! describe.

use std::io::Write;

use super::json::qualifier_id;
use super::Column;
use crate::derive::{paths, SiteMap};
use crate::model::*;
use crate::render::csv::{Cell, CsvFile};
use crate::render::format::trim;

const fn col(name: &'static str, kind: &'static str) -> Column {
    Column { name, kind }
}

/// Columns of `projects.csv`, in order.
pub const PROJECT_COLUMNS: [Column; 35] = [
    col("plan_id", "string"),
    col("project_id", "string"),
    col("number", "string"),
    col("region_id", "string"),
    col("region_zh", "string"),
    col("region_en", "string"),
    col("level", "string"),
    col("year", "integer"),
    col("section_id", "string"),
    col("section_zh", "string"),
    col("section_en", "string"),
    col("name_zh", "string"),
    col("name_en", "string"),
    col("category_id", "string"),
    col("category_zh", "string"),
    col("category_en", "string"),
    col("program_ids", "string"),
    col("summary_zh", "string"),
    col("summary_en", "string"),
    col("targets", "integer"),
    col("lead_units_zh", "string"),
    col("lead_units_en", "string"),
    col("responsible_units_zh", "string"),
    col("responsible_units_en", "string"),
    col("leaders_zh", "string"),
    col("leaders_en", "string"),
    col("caveat_zh", "string"),
    col("caveat_en", "string"),
    col("latest_report_id", "string"),
    col("latest_as_of", "string"),
    col("latest_status", "string"),
    col("latest_status_word", "string"),
    col("source_text", "string"),
    col("source_url", "string"),
    col("page_url", "string"),
];

/// Columns of `targets.csv`, in order.
pub const TARGET_COLUMNS: [Column; 23] = [
    col("plan_id", "string"),
    col("project_id", "string"),
    col("target_no", "integer"),
    col("region_id", "string"),
    col("year", "integer"),
    col("project_zh", "string"),
    col("project_en", "string"),
    col("program_id", "string"),
    col("metric_id", "string"),
    col("metric_zh", "string"),
    col("metric_en", "string"),
    col("text_zh", "string"),
    col("text_en", "string"),
    col("value", "number"),
    col("unit_id", "string"),
    col("unit_zh", "string"),
    col("unit_en", "string"),
    col("qualifier", "string"),
    col("responsible_units_zh", "string"),
    col("responsible_units_en", "string"),
    col("quote", "string"),
    col("source_url", "string"),
    col("page_url", "string"),
];

fn names(cols: &[Column]) -> Vec<&'static str> {
    cols.iter().map(|c| c.name).collect()
}

fn zh(t: &Text) -> Cell {
    Cell::Text(t.zh.clone())
}

fn en(t: &Text) -> Cell {
    Cell::Text(t.en.clone().unwrap_or_default())
}

fn opt_zh(t: Option<&Text>) -> Cell {
    Cell::Text(t.map(|t| t.zh.clone()).unwrap_or_default())
}

fn opt_en(t: Option<&Text>) -> Cell {
    Cell::Text(t.and_then(|t| t.en.clone()).unwrap_or_default())
}

/// A list joined with `; `; the English list only when every item has one.
fn list(ts: &[Text]) -> [Cell; 2] {
    let zh = ts.iter().map(|t| t.zh.as_str()).collect::<Vec<_>>().join("; ");
    let en: Option<Vec<&str>> = ts.iter().map(|t| t.en.as_deref()).collect();
    [Cell::Text(zh), Cell::Text(en.map(|v| v.join("; ")).unwrap_or_default())]
}

/// The units in charge of a project: the lead units (牵头单位) where the plan
/// names them, else the responsible units (as the comparison CSVs do).
fn in_charge(p: &Project) -> &[Text] {
    if p.lead_units.is_empty() {
        &p.responsible_units
    } else {
        &p.lead_units
    }
}

/// `projects.csv` for `plans`.
pub fn projects_csv(m: &Model, map: &SiteMap, plans: &[PlanIdx]) -> Vec<u8> {
    let mut w = CsvFile::new(&names(&PROJECT_COLUMNS));
    for &p in plans {
        project_rows(&mut w, m, map, p);
    }
    w.finish()
}

/// The rows of `projects.csv` for plan `p` alone (no byte-order mark, no
/// header): its share of the site's file.
pub fn plan_project_rows(m: &Model, map: &SiteMap, p: PlanIdx) -> std::io::Result<Vec<u8>> {
    let mut w = CsvFile::rows(Vec::new());
    project_rows(&mut w, m, map, p);
    w.end()
}

/// The header of `projects.csv`, after its byte-order mark.
pub fn projects_head() -> Vec<u8> {
    crate::render::csv::head(&names(&PROJECT_COLUMNS))
}

/// The header of `targets.csv`, after its byte-order mark.
pub fn targets_head() -> Vec<u8> {
    crate::render::csv::head(&names(&TARGET_COLUMNS))
}

fn project_rows<W: Write>(w: &mut CsvFile<W>, m: &Model, map: &SiteMap, p: PlanIdx) {
    let plan = &m.plans[p];
    let region = &m.regions[plan.region];
    for (i, pr) in plan.projects.iter().enumerate() {
        let section = pr.section.map(|s| &plan.sections[s]);
        let cat = &m.categories[pr.category];
        let latest = latest_entry(plan, i);
        let mut row = vec![
            Cell::Text(m.plan_key(plan)),
            Cell::Text(pr.id.clone()),
            Cell::Text(pr.number.clone()),
            Cell::Text(region.id.clone()),
            zh(&region.name),
            en(&region.name),
            Cell::Text(region.level.id().into()),
            Cell::Num(plan.year.to_string()),
            Cell::Text(section.map(|s| s.id.clone()).unwrap_or_default()),
            opt_zh(section.map(|s| &s.title)),
            opt_en(section.map(|s| &s.title)),
            zh(&pr.name),
            en(&pr.name),
            Cell::Text(cat.id.clone()),
            zh(&cat.name),
            en(&cat.name),
            Cell::Text(
                pr.programs
                    .iter()
                    .map(|&g| m.programs[g].id.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            opt_zh(pr.summary.as_ref()),
            opt_en(pr.summary.as_ref()),
            Cell::Num(pr.targets.len().to_string()),
        ];
        row.extend(list(&pr.lead_units));
        row.extend(list(&pr.responsible_units));
        row.extend(list(&pr.leaders));
        row.extend([opt_zh(pr.caveat.as_ref()), opt_en(pr.caveat.as_ref())]);
        row.extend([
            Cell::Text(latest.map(|(r, _)| r.id.clone()).unwrap_or_default()),
            Cell::Text(latest.map(|(r, _)| r.as_of.to_string()).unwrap_or_default()),
            Cell::Text(
                latest
                    .and_then(|(_, e)| e.status.as_ref())
                    .map(|s| s.0.id().into())
                    .unwrap_or_default(),
            ),
            Cell::Text(
                latest
                    .and_then(|(_, e)| e.status.as_ref())
                    .map(|s| s.1.clone())
                    .unwrap_or_default(),
            ),
            Cell::Text(pr.source_text.clone()),
            Cell::Text(plan.source.url.clone().unwrap_or_default()),
            Cell::Text(map.absolute(Lang::Zh, &paths::project(m, p, i))),
        ]);
        w.row(row);
    }
}

/// The newest report that mentions project `i` (by `as_of`), with its entry.
fn latest_entry(plan: &Plan, i: usize) -> Option<(&ProgressReport, &Entry)> {
    plan.reports
        .iter()
        .filter_map(|r| r.entries.iter().find(|e| e.project == i).map(|e| (r, e)))
        .max_by_key(|(r, _)| r.as_of)
}

/// `targets.csv` for `plans`.
pub fn targets_csv(m: &Model, map: &SiteMap, plans: &[PlanIdx]) -> Vec<u8> {
    let mut w = CsvFile::new(&names(&TARGET_COLUMNS));
    for &p in plans {
        target_rows(&mut w, m, map, p);
    }
    w.finish()
}

/// The rows of `targets.csv` for plan `p` alone (no byte-order mark, no
/// header): its share of the site's file.
pub fn plan_target_rows(m: &Model, map: &SiteMap, p: PlanIdx) -> std::io::Result<Vec<u8>> {
    let mut w = CsvFile::rows(Vec::new());
    target_rows(&mut w, m, map, p);
    w.end()
}

fn target_rows<W: Write>(w: &mut CsvFile<W>, m: &Model, map: &SiteMap, p: PlanIdx) {
    let plan = &m.plans[p];
    for (i, pr) in plan.projects.iter().enumerate() {
        for (n, t) in pr.targets.iter().enumerate() {
            let metric = t
                .metric
                .map(|r| (&m.programs[r.program], &m.programs[r.program].metrics[r.metric]));
            let unit = t.quantity.map(|q| &m.units[q.unit]);
            let mut row = vec![
                Cell::Text(m.plan_key(plan)),
                Cell::Text(pr.id.clone()),
                Cell::Num((n + 1).to_string()),
                Cell::Text(m.regions[plan.region].id.clone()),
                Cell::Num(plan.year.to_string()),
                zh(&pr.name),
                en(&pr.name),
                Cell::Text(metric.map(|(g, _)| g.id.clone()).unwrap_or_default()),
                Cell::Text(metric.map(|(_, mt)| mt.id.clone()).unwrap_or_default()),
                opt_zh(metric.map(|(_, mt)| &mt.name)),
                opt_en(metric.map(|(_, mt)| &mt.name)),
                zh(&t.text),
                en(&t.text),
                Cell::Num(t.quantity.map(|q| trim(q.value, 6)).unwrap_or_default()),
                Cell::Text(unit.map(|u| u.id.clone()).unwrap_or_default()),
                Cell::Text(unit.map(|u| u.zh.clone()).unwrap_or_default()),
                Cell::Text(unit.map(|u| u.en.clone()).unwrap_or_default()),
                Cell::Text(
                    t.quantity
                        .map(|q| qualifier_id(q.qualifier).to_string())
                        .unwrap_or_default(),
                ),
            ];
            row.extend(list(in_charge(pr)));
            row.extend([
                Cell::Text(t.quote.clone()),
                Cell::Text(plan.source.url.clone().unwrap_or_default()),
                Cell::Text(map.absolute(Lang::Zh, &paths::project(m, p, i))),
            ]);
            w.row(row);
        }
    }
}
