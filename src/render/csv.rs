//! CSV downloads: the comparison of each program, next to its tables, and
//! progress per plan and for the whole site. UTF-8 with a byte-order mark
//! (so Excel and WPS open Chinese correctly), one row per figure, with ids,
//! quotes and sources.
//!
//! Every CSV the site writes goes through [`CsvFile`], whose text cells are
//! neutralised against formula injection the way OWASP recommends: a cell
//! that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading apostrophe, so Excel and WPS show it as text instead of running
//! it. Number cells ([`Cell::Num`]) are written as they are.

use std::borrow::Cow;
use std::io::Write;

use super::compare::percent;
use super::view::Ctx;
use crate::model::*;

/// Column names: stable, machine-friendly, the same in both languages.
pub const COLUMNS: [&str; 25] = [
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
    "not_additive",
    "responsible_units",
    "quote",
    "source_url",
    "reprint_urls",
];

/// One cell of a CSV row.
pub enum Cell {
    /// Human or id text: neutralised if it could start a formula.
    Text(String),
    /// A number the site formatted itself (may be negative or empty).
    Num(String),
}

/// A CSV file being written: UTF-8 with a byte-order mark, a header row,
/// and text cells that cannot start a formula. In memory by default, or
/// into any writer ([`CsvFile::to`]), which then keeps its first error.
pub struct CsvFile<W: Write = Vec<u8>> {
    w: csv::Writer<W>,
    error: Option<csv::Error>,
}

impl CsvFile {
    pub fn new(header: &[&str]) -> CsvFile {
        CsvFile::to(Vec::new(), header)
    }

    pub fn finish(self) -> Vec<u8> {
        self.end().unwrap_or_default()
    }
}

impl<W: Write> CsvFile<W> {
    /// A CSV file written into `out`, starting with the byte-order mark and
    /// `header`.
    pub fn to(mut out: W, header: &[&str]) -> CsvFile<W> {
        let bom = out.write_all("\u{feff}".as_bytes()).err().map(csv::Error::from);
        let mut file = CsvFile {
            w: csv::Writer::from_writer(out),
            error: bom,
        };
        let written = file.w.write_record(header);
        file.keep(written);
        file
    }

    /// Rows only, written into `out`: no byte-order mark, no header. For
    /// one plan's share of a file that joins every plan's (the site's data
    /// files); its bytes are those the same rows take in a whole file.
    pub fn rows(out: W) -> CsvFile<W> {
        CsvFile {
            w: csv::Writer::from_writer(out),
            error: None,
        }
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let record: Vec<String> = cells
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => neutralise(&t).into_owned(),
                Cell::Num(n) => n,
            })
            .collect();
        let written = self.w.write_record(&record);
        self.keep(written);
    }

    fn keep(&mut self, result: csv::Result<()>) {
        if let (Err(e), None) = (result, &self.error) {
            self.error = Some(e);
        }
    }

    /// The writer, once every row is flushed into it; or the first error.
    pub fn end(self) -> std::io::Result<W> {
        if let Some(e) = self.error {
            return Err(std::io::Error::other(e));
        }
        self.w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// Prefixes `'` to text that a spreadsheet would read as a formula.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The CSV file of program `prog` in the language of `c`.
pub fn program_csv(c: &Ctx, prog: ProgramIdx) -> Vec<u8> {
    let m = c.model;
    let program = &m.programs[prog];
    let mut w = CsvFile::new(&COLUMNS);
    for (mi, mc) in c.map.indexes.comparisons(c.model)[prog].metrics.iter().enumerate() {
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
            let qualifier = qualifier_id(cell.qualifier);
            use Cell::{Num, Text};
            w.row([
                Text(program.id.clone()),
                Text(c.t(&program.name).text),
                Text(metric.id.clone()),
                Text(c.t(&metric.name).text),
                Text(region.id.clone()),
                Text(c.t(&region.name).text),
                Text(region.level.id().to_string()),
                Num(plan.year.to_string()),
                Text(m.plan_key(plan)),
                Text(project.id.clone()),
                Text(c.t(&project.name).text),
                Num(super::format::trim(cell.value, 6)),
                Text(c.unit_name(metric.unit)),
                Text(qualifier.to_string()),
                Num(cell.per_10k.map(|(v, _)| format!("{v:.4}")).unwrap_or_default()),
                Num(region
                    .population
                    .as_ref()
                    .map(|p| super::format::trim(p.value, 6))
                    .unwrap_or_default()),
                Num(cell.per_10k.map(|(_, y)| y.to_string()).unwrap_or_default()),
                Text(cell.share.map(|s| m.plan_key(&m.plans[s.parent.0])).unwrap_or_default()),
                Num(cell
                    .share
                    .map(|s| super::format::trim(s.parent_value, 6))
                    .unwrap_or_default()),
                Text(cell.share.map(|s| percent(s.ratio)).unwrap_or_default()),
                Text(
                    cell.not_additive
                        .as_ref()
                        .map(|n| n.kind.id())
                        .unwrap_or_default()
                        .into(),
                ),
                Text(units.iter().map(|u| c.t(u).text).collect::<Vec<_>>().join("; ")),
                Text(project.targets[cell.target].quote.clone()),
                Text(plan.source.url.clone().unwrap_or_default()),
                Text(reprint_urls(&plan.source)),
            ]);
        }
    }
    w.finish()
}

