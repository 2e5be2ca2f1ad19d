//! When a page's content was published and last changed, from content
//! dates only (never the build clock, so rebuilds stay byte-identical).
//!
//! A plan was *published* on its `published` date (else `issued`); it last
//! *changed* on the latest of that date, its `updated` date (the last
//! editorial change on this site) and the publication (else `as_of`) date
//! of each of its progress reports. A page about one plan (plan, project,
//! source, report) shows that plan's dates; a page about several (a region,
//! a program, a category, the lists) shows the span of their publication
//! dates and the latest change among them.

use serde::Serialize;

use super::view::Ctx;
use crate::derive::{Page, PageKind};
use crate::model::*;

/// A date for a `<time>` element: the text and its ISO form.
#[derive(Debug, Serialize)]
pub struct Dated {
    pub text: String,
    pub datetime: String,
}

#[derive(Debug, Serialize, Default)]
pub struct PageDates {
    /// Publication of the document(s) shown: the earliest…
    pub published: Option<Dated>,
    /// …and, on pages about several documents, the latest.
    pub published_last: Option<Dated>,
    /// The latest change of the page's content.
    pub updated: Option<Dated>,
    /// The page is about several documents (a list, a region, a type).
    pub several: bool,
}

/// The plan's publication date: `published`, else `issued`.
pub fn plan_published(plan: &Plan) -> Option<PartialDate> {
    plan.published.or(plan.issued)
}

/// The latest change of a plan's content, progress reports included.
pub fn plan_updated(plan: &Plan) -> Option<PartialDate> {
    let reports = plan.reports.iter().map(|r| r.published.unwrap_or(r.as_of));
    plan_published(plan)
        .into_iter()
        .chain(plan.updated)
        .chain(reports)
        .max()
}

fn dated(c: &Ctx, d: Option<PartialDate>) -> Option<Dated> {
    d.map(|d| Dated {
        text: c.date(&d),
        datetime: d.to_string(),
    })
}

/// The dates shown on `page`.
pub fn page_dates(c: &Ctx, page: &Page) -> PageDates {
    let m = c.model;
    let ix = &c.map.indexes;
    let mut plans: Vec<PlanIdx> = match page.kind {
        PageKind::Plan(p) | PageKind::Project(p, _) | PageKind::Source(p) => vec![p],
        PageKind::Report(p, r) => {
            let report = &m.plans[p].reports[r];
            let published = report.published;
            let updated = published
                .into_iter()
                .chain(Some(report.as_of))
                .chain(m.plans[p].updated)
                .max();
            return PageDates {
                published: dated(c, published),
                published_last: None,
                updated: dated(c, updated),
                several: false,
            };
        }
        PageKind::Region(r) if !ix.region_plans[r].is_empty() => ix.region_plans[r].clone(),
        PageKind::Program(g) => plans_of(&ix.program_projects[g]),
        PageKind::Category(k) => plans_of(&ix.category_projects[k]),
        _ => Vec::new(),
    };
    if plans.is_empty() {
        // A page about the whole site, or about a program, category or
        // region that no plan carries yet: the site's content as a whole.
        plans = (0..m.plans.len()).collect();
    }
    let published: Vec<PartialDate> = plans.iter().filter_map(|&p| plan_published(&m.plans[p])).collect();
    let first = published.iter().min().copied();
    let last = published.iter().max().copied().filter(|_| plans.len() > 1);
    PageDates {
        published: dated(c, first),
        published_last: dated(c, last.filter(|l| Some(*l) != first)),
        updated: dated(c, plans.iter().filter_map(|&p| plan_updated(&m.plans[p])).max()),
        several: plans.len() > 1,
    }
}

fn plans_of(refs: &[crate::derive::ProjectRef]) -> Vec<PlanIdx> {
    let mut v: Vec<PlanIdx> = refs.iter().map(|r| r.0).collect();
    v.sort_unstable();
    v.dedup();
    v
}
