//! One view builder per page kind. Each returns the page's [`Head`] and its
//! `data`, holding only what that page shows.

use serde::Serialize;

use super::view::{Ctx, Head, Html, Link, SourceLinks, T};
use crate::derive::{paths, Page, PageKind, ProjectRef};
use crate::model::*;

/// What becomes of a page's view once built: a template context
/// ([`ToContext`]), or first a fingerprint (the live preview's
/// [`super::incremental`]). Views are typed per page kind, so a sink takes
/// any serialisable data.
pub trait Sink {
    type Out;
    fn take<D: Serialize>(self, head: Head, data: D) -> Self::Out;
}

/// Turns a view into the template context: `page` (the head) and `data`.
pub struct ToContext;

impl Sink for ToContext {
    type Out = tera::Context;
    fn take<D: Serialize>(self, head: Head, data: D) -> tera::Context {
        let mut out = tera::Context::new();
        out.insert("page", &head);
        out.insert_value("data", tera::Value::from_serializable(&data));
        out
    }
}

/// Builds the template context of `page`.
pub fn context(c: &Ctx, page: &Page) -> tera::Context {
    view(c, page, ToContext)
}

/// Builds the view of `page` and hands it to `sink`.
pub fn view<S: Sink>(c: &Ctx, page: &Page, sink: S) -> S::Out {
    match page.kind {
        PageKind::Home => take(sink, home(c, page)),
        PageKind::Regions => take(sink, regions(c, page)),
        PageKind::Region(r) => take(sink, region(c, page, r)),
        PageKind::Plans => take(sink, plans(c, page)),
        PageKind::Plan(p) => take(sink, plan(c, page, p)),
        PageKind::Project(p, i) => take(sink, super::project::project(c, page, p, i)),
        PageKind::Source(p) => take(sink, source(c, page, p)),
        PageKind::Report(p, r) => take(sink, super::progress::report_page(c, page, p, r)),
        PageKind::Categories => take(sink, categories(c, page)),
        PageKind::Category(k) => take(sink, category(c, page, k)),
        PageKind::Programs => take(sink, programs(c, page)),
        PageKind::Program(p) => take(sink, program(c, page, p)),
        PageKind::About => take(sink, about(c, page)),
        PageKind::Matrix => take(
            sink,
            (
                c.head(page, c.ui("nav.compare"), None, vec![]),
                super::compare::matrix(c),
            ),
        ),
        PageKind::Data => take(sink, super::data::page::data_page(c, page)),
        PageKind::NotFound => sink.take(c.head(page, c.ui("notfound.title"), None, vec![]), ()),
    }
}

fn take<S: Sink, D: Serialize>(sink: S, (head, data): (Head, D)) -> S::Out {
    sink.take(head, data)
}

/// A row of a list of plans.
#[derive(Serialize)]
pub struct PlanRow {
    pub link: Link,
    pub region: Link,
    pub year: i32,
    pub document_number: Option<String>,
    pub projects: usize,
}

pub fn plan_row(c: &Ctx, p: PlanIdx) -> PlanRow {
    let plan = &c.model.plans[p];
    PlanRow {
        link: c.plan_link(p),
        region: c.region_link(plan.region),
        year: plan.year,
        document_number: plan.document_number.clone(),
        projects: plan.projects.len(),
    }
}

/// A row of a table of projects.
#[derive(Serialize)]
pub struct ProjectRow {
    pub number: String,
    pub link: Link,
    pub plan: Link,
    pub category: Link,
    pub headline: Vec<T>,
    /// The headline column keeps every digit (see [`super::format`]).
    pub all_digits: bool,
    pub units: Vec<T>,
    /// The latest status a report printed.
    pub status: Option<super::progress::Badge>,
}

/// The headline targets of a project: quantified ones as "metric: figure",
/// else the target's own words. `digits` is the table column's.
pub fn headline(c: &Ctx, project: &Project, digits: super::format::Digits) -> Vec<T> {
    project
        .targets
        .iter()
        .filter(|t| t.quantity.is_some())
        .map(|t| match (t.metric, &t.quantity) {
            (Some(m), Some(q)) => {
                let name = c.metric_name(m);
                let sep = if c.lang == Lang::Zh { "：" } else { ": " };
                T {
                    text: format!("{}{sep}{}", name.text, c.quantity_in(q, digits)),
                    fallback: name.fallback,
                }
            }
            _ => c.t(&t.text),
        })
        .collect()
}

/// The rows of a table of projects. The headline column is one column of
/// figures: it keeps every digit in every row when one figure would be
/// rounded by the grouped form (see [`super::format`]).
pub fn project_rows(c: &Ctx, refs: impl IntoIterator<Item = ProjectRef>) -> Vec<ProjectRow> {
    let refs: Vec<ProjectRef> = refs.into_iter().collect();
    let digits = super::format::column_digits(refs.iter().flat_map(|&(p, i)| {
        c.model.plans[p].projects[i]
            .targets
            .iter()
            .filter_map(|t| t.quantity.map(|q| q.value))
    }));
    refs.into_iter().map(|r| project_row(c, r, digits)).collect()
}