/// The reprints of a source, space-separated.
fn reprint_urls(s: &Source) -> String {
    s.reprints.iter().map(|r| r.url.as_str()).collect::<Vec<_>>().join(" ")
}

/// Columns of the progress CSV files.
pub const PROGRESS_COLUMNS: [&str; 26] = [
    "plan_id",
    "report_id",
    "report_title",
    "report_kind",
    "issuer",
    "as_of",
    "published",
    "period",
    "source_url",
    "reprint_urls",
    "project_id",
    "project_number",
    "project",
    "status",
    "status_word",
    "figure_kind",
    "target",
    "target_value",
    "value",
    "unit",
    "qualifier",
    "percent_printed",
    "percent_computed",
    "forecast_due",
    "update",
    "quote",
];

/// Progress as CSV: one row per figure a report gives for a project (a
/// project mentioned without a figure gets one row), plus the report's
/// plan-level totals. `plan` limits it to one plan; `None`: every plan.
pub fn progress_csv(c: &Ctx, plan: Option<PlanIdx>) -> Vec<u8> {
    let mut w = CsvFile::new(&PROGRESS_COLUMNS);
    let plans: Vec<PlanIdx> = match plan {
        Some(p) => vec![p],
        None => c.map.indexes.plans_in_tree_order.clone(),
    };
    for p in plans {
        for report in &c.model.plans[p].reports {
            progress_rows(c, &mut w, p, report);
        }
    }
    w.finish()
}

/// The progress rows of plan `p` alone (no byte-order mark, no header):
/// its share of the site's progress table.
pub fn plan_progress_rows(c: &Ctx, p: PlanIdx) -> std::io::Result<Vec<u8>> {
    let mut w = CsvFile::rows(Vec::new());
    for report in &c.model.plans[p].reports {
        progress_rows(c, &mut w, p, report);
    }
    w.end()
}

/// What every CSV file starts with: the byte-order mark and `header`.
pub fn head(header: &[&str]) -> Vec<u8> {
    CsvFile::new(header).finish()
}

