//! Stage 3, **derive**: decide what the site consists of. From the model it
//! computes every page (its kind and URL path, the same in both languages)
//! and the reverse indexes pages need: a region's children and plans, a
//! program's and a category's projects, the plans derived from a plan.
//! Indexes are built in one pass over the model, so no page ever scans all
//! pages: the work stays linear in the size of the content. Lists that grow
//! with the corpus are split into parts ([`paging`]), so no page does.
//! The comparisons, the costliest index, are computed on first use
//! ([`Indexes::complete`] computes them in parallel); a live preview derives
//! a new map from the last ([`SiteMap::after`]), keeping what each unedited
//! plan gave.

pub mod compare;
pub mod dates;
pub mod paging;
pub mod progress;

use crate::model::*;

/// A project by position: plan index and project index within the plan.
pub type ProjectRef = (PlanIdx, usize);

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Regions,
    Region(RegionIdx),
    Plans,
    Plan(PlanIdx),
    Project(PlanIdx, usize),
    Source(PlanIdx),
    /// A progress report: what it says of each project, and its text.
    Report(PlanIdx, usize),
    Categories,
    Category(CategoryIdx),
    Programs,
    Program(ProgramIdx),
    About,
    /// Programs × plans: which plan carries which program.
    Matrix,
    /// The open-data page: every download, its columns and licence.
    Data,
    /// Search across the site (the index is built with the pages).
    Search,
    NotFound,
}

impl PageKind {
    /// Template that renders this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Home => "home.html",
            PageKind::Regions => "regions.html",
            PageKind::Region(_) => "region.html",
            PageKind::Plans => "plans.html",
            PageKind::Plan(_) => "plan.html",
            PageKind::Project(..) => "project.html",
            PageKind::Source(_) => "source.html",
            PageKind::Report(..) => "report.html",
            PageKind::Categories => "categories.html",
            PageKind::Category(_) => "category.html",
            PageKind::Programs => "programs.html",
            PageKind::Program(_) => "program.html",
            PageKind::About => "about.html",
            PageKind::Matrix => "matrix.html",
            PageKind::Data => "data.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// One page, language-independent.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Path below the language root: `""` (home), `plans/hebei/2023/`, `404.html`.
    pub path: String,
    /// Which part of its list the page shows ([`paging`]).
    pub part: paging::Part,
}

impl Page {
    /// The file this page is written to, relative to the language root.
    pub fn file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
}

/// Reverse indexes over the model.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    pub region_children: Vec<Vec<RegionIdx>>,
    pub region_plans: Vec<Vec<PlanIdx>>,
    pub category_projects: Vec<Vec<ProjectRef>>,
    pub category_programs: Vec<Vec<ProgramIdx>>,
    pub program_projects: Vec<Vec<ProjectRef>>,
    pub derived_plans: Vec<Vec<PlanIdx>>,
    /// Per program: figures per metric, per capita, shares and the cascade,
    /// computed when first needed ([`Indexes::comparisons`]).
    pub comparisons: compare::Comparisons,
    pub plan_by_region_year: compare::PlanLookup,
    /// Plans in region-tree order (a region's plans, then its children's,
    /// depth first): the reading order of lists and comparison tables.
    pub plans_in_tree_order: Vec<PlanIdx>,
    /// Progress per project and plan, and schedule checks.
    pub progress: progress::ProgressIndex,
    /// When each page's content was published and last changed.
    pub dates: dates::ContentDates,
}

/// The whole site, decided: pages, indexes and URL rules.
#[derive(Debug, Clone)]
pub struct SiteMap {
    pub pages: Vec<Page>,
    /// Where each plan's own pages (plan, source, reports, projects) are
    /// in `pages`.
    pub plan_pages: Vec<std::ops::Range<usize>>,
    pub indexes: Indexes,
    /// Absolute base URL ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`: `/` or `/minsheng/`.
    pub base_path: String,
    /// Whether the elderly-friendly variant is built (under `care/`).
    pub care_mode: bool,
}

/// URL paths of entities, below the language root.
pub mod paths {
    use crate::model::*;

