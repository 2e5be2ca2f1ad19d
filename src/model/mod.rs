//! The validated, immutable content model: what the plans say, with every
//! reference resolved to an index. Built only by [`crate::validate`]; read by
//! every later stage. It knows nothing of pages, URLs or HTML.

mod progress;
mod text;

pub use progress::*;

pub use text::{Lang, PartialDate, Text};

/// Index of a region in [`Model::regions`]; the same pattern for the others.
pub type RegionIdx = usize;
pub type CategoryIdx = usize;
pub type ProgramIdx = usize;
pub type UnitIdx = usize;
pub type PlanIdx = usize;

#[derive(Debug, Clone)]
pub struct Model {
    pub site: Site,
    /// Sorted by id.
    pub regions: Vec<Region>,
    /// In file order (the order editors chose).
    pub categories: Vec<Category>,
    /// In file order.
    pub programs: Vec<Program>,
    pub units: Vec<Unit>,
    /// Sorted by region id, then year.
    pub plans: Vec<Plan>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: Text,
    pub description: Text,
    /// Absolute URL, always ending in `/`.
    pub base_url: String,
    pub publisher: Publisher,
    /// Build the elderly-friendly variant (关怀版) under `care/`.
    pub care_mode: bool,
    /// The licence of the open data (`/data/`), when the publisher states one.
    pub data_licence: Option<Licence>,
}

/// A licence: its name and, optionally, where its terms are.
#[derive(Debug, Clone)]
pub struct Licence {
    pub name: Text,
    pub url: Option<String>,
}

/// Footer facts; each shown only when set.
#[derive(Debug, Clone, Default)]
pub struct Publisher {
    pub sponsor: Option<Text>,
    pub contact: Option<Text>,
    pub icp: Option<String>,
    pub police_filing: Option<String>,
    pub site_code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    Municipality,
    AutonomousRegion,
    SubProvincialCity,
    PrefectureCity,
    StateLevelNewArea,
    CountyLevelCity,
    District,
    County,
}

impl Level {
    pub const ALL: [(&'static str, Level); 9] = [
        ("province", Level::Province),
        ("municipality", Level::Municipality),
        ("autonomous-region", Level::AutonomousRegion),
        ("sub-provincial-city", Level::SubProvincialCity),
        ("prefecture-city", Level::PrefectureCity),
        ("state-level-new-area", Level::StateLevelNewArea),
        ("county-level-city", Level::CountyLevelCity),
        ("district", Level::District),
        ("county", Level::County),
    ];

    /// The id used in YAML and in UI-string keys (`level.province`).
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, l)| *l == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: Text,
    pub level: Level,
    pub parent: Option<RegionIdx>,
    pub population: Option<Population>,
}

#[derive(Debug, Clone)]
pub struct Population {
    pub value: f64,
    pub year: i32,
    pub source: Text,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
}

#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    pub name: Text,
    pub category: CategoryIdx,
    pub description: Option<Text>,
    pub metrics: Vec<Metric>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    pub name: Text,
    pub unit: UnitIdx,
}

/// A metric of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricRef {
    pub program: ProgramIdx,
    pub metric: usize,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub zh: String,
    /// English plural.
    pub en: String,
    /// English singular, when it differs.
    pub en_one: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adoption {
    GovernmentNotice,
    CongressVote,
    PartyGovernmentNotice,
    Other,
}

impl Adoption {
    pub const ALL: [(&'static str, Adoption); 4] = [
        ("government-notice", Adoption::GovernmentNotice),
        ("congress-vote", Adoption::CongressVote),
        ("party-government-notice", Adoption::PartyGovernmentNotice),
        ("other", Adoption::Other),
    ];
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub region: RegionIdx,
    pub year: i32,
    pub title: Text,
    pub document_number: Option<String>,
    pub issuer: Text,
    pub issued: Option<PartialDate>,
    pub published: Option<PartialDate>,
    pub source: Source,
    pub adoption: Adoption,
    pub adoption_note: Option<Text>,
    pub deadline_basic: Option<PartialDate>,
    pub deadline_full: Option<PartialDate>,
    pub derived_from: Option<PlanIdx>,
    pub sections: Vec<Section>,
    pub notes: Vec<Text>,
    /// Markdown prose from `intro.zh.md` / `intro.en.md`.
    pub intro: Option<Text>,
    pub projects: Vec<Project>,
    /// Published progress reports, oldest first (by `as_of`, then file name).
    pub reports: Vec<ProgressReport>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub name: Text,
    pub url: Option<String>,
    /// File name beside `plan.yaml`.
    pub file: String,
    /// The original document text.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub number: String,
    pub section: Option<usize>,
    pub name: Text,
    pub category: CategoryIdx,
    pub programs: Vec<ProgramIdx>,
    /// Markdown.
    pub summary: Option<Text>,
    pub targets: Vec<Target>,
    pub lead_units: Vec<Text>,
    pub responsible_units: Vec<Text>,
    pub leaders: Vec<Text>,
    pub milestones: Vec<Milestone>,
    pub caveat: Option<Text>,
    pub source_text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exactly,
    AtLeast,
    MoreThan,
    About,
    AtMost,
}

impl Qualifier {
    pub const ALL: [(&'static str, Qualifier); 5] = [
        ("exactly", Qualifier::Exactly),
        ("at-least", Qualifier::AtLeast),
        ("more-than", Qualifier::MoreThan),
        ("about", Qualifier::About),
        ("at-most", Qualifier::AtMost),
    ];
}

/// A number with its unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: UnitIdx,
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub metric: Option<MetricRef>,
    /// `None` for a target without a number.
    pub quantity: Option<Quantity>,
    pub text: Text,
    pub quote: String,
}

/// A cumulative figure of a milestone, with the quote it was taken from
/// when the schedule line states it.
#[derive(Debug, Clone)]
pub struct Figure {
    pub metric: Option<MetricRef>,
    pub quantity: Quantity,
    pub quote: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub due: PartialDate,
    pub text: Text,
    pub values: Vec<Figure>,
}

impl Model {
    /// `hebei/2023`: the plan's key, also its URL path under `/plans/`.
    pub fn plan_key(&self, plan: &Plan) -> String {
        format!("{}/{}", self.regions[plan.region].id, plan.year)
    }

    /// Every piece of human text of a plan, for translation coverage.
    pub fn plan_texts<'a>(&'a self, plan: &'a Plan) -> Vec<&'a Text> {
        let mut out = vec![&plan.title, &plan.issuer, &plan.source.name];
        out.extend(plan.adoption_note.iter());
        out.extend(plan.sections.iter().map(|s| &s.title));
        out.extend(plan.notes.iter());
        out.extend(plan.intro.iter());
        for p in &plan.projects {
            out.push(&p.name);
            out.extend(p.summary.iter());
            out.extend(p.caveat.iter());
            out.extend(p.targets.iter().map(|t| &t.text));
            out.extend(p.lead_units.iter());
            out.extend(p.responsible_units.iter());
            out.extend(p.leaders.iter());
            out.extend(p.milestones.iter().map(|m| &m.text));
        }
        for r in &plan.reports {
            out.extend(r.texts());
        }
        out
    }
}
