//! Search views: which pages the index holds and what it records of each
//! ([`IndexView`]: `data-index-body`, filters and result metadata, laid
//! out by `base.html`), and the search page's own view ([`SearchPage`]: the
//! form, its filter options, the no-JavaScript fallback links and the
//! strings `assets/search.js` shows). The indexer itself is [`crate::search`].
//!
//! Filters hold ids (`region:tangshan`, `year:2024`, `category:education`),
//! so a search URL (`?q=公园&region=tangshan`) reads the same in both
//! languages; a project's region filter also holds every region above it, so
//! choosing a province finds its cities' and districts' projects too.

use serde::Serialize;

use super::view::{Ctx, Link};
use crate::derive::PageKind;
use crate::model::*;

/// Whether pages of `kind` in `lang` go into the search index. Lists that
/// only repeat their entries' titles (home, the indexes, the comparison
/// matrix) stay out, so results lead to the pages themselves; so does the
/// English version of a source page, which is the Chinese document.
pub fn indexed(kind: PageKind, lang: Lang) -> bool {
    match kind {
        PageKind::Region(_)
        | PageKind::Plan(_)
        | PageKind::Project(..)
        | PageKind::Report(..)
        | PageKind::Category(_)
        | PageKind::Program(_)
        | PageKind::About => true,
        PageKind::Source(_) => lang == Lang::Zh,
        _ => false,
    }
}

/// What the index records of a page; empty for pages it leaves out and for
/// the elderly-friendly variant (its search page uses the standard index).
#[derive(Debug, Default, Serialize)]
pub struct IndexView {
    /// Mark `<main>` with `data-index-body`.
    pub body: bool,
    /// `(name, value)` pairs for `data-index-filter`.
    pub filters: Vec<(String, String)>,
    /// `(name, value)` pairs for `data-index-meta`, shown with results.
    pub meta: Vec<(String, String)>,
}

/// The index view of a page.
pub fn index_view(c: &Ctx, kind: PageKind) -> IndexView {
    if c.care || !indexed(kind, c.lang) {
        return IndexView::default();
    }
    let m = c.model;
    let mut v = IndexView {
        body: true,
        ..IndexView::default()
    };
    let plan_facts = |v: &mut IndexView, p: PlanIdx| {
        let plan = &m.plans[p];
        region_filters(c, v, plan.region);
        v.filters.push(("year".into(), plan.year.to_string()));
        v.meta.push(("region".into(), c.t(&m.regions[plan.region].name).text));
        v.meta.push(("year".into(), super::format::year(c.lang, plan.year)));
    };
    let kind_key = match kind {
        PageKind::Project(p, i) => {
            let project = &m.plans[p].projects[i];
            plan_facts(&mut v, p);
            v.filters
                .push(("category".into(), m.categories[project.category].id.clone()));
            v.meta
                .push(("category".into(), c.t(&m.categories[project.category].name).text));
            "project"
        }
        PageKind::Plan(p) => {
            plan_facts(&mut v, p);
            "plan"
        }
        PageKind::Report(p, _) => {
            plan_facts(&mut v, p);
            "report"
        }
        PageKind::Source(p) => {
            plan_facts(&mut v, p);
            "source"
        }
        PageKind::Region(r) => {
            region_filters(c, &mut v, r);
            "region"
        }
        PageKind::Category(k) => {
            v.filters.push(("category".into(), m.categories[k].id.clone()));
            "category"
        }
        PageKind::Program(g) => {
            let k = m.programs[g].category;
            v.filters.push(("category".into(), m.categories[k].id.clone()));
            v.meta.push(("category".into(), c.t(&m.categories[k].name).text));
            "program"
        }
        _ => "page",
    };
    v.meta
        .insert(0, ("type".into(), c.ui(&format!("search.type.{kind_key}")).text));
    v
}

/// `region:<id>` for the region and every region above it.
fn region_filters(c: &Ctx, v: &mut IndexView, r: RegionIdx) {
    let mut at = Some(r);
    while let Some(x) = at {
        v.filters.push(("region".into(), c.model.regions[x].id.clone()));
        at = c.model.regions[x].parent;
    }
}

/// An option of a filter select.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The search page.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    /// Where the form sends `q` (this page).
    pub action: String,
    /// The folder of the page's language's index (one index for both
    /// variants), from which `search.js` reads `index.json`.
    pub bundle: String,
    /// The page's script, `assets/search.js`.
    pub script: String,
    /// Site base path (`/minsheng/`); `search.js` adds `care/` on the
    /// 关怀版 search page, so its results stay in that variant.
    pub base: String,
    pub regions: Vec<Choice>,
    pub years: Vec<Choice>,
    pub categories: Vec<Choice>,
    /// Where to browse without JavaScript.
    pub browse: Vec<Link>,
}

pub fn search_page(c: &Ctx) -> SearchPage {
    let m = c.model;
    let mut years: Vec<i32> = m.plans.iter().map(|p| p.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let base = &c.map.base_path;
    SearchPage {
        action: c.href("search/"),
        bundle: format!("{base}{}", crate::search::bundle_dir(c.lang)),
        script: format!("{base}assets/search.js"),
        base: base.clone(),
        regions: region_choices(c),
        years: years
            .into_iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: super::format::year(c.lang, y),
            })
            .collect(),
        categories: m
            .categories
            .iter()
            .enumerate()
            .filter(|(k, _)| !c.map.indexes.category_projects[*k].is_empty())
            .map(|(_, cat)| Choice {
                value: cat.id.clone(),
                label: c.t(&cat.name).text,
            })
            .collect(),
        browse: vec![
            c.link(c.ui("nav.regions"), "regions/"),
            c.link(c.ui("nav.categories"), "categories/"),
            c.link(c.ui("nav.plans"), "plans/"),
            c.link(c.ui("nav.programs"), "programs/"),
        ],
    }
}

/// Regions depth first, indented by level with figure spaces (a select
/// cannot nest deeper than one group).
fn region_choices(c: &Ctx) -> Vec<Choice> {
    let m = c.model;
    let children = &c.map.indexes.region_children;
    let mut out = Vec::with_capacity(m.regions.len());
    let mut stack: Vec<(RegionIdx, usize)> = (0..m.regions.len())
        .rev()
        .filter(|&r| m.regions[r].parent.is_none())
        .map(|r| (r, 0))
        .collect();
    while let Some((r, depth)) = stack.pop() {
        out.push(Choice {
            value: m.regions[r].id.clone(),
            label: format!("{}{}", "\u{2007}\u{2007}".repeat(depth), c.t(&m.regions[r].name).text),
        });
        stack.extend(children[r].iter().rev().map(|&ch| (ch, depth + 1)));
    }
    out
}