    pub fn region(m: &Model, r: RegionIdx) -> String {
        format!("regions/{}/", m.regions[r].id)
    }
    pub fn plan(m: &Model, p: PlanIdx) -> String {
        format!("plans/{}/", m.plan_key(&m.plans[p]))
    }
    pub fn project(m: &Model, p: PlanIdx, i: usize) -> String {
        project_of(&plan(m, p), &m.plans[p].projects[i].id)
    }
    /// A project's page below its plan's (`plans/hebei/2023/`).
    pub fn project_of(plan: &str, id: &str) -> String {
        format!("{plan}{id}/")
    }
    pub fn source(m: &Model, p: PlanIdx) -> String {
        source_of(&plan(m, p))
    }
    pub fn source_of(plan: &str) -> String {
        format!("{plan}source/")
    }
    /// A progress report's page, with its text: `plans/hebei/2023/progress/2023-06-30/`.
    pub fn report(m: &Model, p: PlanIdx, r: usize) -> String {
        report_of(&plan(m, p), &m.plans[p].reports[r].id)
    }
    pub fn report_of(plan: &str, id: &str) -> String {
        format!("{plan}progress/{id}/")
    }
    /// The plan's progress data as CSV, beside its page.
    pub fn progress_csv(m: &Model, p: PlanIdx) -> String {
        format!("plans/{}/progress.csv", m.plan_key(&m.plans[p]))
    }
    /// The folder of the plan's open data (written once, not per language).
    pub fn plan_data(m: &Model, p: PlanIdx) -> String {
        format!("plans/{}/data/", m.plan_key(&m.plans[p]))
    }
    /// The folder of the whole site's open data, beside the `/data/` page.
    pub const SITE_DATA: &str = "data/";
    pub fn category(m: &Model, c: CategoryIdx) -> String {
        format!("categories/{}/", m.categories[c].id)
    }
    pub fn program(m: &Model, p: ProgramIdx) -> String {
        format!("programs/{}/", m.programs[p].id)
    }
}

impl SiteMap {
    /// Builds the page list and indexes. `base_url` must end in `/`.
    pub fn new(model: &Model, base_url: &str) -> SiteMap {
        let map = Self::after(model, base_url, None);
        map.indexes.complete(model);
        map
    }

    /// [`SiteMap::new`], reusing what `before` (the previous model and its
    /// map, in a preview) computed for the programs no changed plan
    /// touches. What [`Indexes::complete`] computes is left to first use.
    /// Give `before` only when the files every plan is checked
    /// against are unchanged: then a plan left as it was is the same
    /// shared value in both models.
    pub fn after(model: &Model, base_url: &str, before: Option<(&Model, &SiteMap)>) -> SiteMap {
        let indexes = indexes(model, before);
        let lists = [
            (PageKind::Home, ""),
            (PageKind::Regions, "regions/"),
            (PageKind::Plans, "plans/"),
            (PageKind::Categories, "categories/"),
            (PageKind::Programs, "programs/"),
            (PageKind::About, "about/"),
            (PageKind::Matrix, "compare/"),
            (PageKind::Data, "data/"),
            (PageKind::Search, "search/"),
            (PageKind::NotFound, "404.html"),
        ];
        let mut pages: Vec<Page> = lists
            .into_iter()
            .flat_map(|(kind, path)| paged(model, &indexes, kind, path.into()))
            .collect();
        pages.extend((0..model.regions.len()).map(|r| page(PageKind::Region(r), paths::region(model, r))));
        let mut plan_pages = Vec::with_capacity(model.plans.len());
        for p in 0..model.plans.len() {
            let start = pages.len();
            match before.and_then(|b| kept_plan_pages(model, b, p)) {
                Some(kept) => pages.extend_from_slice(kept),
                None => push_plan_pages(&mut pages, model, p),
            }
            plan_pages.push(start..pages.len());
        }
        for k in 0..model.categories.len() {
            pages.extend(paged(model, &indexes, PageKind::Category(k), paths::category(model, k)));
        }
        for g in 0..model.programs.len() {
            pages.extend(paged(model, &indexes, PageKind::Program(g), paths::program(model, g)));
        }
        SiteMap {
            pages,
            plan_pages,
            indexes,
            base_url: base_url.to_string(),
            base_path: base_path(base_url),
            care_mode: model.site.care_mode,
        }
    }

    /// Link to the page at `path` in `lang`, from the page being rendered:
    /// [`PAGE_ROOT`] and the path below it (`en/plans/hebei/2023/`). The
    /// marker becomes the way up to the site root once the page is rendered
    /// ([`page_root`]), so the same bytes serve a page and its 关怀版 twin
    /// under `care/`, and each one's links stay in its own variant.
    pub fn href(&self, lang: Lang, path: &str) -> String {
        format!("{PAGE_ROOT}{}{}", lang_prefix(lang), path)
    }

