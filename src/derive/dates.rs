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

/// The latest change of a plan's content: its publication, its `updated`
/// date (the last editorial change on this site) and the publication (else
/// `as_of`) of each of its progress reports.
pub fn plan_updated(plan: &Plan) -> Option<PartialDate> {
    let reports = plan.reports.iter().map(report_date);
    plan_date(plan).into_iter().chain(plan.updated).chain(reports).max()
}

/// What a page about several plans shows of their dates: the earliest and
/// the latest publication, and the latest change ([`plan_updated`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub first: Option<PartialDate>,
    pub last: Option<PartialDate>,
    pub updated: Option<PartialDate>,
    /// How many plans.
    pub plans: usize,
}

impl Span {
    /// The span of `plans`, each counted once.
    pub fn of(m: &Model, plans: impl IntoIterator<Item = PlanIdx>) -> Span {
        plans.into_iter().fold(Span::default(), |s, p| {
            let plan = &m.plans[p];
            let published = plan_date(plan);
            Span {
                first: min(s.first, published),
                last: s.last.max(published),
                updated: s.updated.max(plan_updated(plan)),
                plans: s.plans + 1,
            }
        })
    }

    /// The span of the plans of `refs`.
    fn of_refs(m: &Model, refs: &[ProjectRef]) -> Span {
        let mut plans: Vec<PlanIdx> = refs.iter().map(|r| r.0).collect();
        plans.sort_unstable();
        plans.dedup();
        Span::of(m, plans)
    }
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
    /// Per category and program, and for the whole site: computed on first
    /// use ([`ContentDates::groups`]).
    groups: std::sync::OnceLock<Groups>,
}

/// The dates of the pages about a category, a program or the whole site.
/// Their lists are paginated, so at 100,000 projects hundreds of pages
/// share each; made once rather than from every project on every page.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    categories: Vec<Dates>,
    programs: Vec<Dates>,
    pub category_spans: Vec<Span>,
    pub program_spans: Vec<Span>,
    pub site_span: Span,
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
        ContentDates {
            plans,
            projects,
            site,
            groups: std::sync::OnceLock::new(),
        }
    }

    /// The dates of each category, each program and the whole site, made
    /// on first use from `m` and `ix`, the model and indexes these dates
    /// belong to.
    pub fn groups(&self, m: &Model, ix: &Indexes) -> &Groups {
        self.groups.get_or_init(|| Groups {
            categories: ix.category_projects.iter().map(|refs| self.refs(refs)).collect(),
            programs: ix.program_projects.iter().map(|refs| self.refs(refs)).collect(),
            category_spans: ix.category_projects.iter().map(|refs| Span::of_refs(m, refs)).collect(),
            program_spans: ix.program_projects.iter().map(|refs| Span::of_refs(m, refs)).collect(),
            site_span: Span::of(m, 0..m.plans.len()),
        })
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
            PageKind::Category(c) => self.groups(m, ix).categories[c],
            PageKind::Program(g) => self.groups(m, ix).programs[g],
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

    /// On the shipped plans: the dates made once per category, program
    /// and site are those made from their projects' plans page by page.
    #[test]
    fn group_dates_are_those_of_their_plans() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = crate::load::SourceSet::read_dir(root).unwrap();
        let m = crate::build::validate_sources(&sources).unwrap().model;
        let map = crate::derive::SiteMap::new(&m, &m.site.base_url);
        let ix = &map.indexes;
        let g = ix.dates.groups(&m, ix);
        let direct = |refs: &[ProjectRef]| {
            let mut plans: Vec<PlanIdx> = refs.iter().map(|r| r.0).collect();
            plans.sort_unstable();
            plans.dedup();
            let published: Vec<PartialDate> = plans.iter().filter_map(|&p| plan_date(&m.plans[p])).collect();
            Span {
                first: published.iter().min().copied(),
                last: published.iter().max().copied(),
                updated: plans.iter().filter_map(|&p| plan_updated(&m.plans[p])).max(),
                plans: plans.len(),
            }
        };
        let mut several = 0;
        for (c, refs) in ix.category_projects.iter().enumerate() {
            assert_eq!(g.category_spans[c], direct(refs));
            let folded = refs
                .iter()
                .fold(Dates::default(), |a, &(p, i)| a.merge(ix.dates.projects[p][i]));
            assert_eq!(ix.dates.page(&m, ix, PageKind::Category(c)), folded);
            several += usize::from(g.category_spans[c].plans > 1);
        }
        for (p, refs) in ix.program_projects.iter().enumerate() {
            assert_eq!(g.program_spans[p], direct(refs));
        }
        let all: Vec<ProjectRef> = (0..m.plans.len()).map(|p| (p, 0)).collect();
        assert_eq!(g.site_span, direct(&all));
        assert!(several > 0 && g.site_span.plans == m.plans.len());
        assert!(g.site_span.first < g.site_span.last, "the shipped plans span years");
    }
}
