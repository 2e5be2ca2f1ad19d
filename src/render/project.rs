//! The project page view: targets, units, leaders, milestones as a
//! timeline, the progress reports, the original wording, and the same
//! program in other plans.

use serde::Serialize;

use super::format;
use super::fragment::{Fragment, RelatedTable};
use super::view::{Ctx, Head, Html, Link, SourceLinks, T};
use crate::derive::{Page, ProjectRef};
use crate::model::*;

#[derive(Serialize)]
struct TargetView {
    text: T,
    metric: Option<T>,
    figure: Option<String>,
    qualifier: &'static str,
    quote: String,
}

#[derive(Serialize)]
struct MilestoneView {
    due: String,
    datetime: String,
    text: T,
    values: Vec<MilestoneFigure>,
}

/// A cumulative figure of the schedule, with its qualifier and the
/// schedule's own words.
#[derive(Serialize)]
struct MilestoneFigure {
    text: String,
    quote: Option<String>,
}

#[derive(Serialize)]
struct Related {
    program: Link,
    /// The table of the first other projects (`None` when there are none),
    /// rendered once for every page that shows the same rows.
    table: Option<Fragment>,
    /// Rows in `table`.
    shown: usize,
    /// All other projects of the program, of which `table` shows the first.
    total: usize,
}

#[derive(Serialize)]
pub struct ProjectData {
    number: String,
    /// The figure column of the targets keeps every digit (see [`format`]).
    targets_all_digits: bool,
    source_links: SourceLinks,
    plan: Link,
    region: Link,
    section: Option<T>,
    category: Link,
    programs: Vec<Link>,
    summary: Option<Html>,
    caveat: Option<T>,
    targets: Vec<TargetView>,
    lead_units: Vec<T>,
    responsible_units: Vec<T>,
    leaders: Vec<T>,
    milestones: Vec<MilestoneView>,
    /// Every report that mentions the project, newest first.
    progress: Vec<super::progress::EntryView>,
    source_text: String,
    source_page: String,
    related: Vec<Related>,
}

fn figures(c: &Ctx, values: &[Figure]) -> Vec<MilestoneFigure> {
    values
        .iter()
        .map(|f| {
            let amount = c.quantity(&f.quantity);
            let text = match f.metric {
                Some(m) => format!(
                    "{}{}{}",
                    c.metric_name(m).text,
                    if c.lang == Lang::Zh { "：" } else { ": " },
                    amount
                ),
                None => amount,
            };
            MilestoneFigure {
                text,
                quote: f.quote.clone(),
            }
        })
        .collect()
}

pub fn project(c: &Ctx, page: &Page, p: PlanIdx, i: usize) -> (Head, ProjectData) {
    let plan = &c.model.plans[p];
    let pr = &plan.projects[i];
    let this: ProjectRef = (p, i);
    let related = pr
        .programs
        .iter()
        .map(|&prog| {
            // Bounded, so that pages stay linear in size however many plans
            // carry the program; the program page lists them all.
            let shared = c.fragments.map(|f| f.related(c, prog, this));
            debug_assert!(shared.is_some(), "project pages are rendered with fragments");
            let shared = shared.unwrap_or(RelatedTable { table: None, shown: 0 });
            Related {
                program: c.program_link(prog),
                table: shared.table,
                shown: shared.shown,
                total: c.map.indexes.program_projects[prog].len().saturating_sub(1),
            }
        })
        .collect();
    let digits = format::column_digits(pr.targets.iter().filter_map(|t| t.quantity.map(|q| q.value)));
    let data = ProjectData {
        number: c.item_number(pr),
        targets_all_digits: digits == format::Digits::All,
        source_links: c.source_links(&plan.source),
        plan: c.plan_link(p),
        region: c.region_link(plan.region),
        section: pr.section.map(|s| c.t(&plan.sections[s].title)),
        category: c.category_link(pr.category),
        programs: pr.programs.iter().map(|&g| c.program_link(g)).collect(),
        summary: pr.summary.as_ref().map(|s| c.md(s)),
        caveat: pr.caveat.as_ref().map(|t| c.t(t)),
        targets: pr
            .targets
            .iter()
            .map(|t| TargetView {
                text: c.t(&t.text),
                metric: t.metric.map(|m| c.metric_name(m)),
                figure: t.quantity.as_ref().map(|q| c.quantity_in(q, digits)),
                qualifier: t.quantity.map(|q| format::qualifier_symbol(q.qualifier)).unwrap_or(""),
                quote: t.quote.clone(),
            })
            .collect(),
        lead_units: pr.lead_units.iter().map(|u| c.t(u)).collect(),
        responsible_units: pr.responsible_units.iter().map(|u| c.t(u)).collect(),
        leaders: pr.leaders.iter().map(|u| c.t(u)).collect(),
        milestones: pr
            .milestones
            .iter()
            .map(|m| MilestoneView {
                due: c.date(&m.due),
                datetime: m.due.to_string(),
                text: c.t(&m.text),
                values: figures(c, &m.values),
            })
            .collect(),
        progress: super::progress::timeline(c, p, i),
        source_text: pr.source_text.clone(),
        source_page: c.href(&crate::derive::paths::source(c.model, p)),
        related,
    };
    let crumbs = vec![
        c.link(c.ui("nav.plans"), "plans/"),
        c.region_link(plan.region),
        c.plan_short(p),
    ];
    (c.head(page, c.t(&pr.name), None, crumbs), data)
}