fn progress_rows<W: Write>(c: &Ctx, w: &mut CsvFile<W>, p: PlanIdx, report: &ProgressReport) {
    use Cell::{Num, Text};
    let m = c.model;
    let plan = &m.plans[p];
    let head = || {
        vec![
            Text(m.plan_key(plan)),
            Text(report.id.clone()),
            Text(c.t(&report.title).text),
            Text(report.kind.id().into()),
            Text(c.t(&report.issuer).text),
            Text(report.as_of.to_string()),
            Text(report.published.map(|d| d.to_string()).unwrap_or_default()),
            Text(c.t(&report.period).text),
            Text(report.source.url.clone().unwrap_or_default()),
            Text(reprint_urls(&report.source)),
        ]
    };
    let figure = |kind: &str, project: Option<&Project>, f: Option<&Reported>| -> Vec<Cell> {
        let target = f.and_then(|f| f.target).and_then(|t| project.map(|pr| &pr.targets[t]));
        let computed = match (f, target.and_then(|t| t.quantity)) {
            (Some(f), Some(q)) if f.percent.is_none() && q.value > 0.0 => trim(f.quantity.value / q.value * 100.0, 2),
            _ => String::new(),
        };
        vec![
            Text(kind.into()),
            Text(target.map(|t| c.t(&t.text).text).unwrap_or_default()),
            Num(target
                .and_then(|t| t.quantity)
                .map(|q| trim(q.value, 6))
                .unwrap_or_default()),
            Num(f.map(|f| trim(f.quantity.value, 6)).unwrap_or_default()),
            Text(f.map(|f| c.unit_name(f.quantity.unit)).unwrap_or_default()),
            Text(f.map(|f| qualifier_id(f.quantity.qualifier)).unwrap_or_default().into()),
            Num(f.and_then(|f| f.percent).map(|v| trim(v, 2)).unwrap_or_default()),
            Num(computed),
        ]
    };
    for t in &report.totals {
        let mut row = head();
        row.extend([Text(String::new()), Text(String::new()), Text(String::new())]);
        row.extend([Text(String::new()), Text(String::new())]);
        row.extend(figure("plan-total", None, Some(t)));
        row.extend([Text(String::new()), Text(String::new()), Text(t.quote.clone())]);
        w.row(row);
    }
    for e in &report.entries {
        let project = &plan.projects[e.project];
        let mut figures: Vec<(&str, &Reported)> = e.actuals.iter().map(|a| ("actual", a)).collect();
        figures.extend(e.revised_target.iter().map(|r| ("revised-target", r)));
        figures.extend(e.investment.total.iter().map(|r| ("investment-total", r)));
        figures.extend(e.investment.planned.iter().map(|r| ("investment-planned", r)));
        figures.extend(e.investment.spent.iter().map(|r| ("investment-spent", r)));
        let mut rows: Vec<(Vec<Cell>, String)> = figures
            .iter()
            .map(|(kind, f)| (figure(kind, Some(project), Some(f)), f.quote.clone()))
            .collect();
        if let Some(wp) = &e.works_percent {
            let mut cells = figure("works-percent", None, None);
            cells[6] = Num(trim(wp.value, 2));
            rows.push((cells, wp.quote.clone()));
        }
        if rows.is_empty() {
            rows.push((figure("", None, None), e.quote.clone().unwrap_or_default()));
        }
        for (cells, quote) in rows {
            let mut row = head();
            row.extend([
                Text(project.id.clone()),
                Text(project.number.clone()),
                Text(c.t(&project.name).text),
                Text(e.status.as_ref().map(|(s, _)| s.id()).unwrap_or_default().into()),
                Text(e.status.as_ref().map(|(_, w)| w.clone()).unwrap_or_default()),
            ]);
            row.extend(cells);
            row.extend([
                Text(
                    e.forecast
                        .as_ref()
                        .and_then(|f| f.due)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                Text(e.update.as_ref().map(|u| c.t(u).text).unwrap_or_default()),
                Text(quote),
            ]);
            w.row(row);
        }
    }
}

fn trim(v: f64, digits: usize) -> String {
    super::format::trim(v, digits)
}

fn qualifier_id(q: Qualifier) -> &'static str {
    Qualifier::ALL
        .iter()
        .find(|(_, x)| *x == q)
        .map(|(s, _)| *s)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_payloads_are_neutralised_and_numbers_are_not() {
        for payload in [
            "=HYPERLINK(\"http://evil.example/\",\"click\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(payload), format!("'{payload}"));
        }
        assert_eq!(neutralise("河北省"), "河北省");
        assert_eq!(neutralise("a=b"), "a=b");
        let mut f = CsvFile::new(&["name", "value"]);
        f.row([Cell::Text("=1+1".into()), Cell::Num("-5".into())]);
        let bytes = f.finish();
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM first");
        let mut r = ::csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows, vec![vec!["'=1+1".to_string(), "-5".to_string()]]);
    }
}
