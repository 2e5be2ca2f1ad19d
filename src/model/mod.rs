//! The validated, immutable content model: what the plans say, with every
//! reference resolved to an index. Built only by [`crate::validate`]; read by
//! every later stage. It knows nothing of pages, URLs or HTML.

mod progress;
mod text;

pub use progress::*;

pub use text::{grouped_is_exact, ungrouped_figures, Lang, PartialDate, Text};

/// Index of a region in [`Model::regions`]; the same pattern for the others.
use std::sync::Arc;

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
    /// Sorted by region id, then year. Shared, so that a preview that
    /// checks again only the plan an edit touched reuses the others as
    /// they are, without copying them.
    pub plans: Vec<Arc<Plan>>,
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
    /// Set when the metric's figures must not be added up across regions
    /// (a rate, a per-unit norm, a shared catalogue): no share of the level
    /// above and no value per 10,000 residents is computed for it.
    pub not_additive: Option<NotAdditive>,
}

/// Why a figure is not additive, shown wherever a share is left out.
#[derive(Debug, Clone, PartialEq)]
pub struct NotAdditive {
    pub kind: NotAdditiveKind,
    /// The specific reason; the kind's general wording when absent.
    pub reason: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAdditiveKind {
    /// A percentage or other rate (完成率 95%).
    Rate,
    /// A per-unit norm (1 park in each county).
    Norm,
    /// The size of a catalogue that every level shares (500 services on
    /// one provincial app).
    Catalogue,
    /// Anything else; a reason is then required.
    Other,
}

impl NotAdditiveKind {
    pub const ALL: [(&'static str, NotAdditiveKind); 4] = [
        ("rate", NotAdditiveKind::Rate),
        ("norm", NotAdditiveKind::Norm),
        ("catalogue", NotAdditiveKind::Catalogue),
        ("other", NotAdditiveKind::Other),
    ];
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map(|(s, _)| *s)
            .unwrap_or("")
    }
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
    /// A catch-all measure (个 "item") that `check` asks to replace by a
    /// specific unit where one exists for what is counted.
    pub generic: bool,
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
    /// The last editorial change to the plan's content on this site.
    pub updated: Option<PartialDate>,
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
    /// The publisher's own page (for a plan: the government's).
    pub url: Option<String>,
    /// Copies found elsewhere, kept as second sources.
    pub reprints: Vec<Reprint>,
    /// File name beside `plan.yaml`.
    pub file: String,
    /// The original document text.
    pub text: String,
}

/// A copy of a document published by someone other than its author.
#[derive(Debug, Clone)]
pub struct Reprint {
    pub name: Text,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    /// The number as printed: `（十一）`, `3、`, `1.`.
    pub number: String,
    /// The same number as an integer (`11`), when it can be read.
    pub ordinal: Option<u32>,
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
    /// Not additive for this target alone (the metric's setting applies too).
    pub not_additive: Option<NotAdditive>,
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

/// Reads a printed item number: `（十一）` → 11, `(二十)` → 20, `3、` → 3,
/// `10.` → 10, `九、` → 9. `None` when it holds anything else.
pub fn ordinal(printed: &str) -> Option<u32> {
    let core: String = printed
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | '（' | '）' | '.' | '、' | '。' | ' ' | '\u{3000}' | '．'))
        .collect();
    if core.is_empty() {
        return None;
    }
    if core.chars().all(|c| c.is_ascii_digit()) {
        return core.parse().ok();
    }
    chinese_number(&core)
}

/// 一 … 九十九 (and 百 for completeness): 十一 = 11, 二十 = 20, 二十三 = 23.
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32);
    let mut total = 0;
    let mut current: Option<u32> = None;
    for c in s.chars() {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
            }
            _ => {
                if current.is_some() {
                    return None;
                }
                current = Some(digit(c)?);
            }
        }
    }
    let n = total + current.unwrap_or(0);
    (n > 0).then_some(n)
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
        out.extend(plan.source.reprints.iter().map(|r| &r.name));
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

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn printed_item_numbers_read_as_integers() {
        assert_eq!(ordinal("（十一）"), Some(11));
        assert_eq!(ordinal("(二十)"), Some(20));
        assert_eq!(ordinal("（一）"), Some(1));
        assert_eq!(ordinal("九、"), Some(9));
        assert_eq!(ordinal("10、"), Some(10));
        assert_eq!(ordinal("1."), Some(1));
        assert_eq!(ordinal("二十三"), Some(23));
        assert_eq!(ordinal("甲"), None);
        assert_eq!(ordinal(""), None);
        assert_eq!(ordinal("一一"), None);
    }
}