    /// Root-relative link (`/minsheng/en/data/plans.json`) for files that
    /// are the same in both variants (downloads, feeds, scripts), and for
    /// links that name a variant (the 关怀版 switch).
    pub fn file_href(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// Root-relative link to `path` in `lang` in a given variant (the
    /// 关怀版 switch): the same in both variants' bytes.
    pub fn variant_href(&self, care: bool, lang: Lang, path: &str) -> String {
        format!("{}{}{}{}", self.base_path, care_prefix(care), lang_prefix(lang), path)
    }

    /// Absolute URL, for canonical and hreflang links.
    pub fn absolute(&self, lang: Lang, path: &str) -> String {
        format!("{}{}{}", self.base_url, lang_prefix(lang), path)
    }
}

/// Marks the site root in rendered page links until [`page_root`] replaces
/// it: two private-use characters in an order no text uses.
pub const PAGE_ROOT: &str = "\u{F8FF}\u{F8FE}/";

/// What [`PAGE_ROOT`] becomes in the page written at `file` (relative to the
/// output folder): the way up from its folder to the site root (`../../`,
/// or `./` at the root). Relative links resolve inside whichever variant
/// serves the file, so one rendering serves both.
pub fn page_root(file: &str) -> String {
    let depth = file.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The folder of the elderly-friendly variant (关怀版): the same page bytes
/// (hard-linked on disk) served under `care/`, where `assets/style.css` is
/// the larger, higher-contrast stylesheet. Page links are relative, so they
/// stay inside the variant and the choice persists from page to page
/// without JavaScript or cookies.
pub fn care_prefix(care: bool) -> &'static str {
    if care {
        "care/"
    } else {
        ""
    }
}

/// The folder of a language below the site root: `""` or `en/`.
pub fn lang_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => "en/",
    }
}

fn page(kind: PageKind, path: String) -> Page {
    Page {
        kind,
        path,
        part: paging::Part::WHOLE,
    }
}

/// The page of `kind` at `path`, split into parts when its list is long
/// ([`paging::split`]).
fn paged(model: &Model, indexes: &Indexes, kind: PageKind, path: String) -> Vec<Page> {
    match paging::split(model, indexes, kind) {
        None => vec![page(kind, path)],
        Some((len, per)) => paging::parts(len, per)
            .map(|part| Page {
                kind,
                path: paging::Part::path(&path, part.index),
                part,
            })
            .collect(),
    }
}

/// A plan's own pages: its page, its source, its reports and projects.
fn push_plan_pages(pages: &mut Vec<Page>, m: &Model, p: PlanIdx) {
    let plan = &m.plans[p];
    let base = paths::plan(m, p);
    pages.push(page(PageKind::Plan(p), base.clone()));
    pages.push(page(PageKind::Source(p), paths::source_of(&base)));
    pages.extend(
        plan.reports
            .iter()
            .enumerate()
            .map(|(r, report)| page(PageKind::Report(p, r), paths::report_of(&base, &report.id))),
    );
    pages.extend(
        plan.projects
            .iter()
            .enumerate()
            .map(|(i, project)| page(PageKind::Project(p, i), paths::project_of(&base, &project.id))),
    );
}

/// Plan `p`'s pages in `before` (a previous model and its map, checked
/// against the same shared files), when the plan is the same shared value
/// at the same position there: its pages are then the same.
fn kept_plan_pages<'a>(m: &Model, (model, map): (&Model, &'a SiteMap), p: PlanIdx) -> Option<&'a [Page]> {
    let same = model
        .plans
        .get(p)
        .is_some_and(|b| std::sync::Arc::ptr_eq(b, &m.plans[p]));
    same.then(|| &map.pages[map.plan_pages[p].clone()])
}

/// `https://example.gov.cn/minsheng/` → `/minsheng/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

fn indexes(m: &Model, before: Option<(&Model, &SiteMap)>) -> Indexes {
    let mut ix = Indexes {
        region_children: vec![Vec::new(); m.regions.len()],
        region_plans: vec![Vec::new(); m.regions.len()],
        category_projects: vec![Vec::new(); m.categories.len()],
        category_programs: vec![Vec::new(); m.categories.len()],
        program_projects: vec![Vec::new(); m.programs.len()],
        derived_plans: vec![Vec::new(); m.plans.len()],
        comparisons: compare::Comparisons::default(),
        plan_by_region_year: compare::plan_lookup(m),
        plans_in_tree_order: Vec::new(),
        progress: progress::ProgressIndex::after(m, before.map(|(model, map)| (model, &map.indexes.progress))),
        dates: dates::ContentDates::new(m),
    };
    for (i, r) in m.regions.iter().enumerate() {
        if let Some(p) = r.parent {
            ix.region_children[p].push(i);
        }
    }
    for (i, p) in m.programs.iter().enumerate() {
        ix.category_programs[p.category].push(i);
    }
    for (pi, plan) in m.plans.iter().enumerate() {
        ix.region_plans[plan.region].push(pi);
        if let Some(d) = plan.derived_from {
            ix.derived_plans[d].push(pi);
        }
    }
    // Newest plan first within a region.
    for plans in &mut ix.region_plans {
        plans.sort_by_key(|&p| std::cmp::Reverse(m.plans[p].year));
    }
    ix.plans_in_tree_order = tree_order(m, &ix.region_children, &ix.region_plans);
    debug_assert_eq!(
        ix.plans_in_tree_order.len(),
        m.plans.len(),
        "every region is below a root"
    );
    // In reading order (plans in tree order, projects in plan order), so
    // that the lists need no sorting.
    for &pi in &ix.plans_in_tree_order {
        for (j, project) in m.plans[pi].projects.iter().enumerate() {
            ix.category_projects[project.category].push((pi, j));
            for &prog in &project.programs {
                ix.program_projects[prog].push((pi, j));
            }
        }
    }
    ix.comparisons = match before {
        Some((model, map)) => {
            compare::Comparisons::new(compare::stale_programs(model, m), Some(&map.indexes.comparisons))
        }
        None => compare::Comparisons::default(),
    };
    ix
}

