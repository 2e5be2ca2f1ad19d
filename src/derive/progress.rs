//! Progress, decided once for the whole site: for every project the report
//! entries that mention it (newest first) and its latest printed status;
//! for every plan a status summary; and a schedule check derived from the
//! plan's own milestones and deadlines, kept apart from any status the
//! government printed. Completion against target is taken as printed; a
//! ratio the site computes itself is marked as computed.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::*;

/// One report entry: `(report index in the plan, entry index)`.
pub type EntryRef = (usize, usize);

/// A project's progress across the reports of its plan.
#[derive(Debug, Clone, Default)]
pub struct ProjectProgress {
    /// Entries mentioning the project, newest report first.
    pub entries: Vec<EntryRef>,
    /// The newest entry that prints a status.
    pub latest_status: Option<EntryRef>,
    /// Per entry of `entries`: the schedule check derived for it, if any.
    pub schedule: Vec<Option<ScheduleCheck>>,
}

/// Whether a reported figure keeps pace with the plan's own schedule: the
/// cumulative milestone value due by the report's date, or the full target
/// once the plan's final deadline has passed. Derived, never printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduleCheck {
    pub on_track: bool,
    /// Target index the figure measures.
    pub target: usize,
    pub expected: f64,
    pub actual: f64,
    pub unit: UnitIdx,
    /// When `expected` was due.
    pub due: PartialDate,
    /// True when `expected` is the whole target at the final deadline.
    pub at_deadline: bool,
}

/// A plan's progress at a glance, from the newest status of each project.
#[derive(Debug, Clone, Default)]
pub struct PlanProgress {
    /// Projects per printed status (latest status of each project).
    pub by_status: BTreeMap<Status, usize>,
    /// Projects some report mentions.
    pub reported: usize,
    /// The newest report (index into the plan's `reports`).
    pub newest: Option<usize>,
}

/// Completion of one project against one target, for comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Completion {
    pub entry: EntryRef,
    /// Index of the actual in the entry.
    pub actual: usize,
    /// Percentage of target: as printed, or computed (`computed`).
    pub percent: Option<f64>,
    pub computed: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ProgressIndex {
    /// `[plan][project]`; shared, so that a preview keeps those of the
    /// plans an edit did not touch.
    pub projects: Vec<Arc<Vec<ProjectProgress>>>,
    pub plans: Vec<PlanProgress>,
}

impl ProgressIndex {
    pub fn new(m: &Model) -> ProgressIndex {
        Self::after(m, None)
    }

    /// [`ProgressIndex::new`], taking from `before` (a previous model and
    /// its index) what it computed for each plan that is the same shared
    /// value at the same position: a plan's progress is its own.
    pub fn after(m: &Model, before: Option<(&Model, &ProgressIndex)>) -> ProgressIndex {
        let mut projects = Vec::with_capacity(m.plans.len());
        let mut plans = Vec::with_capacity(m.plans.len());
        for (p, plan) in m.plans.iter().enumerate() {
            let kept = before.filter(|(model, _)| model.plans.get(p).is_some_and(|b| Arc::ptr_eq(b, plan)));
            match kept {
                Some((_, index)) => {
                    projects.push(index.projects[p].clone());
                    plans.push(index.plans[p].clone());
                }
                None => {
                    let pp = plan_projects(plan);
                    plans.push(summary(plan, &pp));
                    projects.push(Arc::new(pp));
                }
            }
        }
        ProgressIndex { projects, plans }
    }

    pub fn of(&self, p: PlanIdx, i: usize) -> &ProjectProgress {
        &self.projects[p][i]
    }

