//! Progress views: the status badge beside a project in every table, the
//! timeline of reports on a project page, a plan's summary, the page of one
//! report, and the completion comparison on program pages. Figures come
//! with their quotes; a percentage the site computed (actual ÷ target) is
//! marked as such, one the government printed is shown as printed.

use serde::Serialize;

use super::format;
use super::view::{Ctx, Head, Link, SourceLinks, T};
use crate::derive::progress::{EntryRef, ScheduleCheck};
use crate::derive::{paths, Page};
use crate::model::*;

/// A printed status: the vocabulary's label, the report's own word, when.
#[derive(Serialize)]
pub struct Badge {
    pub id: &'static str,
    pub tone: &'static str,
    pub label: T,
    /// As printed (Chinese).
    pub word: String,
    pub as_of: String,
    pub datetime: String,
}

#[derive(Serialize)]
pub struct FigureView {
    /// What was measured: the target's words, or the figure's own.
    pub label: Option<T>,
    pub figure: String,
    /// The plan's target, for comparison.
    pub target: Option<String>,
    /// "87.3%"; printed unless `computed`.
    pub percent: Option<String>,
    pub computed: bool,
    /// Bar width in per cent of the track, 0–100.
    pub bar: Option<u32>,
    pub over: bool,
    pub quote: String,
}

#[derive(Serialize)]
pub struct ScheduleView {
    pub on_track: bool,
    pub label: T,
    pub explain: String,
}

#[derive(Serialize)]
pub struct EntryView {
    pub report: Link,
    pub kind: T,
    pub period: T,
    pub as_of: String,
    pub datetime: String,
    pub published: Option<String>,
    pub source: SourceLinks,
    pub status: Option<Badge>,
    pub schedule: Option<ScheduleView>,
    pub figures: Vec<FigureView>,
    pub works_percent: Option<FigureView>,
    pub revised: Option<FigureView>,
    pub investment: Vec<FigureView>,
    pub forecast: Option<FigureView>,
    pub update: Option<T>,
    pub next_steps: Option<T>,
    pub quote: Option<String>,
}

fn percent_text(c: &Ctx, v: f64) -> String {
    let digits = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
    let n = format::number(c.lang, (v * 10f64.powi(digits)).round() / 10f64.powi(digits));
    format!("{n}%")
}

fn bar(v: f64) -> Option<u32> {
    Some(v.clamp(0.0, 100.0).round() as u32)
}

/// The status badge of entry `(r, e)` of plan `p`, if it prints one.
pub fn badge(c: &Ctx, p: PlanIdx, (r, e): EntryRef) -> Option<Badge> {
    let report = &c.model.plans[p].reports[r];
    let (s, word) = report.entries[e].status.as_ref()?;
    Some(Badge {
        id: s.id(),
        tone: s.tone(),
        label: c.ui(&format!("status.{}", s.id())),
        word: word.clone(),
        as_of: c.date(&report.as_of),
        datetime: report.as_of.to_string(),
    })
}

/// The latest printed status of a project, for tables.
pub fn latest_badge(c: &Ctx, p: PlanIdx, i: usize) -> Option<Badge> {
    let latest = c.map.indexes.progress.of(p, i).latest_status?;
    badge(c, p, latest)
}

fn reported(c: &Ctx, project: &Project, a: &Reported) -> FigureView {
    let target = a.target.and_then(|t| project.targets.get(t));
    let computed_pct = match (a.percent, target.and_then(|t| t.quantity)) {
        (Some(_), _) => None,
        (None, Some(q)) if q.value > 0.0 => Some(a.quantity.value / q.value * 100.0),
        _ => None,
    };
    let pct = a.percent.or(computed_pct);
    FigureView {
        label: a.text.as_ref().map(|t| c.t(t)).or_else(|| target.map(|t| c.t(&t.text))),
        figure: c.quantity(&a.quantity),
        target: target.and_then(|t| t.quantity.as_ref()).map(|q| c.quantity(q)),
        percent: pct.map(|v| percent_text(c, v)),
        computed: a.percent.is_none() && pct.is_some(),
        bar: pct.and_then(bar),
        over: pct.is_some_and(|v| v > 100.0),
        quote: a.quote.clone(),
    }
}

