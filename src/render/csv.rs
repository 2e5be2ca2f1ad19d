//! The comparison of each program as CSV, for download next to its tables:
//! UTF-8 with a byte-order mark (so Excel and WPS open Chinese correctly),
//! one row per figure, with the tables' columns plus ids and sources.

use super::compare::percent;
use super::view::Ctx;
use crate::model::*;

/// Column names: stable, machine-friendly, the same in both languages.
pub const COLUMNS: [&str; 23] = [
    "program_id",
    "program",
    "metric_id",
    "metric",
    "region_id",
    "region",
    "level",
    "year",
    "plan_id",
    "project_id",
    "project",
    "value",
    "unit",
    "qualifier",
    "per_10k_residents",
    "population",
    "population_year",
    "parent_plan_id",
    "parent_value",
    "share_of_parent",
    "responsible_units",
    "quote",
    "source_url",
];

/// The CSV file of program `prog` in the language of `c`.
pub fn program_csv(c: &Ctx, prog: ProgramIdx) -> Vec<u8> {
    let m = c.model;
    let program = &m.programs[prog];
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let _ = w.write_record(COLUMNS);
    for (mi, mc) in c.map.indexes.comparisons[prog].metrics.iter().enumerate() {
        let metric = &program.metrics[mi];
        for cell in &mc.cells {
            let (p, i) = cell.project;
            let plan = &m.plans[p];
            let region = &m.regions[plan.region];
            let project = &plan.projects[i];
            let units = if project.lead_units.is_empty() {
                &project.responsible_units
            } else {
                &project.lead_units
            };
            let qualifier = Qualifier::ALL
                .iter()
                .find(|(_, q)| *q == cell.qualifier)
                .map(|(s, _)| *s)
                .unwrap_or("");
            let record = [
                program.id.clone(),
                c.t(&program.name).text,
                metric.id.clone(),
                c.t(&metric.name).text,
                region.id.clone(),
                c.t(&region.name).text,
                region.level.id().to_string(),
                plan.year.to_string(),
                m.plan_key(plan),
                project.id.clone(),
                c.t(&project.name).text,
                super::format::trim(cell.value, 6),
                c.unit_name(metric.unit),
                qualifier.to_string(),
                cell.per_10k.map(|(v, _)| format!("{v:.4}")).unwrap_or_default(),
                region
                    .population
                    .as_ref()
                    .map(|p| super::format::trim(p.value, 6))
                    .unwrap_or_default(),
                cell.per_10k.map(|(_, y)| y.to_string()).unwrap_or_default(),
                cell.share.map(|s| m.plan_key(&m.plans[s.parent.0])).unwrap_or_default(),
                cell.share
                    .map(|s| super::format::trim(s.parent_value, 6))
                    .unwrap_or_default(),
                cell.share.map(|s| percent(s.ratio)).unwrap_or_default(),
                units.iter().map(|u| c.t(u).text).collect::<Vec<_>>().join("; "),
                project.targets[cell.target].quote.clone(),
                plan.source.url.clone().unwrap_or_default(),
            ];
            let _ = w.write_record(&record);
        }
    }
    w.into_inner().unwrap_or_default()
}
