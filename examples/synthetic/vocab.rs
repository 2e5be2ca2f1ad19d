//! The fixed vocabulary the corpus is drawn from, in `vocab.yaml` beside this
//! file: programs with their metrics and the words plans use to state them,
//! projects outside any program, the government bodies that carry them out,
//! region-name syllables, and the stock sentences of plan prose. Units and
//! categories are the shipped content's (`content/units.yaml`,
//! `content/categories.yaml`).

use std::sync::OnceLock;

use serde::Deserialize;

/// A metric of a program and how a plan states it: `{verb}{number}{unit}`.
/// Written in `vocab.yaml` as `[id, zh, en, unit, verb, base]`.
#[derive(Deserialize)]
#[serde(from = "(String, String, String, String, String, f64)")]
pub struct Metric {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub unit: String,
    /// The words before the number in the source: `建设改造农村公路`.
    pub verb: String,
    /// A typical province-wide figure (cities and counties get a fraction).
    pub base: f64,
}

/// A project type that recurs across plans (`programs.yaml`).
#[derive(Deserialize)]
pub struct Program {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub category: String,
    /// Key of the government body in charge ([`Vocab::agencies`]).
    pub agency: String,
    /// `(zh, en)` description.
    pub desc: (String, String),
    pub metrics: Vec<Metric>,
}

/// A project outside any program: a local concern with a unit but no metric.
/// Written as `[id, zh, en, category, agency, unit, verb, verb_en, base]`.
#[derive(Deserialize)]
#[serde(from = "(String, String, String, String, String, String, String, String, f64)")]
pub struct Local {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub category: String,
    pub agency: String,
    pub unit: String,
    pub verb: String,
    pub verb_en: String,
    pub base: f64,
}

impl From<(String, String, String, String, String, f64)> for Metric {
    fn from((id, zh, en, unit, verb, base): (String, String, String, String, String, f64)) -> Self {
        Metric {
            id,
            zh,
            en,
            unit,
            verb,
            base,
        }
    }
}

type LocalRow = (String, String, String, String, String, String, String, String, f64);

impl From<LocalRow> for Local {
    fn from((id, zh, en, category, agency, unit, verb, verb_en, base): LocalRow) -> Self {
        Local {
            id,
            zh,
            en,
            category,
            agency,
            unit,
            verb,
            verb_en,
            base,
        }
    }
}

/// `(zh, en)`.
pub type Pair = (String, String);

#[derive(Deserialize)]
pub struct Vocab {
    pub programs: Vec<Program>,
    pub locals: Vec<Local>,
    /// `(key, province zh, local zh, province en, local en)`.
    pub agencies: Vec<(String, String, String, String, String)>,
    /// A character of a region name and its pinyin.
    pub syllables: Vec<Pair>,
    /// Targets without a number.
    pub qualitative: Vec<Pair>,
    /// Stock sentences of plan prose.
    pub measures: Vec<Pair>,
    /// Narrative updates of progress reports.
    pub updates: Vec<Pair>,
}

pub fn vocab() -> &'static Vocab {
    static V: OnceLock<Vocab> = OnceLock::new();
    V.get_or_init(|| serde_saphyr::from_str(include_str!("vocab.yaml")).expect("examples/synthetic/vocab.yaml parses"))
}

impl Program {
    pub fn name(&self) -> crate::text::T {
        crate::text::T::new(self.zh.as_str(), self.en.as_str())
    }
}

impl Metric {
    pub fn name(&self) -> crate::text::T {
        crate::text::T::new(self.zh.as_str(), self.en.as_str())
    }
}