fn project_row(c: &Ctx, (p, i): ProjectRef, digits: super::format::Digits) -> ProjectRow {
    let project = &c.model.plans[p].projects[i];
    let units = if project.lead_units.is_empty() {
        &project.responsible_units
    } else {
        &project.lead_units
    };
    ProjectRow {
        number: c.item_number(project),
        link: c.project_link(p, i),
        plan: c.plan_short(p),
        category: c.category_link(project.category),
        headline: headline(c, project, digits),
        all_digits: digits == super::format::Digits::All,
        units: units.iter().map(|u| c.t(u)).collect(),
        status: super::progress::latest_badge(c, p, i),
    }
}

#[derive(Serialize)]
struct HomeData {
    intro: T,
    plans: Vec<PlanRow>,
    stats: Vec<(String, T)>,
}

fn home(c: &Ctx, page: &Page) -> (Head, HomeData) {
    let m = c.model;
    let projects: usize = m.plans.iter().map(|p| p.projects.len()).sum();
    let figures: usize = m
        .plans
        .iter()
        .flat_map(|p| &p.projects)
        .map(|p| p.targets.iter().filter(|t| t.quantity.is_some()).count())
        .sum();
    let regions = m
        .regions
        .iter()
        .enumerate()
        .filter(|(i, _)| !c.map.indexes.region_plans[*i].is_empty())
        .count();
    let stat = |n: usize, key: &str| (super::format::number(c.lang, n as f64), c.ui(key));
    let data = HomeData {
        intro: c.t(&m.site.description),
        plans: c
            .map
            .indexes
            .plans_in_tree_order
            .iter()
            .map(|&p| plan_row(c, p))
            .collect(),
        stats: vec![
            stat(m.plans.len(), "stats.plans"),
            stat(regions, "stats.regions"),
            stat(projects, "stats.projects"),
            stat(figures, "stats.targets"),
        ],
    };
    (c.head(page, c.t(&m.site.title), None, vec![]), data)
}

#[derive(Serialize)]
struct RegionNode {
    link: Link,
    level: T,
    plans: Vec<Link>,
    children: Vec<RegionNode>,
}

fn region_node(c: &Ctx, r: RegionIdx) -> RegionNode {
    RegionNode {
        link: c.region_link(r),
        level: c.ui(&format!("level.{}", c.model.regions[r].level.id())),
        plans: c.map.indexes.region_plans[r].iter().map(|&p| c.plan_short(p)).collect(),
        children: c.map.indexes.region_children[r]
            .iter()
            .map(|&ch| region_node(c, ch))
            .collect(),
    }
}

fn regions(c: &Ctx, page: &Page) -> (Head, Vec<RegionNode>) {
    let roots = (0..c.model.regions.len()).filter(|&r| c.model.regions[r].parent.is_none());
    (
        c.head(page, c.ui("nav.regions"), None, vec![]),
        roots.map(|r| region_node(c, r)).collect(),
    )
}

#[derive(Serialize)]
struct PopulationView {
    /// `771.95万人（2023年）`, `7,719,500 people (2023)`.
    figure: String,
    source: T,
    url: Option<String>,
}

#[derive(Serialize)]
struct RegionData {
    level: T,
    parent: Option<Link>,
    children: Vec<Link>,
    plans: Vec<PlanRow>,
    population: Option<PopulationView>,
}

fn region(c: &Ctx, page: &Page, r: RegionIdx) -> (Head, RegionData) {
    let region = &c.model.regions[r];
    let mut crumbs = vec![c.link(c.ui("nav.regions"), "regions/")];
    let mut up = region.parent;
    let mut ancestors = Vec::new();
    while let Some(a) = up {
        ancestors.push(c.region_link(a));
        up = c.model.regions[a].parent;
    }
    crumbs.extend(ancestors.into_iter().rev());
    let data = RegionData {
        level: c.ui(&format!("level.{}", region.level.id())),
        parent: region.parent.map(|p| c.region_link(p)),
        children: c.map.indexes.region_children[r]
            .iter()
            .map(|&ch| c.region_link(ch))
            .collect(),
        plans: c.map.indexes.region_plans[r].iter().map(|&p| plan_row(c, p)).collect(),
        population: region.population.as_ref().map(|p| PopulationView {
            figure: format!(
                "{}{}",
                super::format::amount(c.lang, p.value, &person_unit()),
                c.paren(&super::format::year(c.lang, p.year))
            ),
            source: c.t(&p.source),
            url: p.url.clone(),
        }),
    };
    (c.head(page, c.t(&region.name), None, crumbs), data)
}

