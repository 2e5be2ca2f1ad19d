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
use crate::derive::dates::Span;
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
    let groups = || ix.dates.groups(m, ix);
    let span = match page.kind {
        PageKind::Plan(p) | PageKind::Project(p, _) | PageKind::Source(p) => Span::of(m, [p]),
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
        PageKind::Region(r) if !ix.region_plans[r].is_empty() => Span::of(m, ix.region_plans[r].iter().copied()),
        PageKind::Program(g) if !ix.program_projects[g].is_empty() => groups().program_spans[g],
        PageKind::Category(k) if !ix.category_projects[k].is_empty() => groups().category_spans[k],
        // A page about the whole site, or about a program, category or
        // region that no plan carries yet: the site's content as a whole.
        _ => groups().site_span,
    };
    let several = span.plans > 1;
    let last = span.last.filter(|_| several);
    PageDates {
        published: dated(c, span.first),
        published_last: dated(c, last.filter(|l| Some(*l) != span.first)),
        updated: dated(c, span.updated),
        several,
    }
}