fn schedule(c: &Ctx, s: &ScheduleCheck) -> ScheduleView {
    let key = if s.on_track {
        "schedule.on_track"
    } else {
        "schedule.behind"
    };
    let basis = if s.at_deadline {
        "schedule.basis_deadline"
    } else {
        "schedule.basis_milestone"
    };
    let explain = c
        .ui(basis)
        .text
        .replace("{expected}", &c.amount(s.expected, s.unit))
        .replace("{due}", &c.date(&s.due))
        .replace("{actual}", &c.amount(s.actual, s.unit));
    ScheduleView {
        on_track: s.on_track,
        label: c.ui(key),
        explain,
    }
}

/// What report entry `(r, e)` of plan `p` says, laid out for a page.
pub fn entry_view(c: &Ctx, p: PlanIdx, (r, e): EntryRef, check: Option<&ScheduleCheck>) -> EntryView {
    let plan = &c.model.plans[p];
    let report = &plan.reports[r];
    let entry = &report.entries[e];
    let project = &plan.projects[entry.project];
    let money = |label: &str, x: &Option<Reported>| {
        x.as_ref().map(|x| FigureView {
            label: Some(c.ui(label)),
            ..reported(c, project, x)
        })
    };
    EntryView {
        report: c.link(c.t(&report.title), &paths::report(c.model, p, r)),
        kind: c.ui(&format!("report.kind.{}", report.kind.id())),
        period: c.t(&report.period),
        as_of: c.date(&report.as_of),
        datetime: report.as_of.to_string(),
        published: report.published.as_ref().map(|d| c.date(d)),
        source: c.source_links(&report.source),
        status: badge(c, p, (r, e)),
        schedule: check.map(|s| schedule(c, s)),
        figures: entry.actuals.iter().map(|a| reported(c, project, a)).collect(),
        works_percent: entry.works_percent.as_ref().map(|w| FigureView {
            label: Some(c.ui("progress.works_percent")),
            figure: String::new(),
            target: None,
            percent: Some(percent_text(c, w.value)),
            computed: false,
            bar: bar(w.value),
            over: w.value > 100.0,
            quote: w.quote.clone(),
        }),
        revised: entry.revised_target.as_ref().map(|x| FigureView {
            label: Some(c.ui("progress.revised_target")),
            percent: None,
            computed: false,
            bar: None,
            over: false,
            ..reported(c, project, x)
        }),
        investment: [
            money("progress.investment.total", &entry.investment.total),
            money("progress.investment.planned", &entry.investment.planned),
            money("progress.investment.spent", &entry.investment.spent),
        ]
        .into_iter()
        .flatten()
        .collect(),
        forecast: entry.forecast.as_ref().map(|f| FigureView {
            label: Some(c.t(&f.text)),
            figure: f.due.as_ref().map(|d| c.date(d)).unwrap_or_default(),
            target: None,
            percent: None,
            computed: false,
            bar: None,
            over: false,
            quote: f.quote.clone(),
        }),
        update: entry.update.as_ref().map(|t| c.t(t)),
        next_steps: entry.next_steps.as_ref().map(|t| c.t(t)),
        quote: entry.quote.clone(),
    }
}

/// Every report entry of project `(p, i)`, newest first.
pub fn timeline(c: &Ctx, p: PlanIdx, i: usize) -> Vec<EntryView> {
    let pp = c.map.indexes.progress.of(p, i);
    pp.entries
        .iter()
        .zip(&pp.schedule)
        .map(|(&er, check)| entry_view(c, p, er, check.as_ref()))
        .collect()
}

