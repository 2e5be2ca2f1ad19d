//! The project page view: targets, units, leaders, milestones as a
//! timeline, the progress reports, the original wording, and the same
//! program in other plans.

use serde::Serialize;

use super::pages::project_row;
use super::view::{Ctx, Head, Html, Link, T};
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
    values: Vec<String>,
}

#[derive(Serialize)]
struct Related {
    program: Link,
    others: Vec<super::pages::ProjectRow>,
    /// All other projects of the program, of which `others` shows the first.
    total: usize,
}

/// How many projects of the same program a project page lists.
pub const MAX_RELATED: usize = 12;

#[derive(Serialize)]
pub struct ProjectData {
    number: String,
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

fn figures(c: &Ctx, values: &[Figure]) -> Vec<String> {
    values
        .iter()
        .map(|f| {
            let amount = c.quantity(&f.quantity);
            match f.metric {
                Some(m) => format!(
                    "{}{}{}",
                    c.metric_name(m).text,
                    if c.lang == Lang::Zh { "：" } else { ": " },
                    amount
                ),
                None => amount,
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
        .map(|&prog| Related {
            program: c.program_link(prog),
            // Bounded, so that pages stay linear in size however many plans
            // carry the program; the program page lists them all.
            others: c.map.indexes.program_projects[prog]
                .iter()
                .filter(|&&r| r != this)
                .take(MAX_RELATED)
                .map(|&r| project_row(c, r))
                .collect(),
            total: c.map.indexes.program_projects[prog].len().saturating_sub(1),
        })
        .collect();
    let data = ProjectData {
        number: pr.number.clone(),
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
                figure: t.quantity.as_ref().map(|q| c.quantity(q)),
                qualifier: t
                    .quantity
                    .map(|q| super::format::qualifier_symbol(q.qualifier))
                    .unwrap_or(""),
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
