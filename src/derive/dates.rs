//! Content dates: when what a page shows was published and last changed,
//! taken only from the content (a plan's `published`, else `issued`; a
//! progress report's `published`, else `as_of`), never from the build
//! clock, so rebuilds stay byte-identical. Feeds, the sitemap's `lastmod`,
//! the government metas (`PubDate`) and the dates shown on pages read them
//! from here. A page none of whose content is dated has no dates.

use super::{Indexes, PageKind, ProjectRef};
use crate::model::*;

/// When a page's content was first published and last changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dates {
    pub published: Option<PartialDate>,
    pub updated: Option<PartialDate>,
}

impl Dates {
    fn of(published: Option<PartialDate>) -> Dates {
        Dates {
            published,
            updated: published,
        }
    }

    /// Earliest publication and latest change of both.
    fn merge(self, other: Dates) -> Dates {
        Dates {
            published: min(self.published, other.published),
            updated: self.updated.max(other.updated),
        }
    }
}

fn min(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<PartialDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The date a plan was made public: `published`, else `issued`.
pub fn plan_date(plan: &Plan) -> Option<PartialDate> {
    plan.published.or(plan.issued)
}

/// The date a progress report was made public: `published`, else `as_of`.
pub fn report_date(report: &ProgressReport) -> PartialDate {
    report.published.unwrap_or(report.as_of)
}

/// Dates of every plan (the plan, then its reports), computed once.
#[derive(Debug, Clone, Default)]
pub struct ContentDates {
    /// Per plan: its publication and its newest report.
    pub plans: Vec<Dates>,
    /// Per plan, per project: the plan's publication and the newest report
    /// that mentions the project.
    pub projects: Vec<Vec<Dates>>,
    /// The whole site: the earliest publication and the newest change.
    pub site: Dates,
}

impl ContentDates {
    pub fn new(m: &Model) -> ContentDates {
        let mut plans = Vec::with_capacity(m.plans.len());
        let mut projects = Vec::with_capacity(m.plans.len());
        for plan in &m.plans {
            let base = Dates::of(plan_date(plan));
            let mut per_project = vec![base; plan.projects.len()];
            let mut whole = base;
            for report in &plan.reports {
                let d = Dates {
                    published: None,
                    updated: Some(report_date(report)),
                };
                whole = whole.merge(d);
                for e in &report.entries {
                    per_project[e.project] = per_project[e.project].merge(d);
                }
            }
            plans.push(whole);
            projects.push(per_project);
        }
        let site = plans.iter().fold(Dates::default(), |a, &b| a.merge(b));
        ContentDates { plans, projects, site }
    }

    fn refs(&self, refs: &[ProjectRef]) -> Dates {
        refs.iter()
            .fold(Dates::default(), |a, &(p, i)| a.merge(self.projects[p][i]))
    }

    /// The dates of a page of `kind`.
    pub fn page(&self, m: &Model, ix: &Indexes, kind: PageKind) -> Dates {
        match kind {
            PageKind::Plan(p) => self.plans[p],
            PageKind::Source(p) => Dates::of(plan_date(&m.plans[p])),
            PageKind::Project(p, i) => self.projects[p][i],
            PageKind::Report(p, r) => Dates::of(Some(report_date(&m.plans[p].reports[r]))),
            PageKind::Region(r) => ix.region_plans[r]
                .iter()
                .fold(Dates::default(), |a, &p| a.merge(self.plans[p])),
            PageKind::Category(c) => self.refs(&ix.category_projects[c]),
            PageKind::Program(g) => self.refs(&ix.program_projects[g]),
            PageKind::NotFound => Dates::default(),
            _ => self.site,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        PartialDate::parse(s)
    }

    #[test]
    fn merge_keeps_first_publication_and_last_change() {
        let a = Dates {
            published: d("2023-02"),
            updated: d("2023-02"),
        };
        let b = Dates {
            published: None,
            updated: d("2024-01-20"),
        };
        let m = a.merge(b);
        assert_eq!(m.published, d("2023-02"));
        assert_eq!(m.updated, d("2024-01-20"));
        assert_eq!(Dates::default().merge(a), a);
    }
}