#[derive(Serialize)]
pub struct StatusCount {
    pub id: &'static str,
    pub tone: &'static str,
    pub label: T,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ReportRow {
    pub link: Link,
    pub kind: T,
    pub as_of: String,
    pub datetime: String,
    pub projects: usize,
}

/// A plan's progress summary: counts per latest status and the reports.
#[derive(Serialize)]
pub struct PlanProgressView {
    pub sentence: String,
    pub counts: Vec<StatusCount>,
    pub newest: Option<Link>,
    pub reports: Vec<ReportRow>,
    pub totals: Vec<FigureView>,
    pub csv: String,
}

pub fn plan_progress(c: &Ctx, p: PlanIdx) -> PlanProgressView {
    let plan = &c.model.plans[p];
    let pp = &c.map.indexes.progress.plans[p];
    let newest = pp.newest.map(|r| &plan.reports[r]);
    let sentence = match newest {
        Some(report) => c
            .ui("progress.summary")
            .text
            .replace("{reported}", &pp.reported.to_string())
            .replace("{total}", &plan.projects.len().to_string())
            .replace("{date}", &c.date(&report.as_of)),
        None => c.ui("progress.none_plan").text,
    };
    PlanProgressView {
        sentence,
        counts: pp
            .by_status
            .iter()
            .map(|(s, &count)| StatusCount {
                id: s.id(),
                tone: s.tone(),
                label: c.ui(&format!("status.{}", s.id())),
                count,
            })
            .collect(),
        newest: pp
            .newest
            .map(|r| c.link(c.t(&plan.reports[r].title), &paths::report(c.model, p, r))),
        reports: (0..plan.reports.len())
            .rev()
            .map(|r| {
                let report = &plan.reports[r];
                ReportRow {
                    link: c.link(c.t(&report.title), &paths::report(c.model, p, r)),
                    kind: c.ui(&format!("report.kind.{}", report.kind.id())),
                    as_of: c.date(&report.as_of),
                    datetime: report.as_of.to_string(),
                    projects: report.entries.len(),
                }
            })
            .collect(),
        totals: newest
            .map(|r| r.totals.iter().map(|t| total_view(c, t)).collect())
            .unwrap_or_default(),
        csv: c.map.href(false, c.lang, &paths::progress_csv(c.model, p)),
    }
}

fn total_view(c: &Ctx, t: &Reported) -> FigureView {
    FigureView {
        label: t.text.as_ref().map(|x| c.t(x)),
        figure: c.quantity(&t.quantity),
        target: None,
        percent: t.percent.map(|v| percent_text(c, v)),
        computed: false,
        bar: t.percent.and_then(bar),
        over: t.percent.is_some_and(|v| v > 100.0),
        quote: t.quote.clone(),
    }
}

#[derive(Serialize)]
pub struct ReportEntry {
    pub project: Link,
    pub number: String,
    pub view: EntryView,
}

#[derive(Serialize)]
pub struct ReportData {
    pub plan: Link,
    pub issuer: T,
    pub kind: T,
    pub period: T,
    pub as_of: String,
    pub datetime: String,
    pub published: Option<String>,
    pub source: SourceLinks,
    pub notes: Vec<T>,
    pub summary: Option<T>,
    pub totals: Vec<FigureView>,
    pub entries: Vec<ReportEntry>,
    pub paragraphs: Vec<String>,
}

/// The page of report `r` of plan `p`.
pub fn report_page(c: &Ctx, page: &Page, p: PlanIdx, r: usize) -> (Head, ReportData) {
    let plan = &c.model.plans[p];
    let report = &plan.reports[r];
    let entries = report
        .entries
        .iter()
        .enumerate()
        .map(|(e, entry)| {
            let pp = c.map.indexes.progress.of(p, entry.project);
            let check = pp
                .entries
                .iter()
                .position(|&x| x == (r, e))
                .and_then(|k| pp.schedule[k].as_ref());
            ReportEntry {
                project: c.project_link(p, entry.project),
                number: c.item_number(&plan.projects[entry.project]),
                view: entry_view(c, p, (r, e), check),
            }
        })
        .collect();
    let data = ReportData {
        plan: c.plan_link(p),
        issuer: c.t(&report.issuer),
        kind: c.ui(&format!("report.kind.{}", report.kind.id())),
        period: c.t(&report.period),
        as_of: c.date(&report.as_of),
        datetime: report.as_of.to_string(),
        published: report.published.as_ref().map(|d| c.date(d)),
        source: c.source_links(&report.source),
        notes: report.notes.iter().map(|t| c.t(t)).collect(),
        summary: report.summary.as_ref().map(|t| c.t(t)),
        totals: report.totals.iter().map(|t| total_view(c, t)).collect(),
        entries,
        paragraphs: super::pages::paragraphs(&report.source.text),
    };
    let crumbs = vec![
        c.link(c.ui("nav.plans"), "plans/"),
        c.region_link(plan.region),
        c.plan_short(p),
    ];
    (c.head(page, c.t(&report.title), None, crumbs), data)
}

/// One row of a program's completion comparison.
#[derive(Serialize)]
pub struct CompletionRow {
    pub plan: Link,
    pub project: Link,
    /// The plan's target, formatted with its column (see [`format`]).
    pub target: String,
    #[serde(skip)]
    target_q: Option<Quantity>,
    pub figure: FigureView,
    pub as_of: String,
    pub datetime: String,
    pub report: Link,
}

/// Completion of one metric across the plans of one year.
#[derive(Serialize)]
pub struct CompletionTable {
    pub metric: T,
    pub year: i32,
    pub rows: Vec<CompletionRow>,
}

/// Per metric of program `prog` and per plan year: every project with a
/// reported figure against a target of that metric (its newest), in plan order.
pub fn program_completion(c: &Ctx, prog: ProgramIdx) -> Vec<CompletionTable> {
    let m = c.model;
    let mut out: Vec<CompletionTable> = Vec::new();
    for mi in 0..m.programs[prog].metrics.len() {
        let metric = MetricRef {
            program: prog,
            metric: mi,
        };
        let mut by_year: std::collections::BTreeMap<i32, Vec<CompletionRow>> = Default::default();
        for &(p, i) in &c.map.indexes.program_projects[prog] {
            if let Some(row) = completion_row(c, metric, p, i) {
                by_year.entry(m.plans[p].year).or_default().push(row);
            }
        }
        out.extend(by_year.into_iter().map(|(year, mut rows)| {
            let digits = format::column_digits(rows.iter().filter_map(|r| r.target_q.map(|q| q.value)));
            for r in &mut rows {
                r.target = r.target_q.map(|q| c.quantity_in(&q, digits)).unwrap_or_default();
            }
            CompletionTable {
                metric: c.metric_name(metric),
                year,
                rows,
            }
        }));
    }
    out
}

fn completion_row(c: &Ctx, metric: MetricRef, p: PlanIdx, i: usize) -> Option<CompletionRow> {
    let m = c.model;
    let project = &m.plans[p].projects[i];
    let t = project.targets.iter().position(|t| t.metric == Some(metric))?;
    let done = c.map.indexes.progress.completion(m, p, i, t)?;
    let (r, e) = done.entry;
    let report = &m.plans[p].reports[r];
    let actual = &report.entries[e].actuals[done.actual];
    Some(CompletionRow {
        plan: c.plan_short(p),
        project: c.project_link(p, i),
        target: String::new(),
        target_q: project.targets[t].quantity,
        figure: reported(c, project, actual),
        as_of: c.date(&report.as_of),
        datetime: report.as_of.to_string(),
        report: c.link(c.t(&report.title), &paths::report(m, p, r)),
    })
}
