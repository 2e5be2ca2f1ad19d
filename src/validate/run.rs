//! How a whole site is validated: the vocabulary files every plan is
//! checked against ([`Shared`]), then the plans, either from a whole parse
//! ([`validate_all`], the preview's, whose parse is cached per plan folder)
//! or parsed and checked one plan folder at a time ([`validate_sources`],
//! the build's and `check`'s), and finally the model.

use std::sync::Arc;

use rayon::prelude::*;

use super::link::FolderCheck;
use super::{categories, drop_artefacts, link, plan, programs, regions, site, vocab, Agencies, Outcome, Report, Vocab};
use crate::error::Diagnostic;
use crate::load::{self, Loaded, SourceSet};
use crate::model::*;

/// Validates everything, keeping errors and warnings side by side.
pub fn validate_all(loaded: &Loaded) -> Outcome {
    let mut r = Report::new(loaded);
    let shared = Shared::check(&mut r, loaded);
    let plans = link::plans(&mut r, &loaded.plans, &shared.ctx());
    shared.finish(r, loaded, plans)
}

/// Parses and validates the site of `sources`, one plan folder at a time
/// and in parallel: each plan's raw parse, which keeps the location of
/// every value, is dropped as soon as the plan is checked, so the whole
/// site's raw parse is never held beside the model (at 100,000 projects
/// it is twice the model's size). Gives what [`validate_all`] of
/// [`load::parse`] gives.
pub fn validate_sources(sources: &SourceSet) -> Outcome {
    let mut loaded = load::parse_shared(sources);
    let mut r = Report::new(&loaded);
    let shared = Shared::check(&mut r, &loaded);
    let ctx = shared.ctx();
    let base = &r;
    let results: Vec<_> = load::plan_files(sources)
        .into_par_iter()
        .map(|key| (key, FolderCheck::run(sources, key, base, &ctx)))
        .collect();
    let mut checked = Vec::with_capacity(results.len());
    for (key, folder) in results {
        checked.extend(folder.absorb(key, &mut loaded, &mut r));
    }
    r.failed = loaded.failed.clone();
    let plans = link::link(&mut r, checked, &ctx)
        .into_iter()
        .map(link::Checked::into_plan)
        .collect();
    shared.finish(r, &loaded, plans)
}

/// The validated vocabulary files every plan is checked against.
pub(super) struct Shared {
    site: Option<Site>,
    units: Vec<Unit>,
    regions: Vec<Region>,
    categories: Vec<Category>,
    vocab: Vocab,
    programs: Vec<Program>,
    agencies: Agencies,
}

impl Shared {
    pub(super) fn check(r: &mut Report, loaded: &Loaded) -> Shared {
        r.terms = Arc::new(
            loaded
                .glossary
                .as_ref()
                .map(|p| vocab::glossary(r, p))
                .unwrap_or_default(),
        );
        let site = loaded.site.as_ref().map(|p| site(r, p));
        let units = loaded.units.as_ref().map(|p| vocab::units(r, p)).unwrap_or_default();
        let regions = loaded.regions.as_ref().map(|p| regions(r, p)).unwrap_or_default();
        let categories = loaded.categories.as_ref().map(|p| categories(r, p)).unwrap_or_default();
        let vocab = Vocab::new(&regions, &categories, &units);
        let programs = loaded
            .programs
            .as_ref()
            .map(|p| programs(r, p, &vocab, &units))
            .unwrap_or_default();
        let agencies = loaded
            .agencies
            .as_ref()
            .map(|p| vocab::agencies(r, p, &vocab, &regions))
            .unwrap_or_default();
        Shared {
            site,
            units,
            regions,
            categories,
            vocab,
            programs,
            agencies,
        }
    }

    pub(super) fn ctx(&self) -> plan::PlanContext<'_> {
        plan::PlanContext {
            vocab: &self.vocab,
            programs: &self.programs,
            agencies: &self.agencies,
            regions: &self.regions,
            units: &self.units,
        }
    }

    /// Adds the load stage's findings to `r` and assembles the model when
    /// there is no error.
    pub(super) fn finish(&self, mut r: Report, loaded: &Loaded, plans: Vec<Arc<Plan>>) -> Outcome {
        drop_artefacts(&mut r, &loaded.repaired);
        r.warnings.extend(loaded.review.iter().cloned());
        r.warnings.sort();
        r.warnings.dedup();
        let (model, errors) = self.model(r.errors, loaded, plans);
        Outcome {
            model,
            errors,
            warnings: r.warnings,
        }
    }

    /// The errors with the load stage's, sorted, and the model when there
    /// are none. `errors` have had their artefacts dropped.
    pub(super) fn model(
        &self,
        mut errors: Vec<Diagnostic>,
        loaded: &Loaded,
        plans: Vec<Arc<Plan>>,
    ) -> (Option<Model>, Vec<Diagnostic>) {
        errors.extend(loaded.diagnostics.iter().cloned());
        errors.sort();
        errors.dedup();
        // Copied, not moved: the preview keeps the shared files' checks
        // between edits ([`super::kept`]); they are small beside the plans.
        let model = match &self.site {
            Some(site) if errors.is_empty() => Some(Model {
                site: site.clone(),
                regions: self.regions.clone(),
                categories: self.categories.clone(),
                programs: self.programs.clone(),
                units: self.units.clone(),
                plans,
            }),
            _ => None,
        };
        (model, errors)
    }
}