impl Indexes {
    /// Every program's comparison, computed on first use from `m`, the
    /// model these indexes were derived from.
    pub fn comparisons(&self, m: &Model) -> &[std::sync::Arc<compare::ProgramComparison>] {
        self.comparisons
            .get(m, &self.program_projects, &self.plan_by_region_year)
    }

    /// Computes what is computed on first use, in parallel. The build does
    /// it while deriving; a preview once an edit is served, before
    /// rendering every page.
    pub fn complete(&self, m: &Model) {
        self.comparisons
            .compute(m, &self.program_projects, &self.plan_by_region_year);
    }
}

/// Plans depth first over the region tree, oldest plan first in a region.
fn tree_order(m: &Model, children: &[Vec<RegionIdx>], plans: &[Vec<PlanIdx>]) -> Vec<PlanIdx> {
    let mut out = Vec::with_capacity(m.plans.len());
    let mut stack: Vec<RegionIdx> = (0..m.regions.len())
        .rev()
        .filter(|&r| m.regions[r].parent.is_none())
        .collect();
    while let Some(r) = stack.pop() {
        let mut own = plans[r].clone();
        own.sort_by_key(|&p| m.plans[p].year);
        out.extend(own);
        stack.extend(children[r].iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.gov.cn/"), "/");
        assert_eq!(base_path("https://example.gov.cn/minsheng/"), "/minsheng/");
    }

    /// The fixture's plan, and a copy of it a year later: two plans.
    fn two_plans() -> Model {
        let mut m = crate::build::minimal_fixture_model();
        let mut next = (*m.plans[0]).clone();
        next.year += 1;
        m.plans.push(std::sync::Arc::new(next));
        m
    }

    #[test]
    fn a_map_after_an_edit_equals_a_new_one_and_keeps_what_it_can() {
        let before = two_plans();
        let before_map = SiteMap::new(&before, "https://example.gov.cn/");
        let mut now = before.clone();
        let edited = std::sync::Arc::make_mut(&mut now.plans[0]);
        edited.projects[0].id = "renamed".into();
        let after = SiteMap::after(&now, "https://example.gov.cn/", Some((&before, &before_map)));
        let fresh = SiteMap::new(&now, "https://example.gov.cn/");
        assert_eq!(format!("{:?}", after.pages), format!("{:?}", fresh.pages));
        assert_eq!(after.plan_pages, fresh.plan_pages);
        assert!(
            after.pages.iter().any(|p| p.path.ends_with("/renamed/")),
            "the edit shows"
        );
        assert_eq!(
            format!("{:?}", after.indexes.progress),
            format!("{:?}", fresh.indexes.progress)
        );
        let progress = |map: &SiteMap| map.indexes.progress.projects[1].clone();
        assert!(
            std::sync::Arc::ptr_eq(&progress(&after), &progress(&before_map)),
            "unedited plan kept"
        );
        assert!(
            !after.indexes.comparisons.is_computed(),
            "comparisons wait for first use"
        );
        assert!(fresh.indexes.comparisons.is_computed(), "a new map computes them");
        after.indexes.complete(&now);
        assert_eq!(
            format!("{:?}", after.indexes.comparisons(&now)),
            format!("{:?}", fresh.indexes.comparisons(&now))
        );
    }

    #[test]
    fn page_files() {
        assert_eq!(page(PageKind::Home, String::new()).file(), "index.html");
        assert_eq!(page(PageKind::NotFound, "404.html".into()).file(), "404.html");
        assert_eq!(page(PageKind::Plans, "plans/".into()).file(), "plans/index.html");
    }
}
