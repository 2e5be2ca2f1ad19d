//! Plans between their own check and the model: [`checked`] validates one
//! plan folder on its own (see [`super::plan`]) and keeps of its raw file
//! only what linking needs; [`link`] sorts the checked plans and resolves
//! the plans they derive from. The build checks plans in parallel and links
//! them once; the preview keeps each [`Checked`] plan between edits
//! ([`super::kept`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::plan::{one_plan, PlanContext};
use super::{pos, resolve, Report};
use crate::error::Diagnostic;
use crate::load::raw::S;
use crate::load::{self, Loaded, LoadedPlan, PlanParse, Repaired, SourceSet};
use crate::model::Plan;

/// One plan folder parsed and checked on its own (on a rayon thread), with
/// all it reported; the raw plan itself is dropped.
#[derive(Clone)]
pub(crate) struct FolderCheck {
    diagnostics: Vec<Diagnostic>,
    repaired: Repaired,
    review: Vec<Diagnostic>,
    /// Why the plan could not be read, when it could not.
    failure: Option<Vec<Diagnostic>>,
    checked: Option<Checked>,
    errors: Vec<Diagnostic>,
    /// Shared: a preview's runs each take them without copying
    /// ([`super::kept::Warnings`]).
    warnings: Arc<Vec<Diagnostic>>,
}

impl FolderCheck {
    /// Parses and checks the plan folder of `key` (its `plan.yaml`) against
    /// `ctx`, reporting in a child of `base`.
    pub(crate) fn run(sources: &SourceSet, key: &str, base: &Report, ctx: &PlanContext) -> FolderCheck {
        let PlanParse {
            plan: parsed,
            diagnostics,
            repaired,
            review,
        } = load::parse_plan_folder(sources, key);
        let mut local = base.child();
        let checked = parsed.as_ref().ok().and_then(|lp| checked(&mut local, lp, ctx));
        // Sorted once here, so that the whole run's sort mostly meets runs
        // already in order.
        local.errors.sort();
        local.warnings.sort();
        FolderCheck {
            diagnostics,
            repaired,
            review,
            failure: parsed.err(),
            checked,
            errors: local.errors,
            warnings: Arc::new(local.warnings),
        }
    }

    /// Adds what the folder of `key` reported to `loaded` and `r`; gives
    /// the plan to link, when it is valid.
    pub(crate) fn absorb(self, key: &str, loaded: &mut Loaded, r: &mut Report) -> Option<Checked> {
        let checked = self.absorb_but_warnings(key, loaded, r);
        r.warnings.extend(Arc::unwrap_or_clone(self.warnings));
        checked
    }

    /// [`Self::absorb`], keeping `self`, except the warnings, which it
    /// gives shared ([`Self::warnings`]).
    pub(crate) fn absorb_but_warnings(&self, key: &str, loaded: &mut Loaded, r: &mut Report) -> Option<Checked> {
        let parsed = self.failure.is_none();
        loaded.absorb_parts(key, &self.diagnostics, &self.repaired, &self.review, parsed);
        loaded.diagnostics.extend(self.failure.iter().flatten().cloned());
        r.errors.extend(self.errors.iter().cloned());
        self.checked.clone()
    }

    /// The warnings of the plan's check, sorted.
    pub(crate) fn warnings(&self) -> Arc<Vec<Diagnostic>> {
        self.warnings.clone()
    }

    /// Replaces the plan with its linked form ([`link`]).
    pub(crate) fn set_linked(&mut self, linked: Checked) {
        self.checked = Some(linked);
    }
}

/// Validates every plan; returns them sorted by region id and year.
pub(crate) fn plans(r: &mut Report, loaded: &[Arc<LoadedPlan>], ctx: &PlanContext) -> Vec<Arc<Plan>> {
    let built = loaded.iter().filter_map(|lp| checked(r, lp, ctx)).collect();
    link(r, built, ctx).into_iter().map(Checked::into_plan).collect()
}

/// One valid plan before plans are linked to each other: all it keeps of
/// its raw file is its `derived_from` reference. Cheap to clone: a preview
/// keeps it between edits.
#[derive(Clone)]
pub(crate) struct Checked {
    /// `hebei/2023`
    key: String,
    plan: Arc<Plan>,
    file: std::path::PathBuf,
    derived_from: Option<S<String>>,
}

/// Validates one plan folder; `None` when it has errors (in `r`).
pub(crate) fn checked(r: &mut Report, lp: &LoadedPlan, ctx: &PlanContext) -> Option<Checked> {
    let plan = one_plan(r, lp, ctx)?;
    Some(Checked {
        key: format!("{}/{}", lp.region, lp.year),
        plan: Arc::new(plan),
        file: lp.plan.file.clone(),
        derived_from: lp.plan.value.derived_from.clone(),
    })
}

/// Sorts the checked plans by region id and year and resolves the plans
/// they derive from. A plan is copied only if its link changed.
pub(crate) fn link(r: &mut Report, mut built: Vec<Checked>, ctx: &PlanContext) -> Vec<Checked> {
    built.sort_by(|a, b| {
        let ra = &ctx.regions[a.plan.region].id;
        let rb = &ctx.regions[b.plan.region].id;
        (ra, a.plan.year).cmp(&(rb, b.plan.year))
    });
    let index: HashMap<String, usize> = built.iter().enumerate().map(|(i, c)| (c.key.clone(), i)).collect();
    for c in &mut built {
        let Some(s) = &c.derived_from else { continue };
        let mut to = resolve(r, &c.file, "derived_from", s, &index, "plan");
        if s.value == c.key {
            r.error(
                Diagnostic::new(&c.file, pos(s), "derived_from", "a plan cannot derive from itself")
                    .hint("name the higher-level plan, e.g. hebei/2023"),
            );
            to = None;
        }
        if c.plan.derived_from != to {
            Arc::make_mut(&mut c.plan).derived_from = to;
        }
    }
    built
}

impl Checked {
    /// `content/plans/hebei/2023/plan.yaml`
    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    pub(crate) fn into_plan(self) -> Arc<Plan> {
        self.plan
    }
}