fn person_unit() -> Unit {
    Unit {
        id: "person".into(),
        zh: "人".into(),
        en: "people".into(),
        en_one: Some("person".into()),
        generic: false,
    }
}

fn plans(c: &Ctx, page: &Page) -> (Head, Vec<PlanRow>) {
    (
        c.head(page, c.ui("nav.plans"), None, vec![]),
        c.map
            .indexes
            .plans_in_tree_order
            .iter()
            .map(|&p| plan_row(c, p))
            .collect(),
    )
}

#[derive(Serialize)]
struct SectionView {
    title: Option<T>,
    projects: Vec<ProjectRow>,
}

#[derive(Serialize)]
struct PlanData {
    /// Figures compared with the parent region's same-year plan.
    compared: Vec<super::compare::DerivedRow>,
    region: Link,
    year: i32,
    document_number: Option<String>,
    issuer: T,
    issued: Option<String>,
    published: Option<String>,
    adoption: T,
    adoption_note: Option<T>,
    deadline_basic: Option<String>,
    deadline_full: Option<String>,
    derived_from: Option<Link>,
    derived: Vec<Link>,
    intro: Option<Html>,
    notes: Vec<T>,
    sections: Vec<SectionView>,
    source: Link,
    source_links: SourceLinks,
    project_count: usize,
    progress: super::progress::PlanProgressView,
    /// The plan's open-data files.
    downloads: super::data::page::Downloads,
}

fn plan(c: &Ctx, page: &Page, p: PlanIdx) -> (Head, PlanData) {
    let plan = &c.model.plans[p];
    let rows = |section: Option<usize>| -> Vec<ProjectRow> {
        project_rows(
            c,
            (0..plan.projects.len())
                .filter(|&i| plan.projects[i].section == section)
                .map(|i| (p, i)),
        )
    };
    let sections = if plan.sections.is_empty() {
        vec![SectionView {
            title: None,
            projects: rows(None),
        }]
    } else {
        plan.sections
            .iter()
            .enumerate()
            .map(|(s, sec)| SectionView {
                title: Some(c.t(&sec.title)),
                projects: rows(Some(s)),
            })
            .collect()
    };
    let data = PlanData {
        compared: super::compare::derived_rows(c, p),
        region: c.region_link(plan.region),
        year: plan.year,
        document_number: plan.document_number.clone(),
        issuer: c.t(&plan.issuer),
        issued: plan.issued.as_ref().map(|d| c.date(d)),
        published: plan.published.as_ref().map(|d| c.date(d)),
        adoption: c.ui(&format!("adoption.{}", plan.adoption.id())),
        adoption_note: plan.adoption_note.as_ref().map(|t| c.t(t)),
        deadline_basic: plan.deadline_basic.as_ref().map(|d| c.date(d)),
        deadline_full: plan.deadline_full.as_ref().map(|d| c.date(d)),
        derived_from: plan.derived_from.map(|d| c.plan_link(d)),
        derived: c.map.indexes.derived_plans[p]
            .iter()
            .map(|&d| c.plan_short(d))
            .collect(),
        intro: plan.intro.as_ref().map(|t| c.md(t)),
        notes: plan.notes.iter().map(|t| c.t(t)).collect(),
        sections,
        source: c.link(c.ui("plan.source_link"), &paths::source(c.model, p)),
        source_links: c.source_links(&plan.source),
        project_count: plan.projects.len(),
        progress: super::progress::plan_progress(c, p),
        downloads: super::data::page::downloads(c, Some(p)),
    };
    let crumbs = vec![c.link(c.ui("nav.plans"), "plans/"), c.region_link(plan.region)];
    (c.head(page, c.t(&plan.title), None, crumbs), data)
}

#[derive(Serialize)]
struct SourceData {
    plan: Link,
    links: SourceLinks,
    notes: Vec<T>,
    paragraphs: Vec<String>,
}

fn source(c: &Ctx, page: &Page, p: PlanIdx) -> (Head, SourceData) {
    let plan = &c.model.plans[p];
    let data = SourceData {
        plan: c.plan_link(p),
        links: c.source_links(&plan.source),
        notes: plan.notes.iter().map(|t| c.t(t)).collect(),
        paragraphs: paragraphs(&plan.source.text),
    };
    let title = T {
        text: format!("{}{}", c.ui("source.title_prefix").text, c.t(&plan.title).text),
        fallback: c.t(&plan.title).fallback,
    };
    let crumbs = vec![c.link(c.ui("nav.plans"), "plans/"), c.plan_link(p)];
    (c.head(page, title, None, crumbs), data)
}

/// A document's text as paragraphs: one per non-blank line, trimmed.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_matches([' ', '\u{3000}', '\t']).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[derive(Serialize)]
struct CategoryRow {
    link: Link,
    description: Option<T>,
    projects: usize,
    programs: usize,
}

