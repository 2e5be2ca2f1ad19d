//! Comparisons across plans, computed once in the derive stage: for each
//! program and each of its metrics, the figure every plan gives, per 10,000
//! residents where the population is known, and as a share of the parent
//! region's figure for the same metric in a plan of the **same year** (never
//! across years). Also the cascade: each plan carrying a program placed
//! under the nearest ancestor region's plan that carries it too.
//!
//! Values are only ever compared within one metric, and validation has
//! already guaranteed that every value of a metric is in the metric's unit.
//! A figure that is not additive (a rate, a per-unit norm, a shared
//! catalogue: [`NotAdditive`] on the metric or the target) gets neither a
//! per-capita value nor a share, and carries the reason for the page.

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::ProjectRef;
use crate::model::*;

/// One plan's figure for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub project: ProjectRef,
    /// Index of the target in the project.
    pub target: usize,
    pub value: f64,
    pub qualifier: Qualifier,
    /// Value per 10,000 residents and the population's year.
    pub per_10k: Option<(f64, i32)>,
    /// Share of the parent region's same-year figure.
    pub share: Option<Share>,
    /// Why the figure is not additive (then `per_10k` and `share` are empty).
    pub not_additive: Option<NotAdditive>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub parent: ProjectRef,
    pub parent_value: f64,
    pub ratio: f64,
}

/// All figures of one metric of a program, in plan order.
#[derive(Debug, Clone, Default)]
pub struct MetricComparison {
    pub cells: Vec<Cell>,
}

/// A node of the cascade tree of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeNode {
    pub project: ProjectRef,
    /// The headline figure: the first metric with a value, and its cell.
    pub headline: Option<(usize, Cell)>,
    pub children: Vec<CascadeNode>,
}

#[derive(Debug, Clone, Default)]
pub struct ProgramComparison {
    /// One per metric of the program, in the program's order.
    pub metrics: Vec<MetricComparison>,
    /// Projects of the program with no figure for any metric.
    pub without_figures: Vec<ProjectRef>,
    pub cascade: Vec<CascadeNode>,
}

/// The figure a project gives for metric `m` of program `prog`, if any.
pub fn figure(model: &Model, (p, i): ProjectRef, prog: ProgramIdx, m: usize) -> Option<(usize, Quantity)> {
    let want = MetricRef {
        program: prog,
        metric: m,
    };
    model.plans[p].projects[i]
        .targets
        .iter()
        .enumerate()
        .find_map(|(t, target)| match (target.metric, target.quantity) {
            (Some(mr), Some(q)) if mr == want => Some((t, q)),
            _ => None,
        })
}

/// Plans by region and year.
pub type PlanLookup = HashMap<(RegionIdx, i32), PlanIdx>;

pub fn plan_lookup(model: &Model) -> PlanLookup {
    model
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.region, p.year), i))
        .collect()
}

/// The comparison of every program, computed when first needed: a
/// preview serves an edited project page without waiting for them, and
/// computes them before the pages that show them are rendered in bulk.
#[derive(Debug, Clone, Default)]
pub struct Comparisons {
    computed: OnceLock<Vec<Arc<ProgramComparison>>>,
    /// Which programs are stale, and the comparisons of a previous map
    /// (in a preview): the others are taken from it.
    kept: Option<(Vec<bool>, Vec<Arc<ProgramComparison>>)>,
}

impl Comparisons {
    /// Comparisons to compute from `model`, reusing those of `before`
    /// (a previous map's, when it computed them) for the programs that
    /// `stale` does not mark.
    pub fn new(stale: Option<Vec<bool>>, before: Option<&Comparisons>) -> Comparisons {
        let kept = stale.zip(before.and_then(|b| b.computed.get()).cloned());
        Comparisons {
            computed: OnceLock::new(),
            kept,
        }
    }

    /// The comparisons, computed on first use, one program after the
    /// other: this may run inside a parallel render, where nested
    /// parallelism under a lock could wait on itself. [`Self::compute`]
    /// first for the parallel version.
    pub fn get(
        &self,
        model: &Model,
        program_projects: &[Vec<ProjectRef>],
        lookup: &PlanLookup,
    ) -> &[Arc<ProgramComparison>] {
        self.computed
            .get_or_init(|| self.each(model, program_projects, lookup).collect())
    }

    /// Computes the comparisons in parallel unless they are already; call
    /// it outside any parallel work (the build, a preview's catch-up).
    pub fn compute(&self, model: &Model, program_projects: &[Vec<ProjectRef>], lookup: &PlanLookup) {
        if self.computed.get().is_none() {
            let all = (0..model.programs.len())
                .into_par_iter()
                .map(|prog| self.one(model, prog, program_projects, lookup))
                .collect();
            // Whoever set it first computed the same.
            let _ = self.computed.set(all);
        }
    }

