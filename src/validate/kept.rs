//! Validation kept between the preview's rebuilds ([`Checks`]): each plan
//! folder's parse and check is reused until a file of that folder changes,
//! and all of them until a shared file (regions, programs, units, agencies,
//! glossary, site) changes, since every plan is checked against those. So
//! after an edit to one plan only that plan is parsed and checked again;
//! the rest of a run is the shared files, linking the plans and
//! assembling the model, whose plans are shared with the kept checks
//! rather than copied.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::link::{self, Checked, FolderCheck};
use super::run::Shared;
use super::{Outcome, Report};
use crate::error::Diagnostic;
use crate::load::{self, Loaded, SourceSet};
use crate::model::Model;

/// The shared files' and the plans' checks of earlier runs.
#[derive(Default)]
pub struct Checks {
    /// The shared files' check, and the fingerprint of those files: the
    /// kept plans were checked against it.
    shared: Option<(u64, SharedCheck)>,
    /// By the key of their `plan.yaml`.
    plans: HashMap<String, FolderCheck>,
}

/// The shared files parsed and checked, with what that reported.
struct SharedCheck {
    loaded: Loaded,
    shared: Shared,
    report: Report,
}

impl Checks {
    /// Forgets what was kept of the plan folder holding `key`, a source
    /// file that changed (a shared file's change is noticed by itself).
    pub fn forget(&mut self, key: &str) {
        self.plans
            .retain(|plan, _| !key.starts_with(plan.trim_end_matches("plan.yaml")));
    }

    /// Forgets everything (after every source was read again).
    pub fn clear(&mut self) {
        self.plans.clear();
        self.shared = None;
    }

    /// The fingerprint of the shared files of the last run: while it is
    /// the same, a plan left as it was is the same shared value in each
    /// run's model.
    pub fn shared_fingerprint(&self) -> Option<u64> {
        self.shared.as_ref().map(|(fp, _)| *fp)
    }

    /// How many plans are kept.
    pub fn len(&self) -> usize {
        self.plans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }
}

/// A fingerprint of the content files outside `content/plans/`.
fn shared_fingerprint(sources: &SourceSet) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    for (key, bytes) in sources
        .under("content/")
        .filter(|(k, _)| !k.starts_with("content/plans/"))
    {
        key.hash(&mut h);
        bytes.hash(&mut h);
    }
    h.finish()
}

/// Validates the site of `sources` as [`super::validate_sources`] does,
/// parsing and checking only the plan folders `checks` does not keep, and
/// keeping them for the next run.
pub fn validate_kept(sources: &SourceSet, checks: &mut Checks) -> KeptOutcome {
    let fingerprint = shared_fingerprint(sources);
    if checks.shared.as_ref().map(|(fp, _)| *fp) != Some(fingerprint) {
        checks.plans.clear();
        let loaded = load::parse_shared_files(sources);
        let mut report = Report::new(&loaded);
        let shared = Shared::check(&mut report, &loaded);
        checks.shared = Some((fingerprint, SharedCheck { loaded, shared, report }));
    }
    let Some((_, kept_shared)) = &checks.shared else {
        unreachable!("set above")
    };
    let SharedCheck {
        loaded: shared_loaded,
        shared,
        report,
    } = kept_shared;
    let mut r = report.clone();
    // What the shared files' parse reported, and the plans' parses next.
    let mut loaded = Loaded {
        diagnostics: shared_loaded.diagnostics.clone(),
        failed: shared_loaded.failed.clone(),
        repaired: shared_loaded.repaired.clone(),
        review: shared_loaded.review.clone(),
        ..Loaded::default()
    };
    loaded.review.extend(load::stray_review_marks(sources));
    let keys = load::plan_files(sources);
    let present: HashSet<&str> = keys.iter().copied().collect();
    checks.plans.retain(|k, _| present.contains(k.as_str()));
    let ctx = shared.ctx();
    let base = &r;
    let fresh: Vec<(String, FolderCheck)> = keys
        .par_iter()
        .filter(|k| !checks.plans.contains_key(**k))
        .map(|&key| (key.to_string(), FolderCheck::run(sources, key, base, &ctx)))
        .collect();
    checks.plans.extend(fresh);
    let mut checked = Vec::with_capacity(keys.len());
    let mut parts = Vec::with_capacity(keys.len() + 1);
    for key in &keys {
        let kept = &checks.plans[*key];
        checked.extend(kept.absorb_but_warnings(key, &mut loaded, &mut r));
        parts.push(kept.warnings());
    }
    r.failed = loaded.failed.clone();
    let linked = link::link(&mut r, checked, &ctx);
    // Kept as linked, so that the next run copies no plan to link it.
    for c in &linked {
        if let Some(kept) = checks.plans.get_mut(&c.file().to_string_lossy().replace('\\', "/")) {
            kept.set_linked(c.clone());
        }
    }
    let plans = linked.into_iter().map(Checked::into_plan).collect();
    // What the shared files and linking reported.
    parts.push(Arc::new(std::mem::take(&mut r.warnings)));
    let mut errors = r.errors;
    super::drop_repaired_errors(&mut errors, &loaded.repaired);
    let (model, errors) = shared.model(errors, &loaded, plans);
    KeptOutcome {
        model,
        errors,
        warnings: Warnings {
            parts,
            review: loaded.review,
            repaired: loaded.repaired,
            merged: OnceLock::new(),
        },
    }
}

/// What [`validate_kept`] finds: an [`Outcome`] whose warnings are merged
/// only when asked for.
#[derive(Debug)]
pub struct KeptOutcome {
    pub model: Option<Model>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Warnings,
}

impl KeptOutcome {
    pub fn into_outcome(self) -> Outcome {
        Outcome {
            model: self.model,
            errors: self.errors,
            warnings: self.warnings.into_vec(),
        }
    }
}

/// The warnings of a [`validate_kept`] run, as each plan folder's check
/// kept them, merged and sorted when first asked for. A large site has
/// tens of thousands (55,835 at 100,000 synthetic projects), and the
/// preview serves an edit before it reports them.
#[derive(Debug)]
pub struct Warnings {
    /// Each plan's, then what the shared files and linking reported.
    parts: Vec<Arc<Vec<Diagnostic>>>,
    /// REVIEW marks, which are kept even in a repaired file.
    review: Vec<Diagnostic>,
    /// Files read only once repaired: their warnings are dropped.
    repaired: load::Repaired,
    merged: OnceLock<Vec<Diagnostic>>,
}

impl Warnings {
    /// Every warning, sorted, as [`Outcome::warnings`] has them.
    pub fn all(&self) -> &[Diagnostic] {
        self.merged.get_or_init(|| self.merge())
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        match self.merged.into_inner() {
            Some(all) => all,
            None => Warnings {
                merged: OnceLock::new(),
                ..self
            }
            .merge(),
        }
    }

    fn merge(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.parts.iter().flat_map(|p| p.iter().cloned()).collect();
        super::drop_repaired_warnings(&mut all, &self.repaired);
        all.extend(self.review.iter().cloned());
        all.sort();
        all.dedup();
        all
    }
}