fn categories(c: &Ctx, page: &Page) -> (Head, Vec<CategoryRow>) {
    let ix = &c.map.indexes;
    let rows = c.model.categories.iter().enumerate().map(|(k, cat)| CategoryRow {
        link: c.category_link(k),
        description: cat.description.as_ref().map(|d| c.t(d)),
        projects: ix.category_projects[k].len(),
        programs: ix.category_programs[k].len(),
    });
    (c.head(page, c.ui("nav.categories"), None, vec![]), rows.collect())
}

#[derive(Serialize)]
struct CategoryData {
    description: Option<T>,
    programs: Vec<Link>,
    /// Projects grouped by plan (region and year), in plan order.
    groups: Vec<(Link, Vec<ProjectRow>)>,
    count: usize,
}

fn category(c: &Ctx, page: &Page, k: CategoryIdx) -> (Head, CategoryData) {
    let cat = &c.model.categories[k];
    let data = CategoryData {
        description: cat.description.as_ref().map(|d| c.t(d)),
        programs: c.map.indexes.category_programs[k]
            .iter()
            .map(|&p| c.program_link(p))
            .collect(),
        groups: group_by_plan(c, &c.map.indexes.category_projects[k]),
        count: c.map.indexes.category_projects[k].len(),
    };
    (
        c.head(
            page,
            c.t(&cat.name),
            None,
            vec![c.link(c.ui("nav.categories"), "categories/")],
        ),
        data,
    )
}

#[derive(Serialize)]
struct ProgramRow {
    link: Link,
    category: Link,
    projects: usize,
}

fn programs(c: &Ctx, page: &Page) -> (Head, Vec<ProgramRow>) {
    let rows = c.model.programs.iter().enumerate().map(|(i, p)| ProgramRow {
        link: c.program_link(i),
        category: c.category_link(p.category),
        projects: c.map.indexes.program_projects[i].len(),
    });
    (c.head(page, c.ui("nav.programs"), None, vec![]), rows.collect())
}

#[derive(Serialize)]
struct MetricView {
    name: T,
    unit: String,
    /// Why its figures are not added up or shared, when they are not.
    not_additive: Option<T>,
}

#[derive(Serialize)]
struct ProgramData {
    category: Link,
    description: Option<T>,
    metrics: Vec<MetricView>,
    projects: Vec<ProjectRow>,
    compare: super::compare::ProgramCompare,
    completion: Vec<super::progress::CompletionTable>,
}

fn program(c: &Ctx, page: &Page, p: ProgramIdx) -> (Head, ProgramData) {
    let prog = &c.model.programs[p];
    let data = ProgramData {
        category: c.category_link(prog.category),
        description: prog.description.as_ref().map(|d| c.t(d)),
        metrics: prog
            .metrics
            .iter()
            .map(|m| MetricView {
                name: c.t(&m.name),
                unit: c.unit_name(m.unit),
                not_additive: m
                    .not_additive
                    .as_ref()
                    .map(|n| super::compare::not_additive_reason(c, n)),
            })
            .collect(),
        projects: project_rows(c, c.map.indexes.program_projects[p].iter().copied()),
        compare: super::compare::program_compare(c, p),
        completion: super::progress::program_completion(c, p),
    };
    (
        c.head(
            page,
            c.t(&prog.name),
            None,
            vec![c.link(c.ui("nav.programs"), "programs/")],
        ),
        data,
    )
}

#[derive(Serialize)]
struct AboutSource {
    plan: Link,
    document_number: Option<String>,
    issuer: T,
    links: SourceLinks,
    source_page: String,
}

fn about(c: &Ctx, page: &Page) -> (Head, Vec<AboutSource>) {
    let rows = c
        .map
        .indexes
        .plans_in_tree_order
        .iter()
        .map(|&p| (p, &c.model.plans[p]))
        .map(|(p, plan)| AboutSource {
            plan: c.plan_link(p),
            document_number: plan.document_number.clone(),
            issuer: c.t(&plan.issuer),
            links: c.source_links(&plan.source),
            source_page: c.href(&paths::source(c.model, p)),
        });
    (c.head(page, c.ui("nav.about"), None, vec![]), rows.collect())
}

/// Rows of `refs` (in plan order) grouped under their plan, one table each.
fn group_by_plan(c: &Ctx, refs: &[ProjectRef]) -> Vec<(Link, Vec<ProjectRow>)> {
    let mut groups: Vec<(PlanIdx, Vec<ProjectRef>)> = Vec::new();
    for &r in refs {
        match groups.last_mut() {
            Some((p, rows)) if *p == r.0 => rows.push(r),
            _ => groups.push((r.0, vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(p, refs)| (c.plan_short(p), project_rows(c, refs)))
        .collect()
}