    /// Whether they are computed.
    pub fn is_computed(&self) -> bool {
        self.computed.get().is_some()
    }

    fn each<'a>(
        &'a self,
        model: &'a Model,
        program_projects: &'a [Vec<ProjectRef>],
        lookup: &'a PlanLookup,
    ) -> impl Iterator<Item = Arc<ProgramComparison>> + 'a {
        (0..model.programs.len()).map(move |prog| self.one(model, prog, program_projects, lookup))
    }

    fn one(
        &self,
        model: &Model,
        prog: ProgramIdx,
        program_projects: &[Vec<ProjectRef>],
        lookup: &PlanLookup,
    ) -> Arc<ProgramComparison> {
        match &self.kept {
            Some((stale, before)) if !stale[prog] => before[prog].clone(),
            _ => Arc::new(compare(model, prog, &program_projects[prog], lookup)),
        }
    }
}

/// Which programs' comparisons can differ between `before` and `now`, two
/// models checked against the same shared files: those of the projects of
/// every plan that changed (in either model). `None` when the plans
/// themselves differ (added, removed, moved), and everything may.
pub fn stale_programs(before: &Model, now: &Model) -> Option<Vec<bool>> {
    if before.plans.len() != now.plans.len() || before.programs.len() != now.programs.len() {
        return None;
    }
    let mut stale = vec![false; now.programs.len()];
    for (a, b) in before.plans.iter().zip(&now.plans) {
        if Arc::ptr_eq(a, b) {
            continue;
        }
        if (a.region, a.year) != (b.region, b.year) {
            return None;
        }
        for project in a.projects.iter().chain(&b.projects) {
            for &prog in &project.programs {
                *stale.get_mut(prog)? = true;
            }
        }
    }
    Some(stale)
}

fn compare(
    model: &Model,
    prog: ProgramIdx,
    projects: &[ProjectRef],
    by_region_year: &HashMap<(RegionIdx, i32), PlanIdx>,
) -> ProgramComparison {
    // Each project's cell per metric, computed once: the metric tables and
    // the cascade's headlines read the same cells, and a parent plan's
    // figure is found once per metric, not once per child region.
    let grid: Vec<Vec<Option<Cell>>> = (0..model.programs[prog].metrics.len())
        .map(|m| {
            let mut parents: HashMap<PlanIdx, Option<(ProjectRef, f64)>> = HashMap::new();
            let mut parent = |pp: PlanIdx| *parents.entry(pp).or_insert_with(|| parent_figure(model, pp, prog, m));
            projects
                .iter()
                .map(|&r| cell_with(model, r, prog, m, by_region_year, &mut parent))
                .collect()
        })
        .collect();
    let metrics = grid
        .iter()
        .map(|cells| MetricComparison {
            cells: cells.iter().flatten().cloned().collect(),
        })
        .collect();
    let without_figures = projects
        .iter()
        .enumerate()
        .filter(|&(k, _)| grid.iter().all(|cells| cells[k].is_none()))
        .map(|(_, &r)| r)
        .collect();
    let position: HashMap<ProjectRef, usize> = projects.iter().enumerate().map(|(k, &r)| (r, k)).collect();
    let headline = |r: ProjectRef| {
        let k = *position.get(&r)?;
        grid.iter()
            .enumerate()
            .find_map(|(m, cells)| cells[k].clone().map(|c| (m, c)))
    };
    ProgramComparison {
        cascade: cascade(model, projects, &headline),
        metrics,
        without_figures,
    }
}

/// The figure of metric `m` of `prog` in plan `plan` that a child region's
/// same-year figure is a share of: its first additive one, if positive.
fn parent_figure(model: &Model, plan: PlanIdx, prog: ProgramIdx, m: usize) -> Option<(ProjectRef, f64)> {
    (0..model.plans[plan].projects.len())
        .filter(|&j| model.plans[plan].projects[j].programs.contains(&prog))
        .find_map(|j| {
            figure(model, (plan, j), prog, m)
                .filter(|(t, _)| not_additive(model, (plan, j), *t, prog, m).is_none())
                .map(|(_, pq)| ((plan, j), pq.value))
        })
        .filter(|(_, pv)| *pv > 0.0)
}

/// The cell of project `r` for metric `m` of program `prog`: its figure,
/// per-capita value and same-year share of the parent region's figure.
pub fn cell(
    model: &Model,
    r: ProjectRef,
    prog: ProgramIdx,
    m: usize,
    by_region_year: &HashMap<(RegionIdx, i32), PlanIdx>,
) -> Option<Cell> {
    cell_with(model, r, prog, m, by_region_year, &mut |pp| {
        parent_figure(model, pp, prog, m)
    })
}

