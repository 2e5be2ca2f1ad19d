//! A progress report as written: `plans/<region>/<year>/progress/<name>.yaml`
//! (see "Progress reports" in `docs/content-model.md`). One file holds one
//! published report covering any number of the plan's projects, so editors
//! transcribe a whole report at once.

use schemars::JsonSchema;
use serde::Deserialize;

use super::raw::{RawReprint, RawText, S};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProgress {
    pub title: RawText,
    pub issuer: RawText,
    pub kind: S<String>,
    #[serde(default)]
    pub published: Option<S<String>>,
    pub as_of: S<String>,
    pub period: RawText,
    pub source: RawProgressSource,
    #[serde(default)]
    pub notes: Vec<RawText>,
    #[serde(default)]
    pub totals: Vec<RawFigure>,
    #[serde(default)]
    pub summary: Option<RawText>,
    #[serde(default)]
    pub projects: Vec<RawEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProgressSource {
    pub name: RawText,
    #[serde(default)]
    pub url: Option<S<String>>,
    #[serde(default)]
    pub reprints: Vec<RawReprint>,
    pub file: S<String>,
}

/// A reported figure: an actual against a target, a plan total, a revised
/// target or an amount of money. Always with its verbatim quote.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    #[serde(default)]
    pub metric: Option<S<String>>,
    /// 1-based index of the target in the project's `targets`.
    #[serde(default)]
    pub target: Option<S<usize>>,
    pub value: S<f64>,
    pub unit: S<String>,
    #[serde(default)]
    pub qualifier: Option<S<String>>,
    /// Percentage of the target as printed by the report.
    #[serde(default)]
    pub percent: Option<S<f64>>,
    #[serde(default)]
    pub text: Option<RawText>,
    pub quote: S<String>,
}

/// A percentage printed without a count (正在施工中(93%)).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPercent {
    pub value: S<f64>,
    pub quote: S<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInvestment {
    #[serde(default)]
    pub total: Option<RawFigure>,
    #[serde(default)]
    pub planned: Option<RawFigure>,
    #[serde(default)]
    pub spent: Option<RawFigure>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawForecast {
    #[serde(default)]
    pub due: Option<S<String>>,
    pub text: RawText,
    pub quote: S<String>,
}

/// What one report says of one project.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub project: S<String>,
    #[serde(default)]
    pub status: Option<S<String>>,
    #[serde(default)]
    pub status_word: Option<S<String>>,
    #[serde(default)]
    pub quote: Option<S<String>>,
    #[serde(default)]
    pub actuals: Vec<RawFigure>,
    #[serde(default)]
    pub works_percent: Option<RawPercent>,
    #[serde(default)]
    pub revised_target: Option<RawFigure>,
    #[serde(default)]
    pub investment: Option<RawInvestment>,
    #[serde(default)]
    pub forecast: Option<RawForecast>,
    #[serde(default)]
    pub update: Option<RawText>,
    #[serde(default)]
    pub next_steps: Option<RawText>,
}