    /// The newest completion figure of project `(p, i)` against target `t`.
    pub fn completion(&self, m: &Model, p: PlanIdx, i: usize, t: usize) -> Option<Completion> {
        let plan = &m.plans[p];
        let target = plan.projects[i].targets[t].quantity?;
        self.of(p, i).entries.iter().find_map(|&(r, e)| {
            let entry = &plan.reports[r].entries[e];
            let a = entry.actuals.iter().position(|a| a.target == Some(t))?;
            let actual = &entry.actuals[a];
            let (percent, computed) = match actual.percent {
                Some(pct) => (Some(pct), false),
                None if target.value > 0.0 => (Some(actual.quantity.value / target.value * 100.0), true),
                None => (None, false),
            };
            Some(Completion {
                entry: (r, e),
                actual: a,
                percent,
                computed,
            })
        })
    }
}

fn plan_projects(plan: &Plan) -> Vec<ProjectProgress> {
    let mut out = vec![ProjectProgress::default(); plan.projects.len()];
    // Reports are oldest first: walk them backwards for newest first.
    for (r, report) in plan.reports.iter().enumerate().rev() {
        for (e, entry) in report.entries.iter().enumerate() {
            let pp = &mut out[entry.project];
            pp.entries.push((r, e));
            if pp.latest_status.is_none() && entry.status.is_some() {
                pp.latest_status = Some((r, e));
            }
            pp.schedule.push(schedule_check(plan, report, entry));
        }
    }
    out
}

fn summary(plan: &Plan, pp: &[ProjectProgress]) -> PlanProgress {
    let mut by_status = BTreeMap::new();
    for p in pp {
        if let Some((r, e)) = p.latest_status {
            if let Some((s, _)) = plan.reports[r].entries[e].status {
                *by_status.entry(s).or_insert(0) += 1;
            }
        }
    }
    PlanProgress {
        by_status,
        reported: pp.iter().filter(|p| !p.entries.is_empty()).count(),
        newest: plan.reports.len().checked_sub(1),
    }
}

/// The first actual of `entry` that the plan's schedule says something about.
fn schedule_check(plan: &Plan, report: &ProgressReport, entry: &Entry) -> Option<ScheduleCheck> {
    let project = &plan.projects[entry.project];
    entry.actuals.iter().find_map(|a| {
        let t = a.target?;
        let target = &project.targets[t];
        let tq = target.quantity?;
        let (expected, due, at_deadline) = match plan.deadline_full.filter(|d| is_past(*d, report.as_of)) {
            Some(d) => (tq.value, d, true),
            None => due_milestone(project, target, report.as_of)?,
        };
        Some(ScheduleCheck {
            on_track: a.quantity.value >= expected,
            target: t,
            expected,
            actual: a.quantity.value,
            unit: tq.unit,
            due,
            at_deadline,
        })
    })
}

/// The newest milestone value for `target` due by `as_of`.
fn due_milestone(project: &Project, target: &Target, as_of: PartialDate) -> Option<(f64, PartialDate, bool)> {
    let tq = target.quantity?;
    let same_unit = project
        .targets
        .iter()
        .filter(|x| x.quantity.is_some_and(|q| q.unit == tq.unit))
        .count();
    project
        .milestones
        .iter()
        .filter(|m| is_past(m.due, as_of))
        .filter_map(|m| {
            let v = m.values.iter().find(|v| match (v.metric, target.metric) {
                (Some(a), Some(b)) => a == b,
                (None, _) => v.quantity.unit == tq.unit && same_unit == 1,
                _ => false,
            })?;
            Some((v.quantity.value, m.due, false))
        })
        .max_by_key(|(_, due, _)| *due)
}

/// Whether `due` (a month means its last day) is on or before `as_of`.
fn is_past(due: PartialDate, as_of: PartialDate) -> bool {
    due.end() <= as_of.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn a_month_is_due_at_its_end() {
        assert!(is_past(d("2023-06"), d("2023-06-30")));
        assert!(!is_past(d("2023-06"), d("2023-06-29")));
        assert!(is_past(d("2023-06-15"), d("2023-06")));
        assert!(!is_past(d("2023-12"), d("2023-11-26")));
    }
}