/// [`cell`], with the parent plan's figure from `parent`.
fn cell_with(
    model: &Model,
    r: ProjectRef,
    prog: ProgramIdx,
    m: usize,
    by_region_year: &HashMap<(RegionIdx, i32), PlanIdx>,
    parent: &mut dyn FnMut(PlanIdx) -> Option<(ProjectRef, f64)>,
) -> Option<Cell> {
    let (target, q) = figure(model, r, prog, m)?;
    let plan = &model.plans[r.0];
    let region = &model.regions[plan.region];
    let marker = not_additive(model, r, target, prog, m);
    if marker.is_some() {
        return Some(Cell {
            project: r,
            target,
            value: q.value,
            qualifier: q.qualifier,
            per_10k: None,
            share: None,
            not_additive: marker,
        });
    }
    let per_10k = region
        .population
        .as_ref()
        .map(|pop| (q.value / pop.value * 1e4, pop.year));
    let share = region.parent.and_then(|up| {
        let parent_plan = *by_region_year.get(&(up, plan.year))?;
        parent(parent_plan).map(|(parent, parent_value)| Share {
            parent,
            parent_value,
            ratio: q.value / parent_value,
        })
    });
    Some(Cell {
        project: r,
        target,
        value: q.value,
        qualifier: q.qualifier,
        per_10k,
        share,
        not_additive: None,
    })
}

/// Why target `t` of project `r` (a figure for metric `m` of `prog`) is
/// not additive: the target's own marker, else the metric's.
pub fn not_additive(model: &Model, (p, i): ProjectRef, t: usize, prog: ProgramIdx, m: usize) -> Option<NotAdditive> {
    model.plans[p].projects[i].targets[t]
        .not_additive
        .clone()
        .or_else(|| model.programs[prog].metrics[m].not_additive.clone())
}

/// Places each project under the project of the nearest ancestor region
/// that carries the program (any year; a same-year plan preferred); shares
/// only within a year. Linear in the program's projects: candidates and
/// children are looked up in maps, never by scanning the whole list.
fn cascade(model: &Model, projects: &[ProjectRef], headline: &Headline) -> Vec<CascadeNode> {
    let region_of = |r: ProjectRef| model.plans[r.0].region;
    let mut by_region: HashMap<RegionIdx, Vec<ProjectRef>> = HashMap::new();
    for &r in projects {
        by_region.entry(region_of(r)).or_default().push(r);
    }
    let parent_of = |r: ProjectRef| -> Option<ProjectRef> {
        let year = model.plans[r.0].year;
        let mut up = model.regions[region_of(r)].parent;
        while let Some(a) = up {
            if let Some(candidates) = by_region.get(&a) {
                return candidates
                    .iter()
                    .copied()
                    .min_by_key(|&c| (model.plans[c.0].year != year, std::cmp::Reverse(model.plans[c.0].year)));
            }
            up = model.regions[a].parent;
        }
        None
    };
    let mut children: HashMap<Option<ProjectRef>, Vec<ProjectRef>> = HashMap::new();
    for &r in projects {
        children.entry(parent_of(r)).or_default().push(r);
    }
    fn build(
        at: Option<ProjectRef>,
        children: &HashMap<Option<ProjectRef>, Vec<ProjectRef>>,
        headline: &Headline,
    ) -> Vec<CascadeNode> {
        children
            .get(&at)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&r| CascadeNode {
                project: r,
                headline: headline(r),
                children: build(Some(r), children, headline),
            })
            .collect()
    }
    build(None, &children, headline)
}

/// A project's first cell in metric order, with the metric's index.
type Headline<'a> = dyn Fn(ProjectRef) -> Option<(usize, Cell)> + 'a;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_programs_of_a_changed_plan_are_stale() {
        let before = crate::build::minimal_fixture_model();
        let mut now = before.clone();
        let none = vec![false; now.programs.len()];
        assert_eq!(stale_programs(&before, &now), Some(none.clone()), "nothing changed");
        let edited = Arc::make_mut(&mut now.plans[0]);
        edited.notes.clear();
        let mut want = none;
        for project in &now.plans[0].projects {
            for &prog in &project.programs {
                want[prog] = true;
            }
        }
        assert!(want.contains(&true), "the fixture's plan has programs");
        assert_eq!(stale_programs(&before, &now), Some(want));
        Arc::make_mut(&mut now.plans[0]).year += 1;
        assert_eq!(
            stale_programs(&before, &now),
            None,
            "a plan moved: everything may differ"
        );
    }
}
