//! The content files exactly as written: serde types that mirror the YAML
//! (see `docs/content-model.md`), with source locations (`Spanned`) on every
//! value that validation may need to point at. Nothing here is checked beyond
//! YAML syntax, shapes and unknown keys; meaning is the validator's job.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
pub use serde_saphyr::Location;

/// A value with the location in its file where it was written. It reads
/// like the value itself (its JSON Schema is the value's), so the content
/// types double as the schema editors validate against.
#[derive(Debug, Clone, PartialEq)]
pub struct S<T> {
    pub value: T,
    pub referenced: Location,
}

impl<T> S<T> {
    /// A value with a location; `_defined` is accepted for symmetry with
    /// anchors and aliases but not kept.
    pub fn new(value: T, referenced: Location, _defined: Location) -> Self {
        S { value, referenced }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for S<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(S {
            value: s.value,
            referenced: s.referenced,
        })
    }
}

impl<T: JsonSchema> JsonSchema for S<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// `{zh, en}` human text as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawText {
    pub zh: S<String>,
    #[serde(default)]
    pub en: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: RawText,
    pub description: RawText,
    pub base_url: S<String>,
    #[serde(default)]
    pub languages: Option<S<Vec<String>>>,
    #[serde(default)]
    pub publisher: Option<RawPublisher>,
    #[serde(default)]
    pub care_mode: Option<bool>,
    #[serde(default)]
    pub data_licence: Option<RawLicence>,
}

/// The licence of the open data: its name in both languages and a link.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLicence {
    pub zh: S<String>,
    #[serde(default)]
    pub en: Option<S<String>>,
    #[serde(default)]
    pub url: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPublisher {
    #[serde(default)]
    pub sponsor: Option<RawText>,
    #[serde(default)]
    pub contact: Option<RawText>,
    #[serde(default)]
    pub icp: Option<String>,
    #[serde(default)]
    pub police_filing: Option<String>,
    #[serde(default)]
    pub site_code: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub id: S<String>,
    pub name: RawText,
    pub level: S<String>,
    #[serde(default)]
    pub parent: Option<S<String>>,
    #[serde(default)]
    pub population: Option<RawPopulation>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPopulation {
    pub value: S<f64>,
    pub year: S<i32>,
    pub source: RawText,
    #[serde(default)]
    pub url: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: S<String>,
    pub name: RawText,
    #[serde(default)]
    pub description: Option<RawText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProgram {
    pub id: S<String>,
    pub name: RawText,
    pub category: S<String>,
    #[serde(default)]
    pub description: Option<RawText>,
    #[serde(default)]
    pub metrics: Vec<RawMetric>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub id: S<String>,
    pub name: RawText,
    pub unit: S<String>,
    #[serde(default)]
    pub not_additive: Option<RawNotAdditive>,
}

/// `not_additive: {kind: rate, reason: {zh, en}}` on a metric or a target.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotAdditive {
    pub kind: S<String>,
    #[serde(default)]
    pub reason: Option<RawText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    pub id: S<String>,
    pub zh: S<String>,
    pub en: S<String>,
    #[serde(default)]
    pub en_one: Option<String>,
    #[serde(default)]
    pub generic: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgency {
    pub zh: S<String>,
    /// The English name; absent when `same_as` names the body.
    #[serde(default)]
    pub en: Option<S<String>>,
    /// Another printed name (`zh`) of the same body, whose English is used.
    #[serde(default)]
    pub same_as: Option<S<String>>,
    #[serde(default)]
    pub region: Option<S<String>>,
}

/// A term of the glossary (`content/glossary.yaml`): one English rendering
/// for a Chinese term, and renderings to avoid.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub zh: S<String>,
    pub en: S<String>,
    #[serde(default)]
    pub avoid: Vec<S<String>>,
    #[serde(default)]
    pub note: Option<RawText>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    pub title: RawText,
    #[serde(default)]
    pub document_number: Option<String>,
    pub issuer: RawText,
    #[serde(default)]
    pub issued: Option<S<String>>,
    #[serde(default)]
    pub published: Option<S<String>>,
    #[serde(default)]
    pub updated: Option<S<String>>,
    pub source: RawSource,
    pub adoption: S<String>,
    #[serde(default)]
    pub adoption_note: Option<RawText>,
    #[serde(default)]
    pub deadlines: Option<RawDeadlines>,
    #[serde(default)]
    pub derived_from: Option<S<String>>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub notes: Vec<RawText>,
    /// How many projects the document says it has, with its words.
    #[serde(default)]
    pub stated_count: Option<RawCount>,
    pub projects: Vec<RawProject>,
}

/// A number the document states, with the words that state it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCount {
    pub value: S<u32>,
    pub quote: S<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub name: RawText,
    #[serde(default)]
    pub url: Option<S<String>>,
    #[serde(default)]
    pub reprints: Vec<RawReprint>,
    pub file: S<String>,
}

/// A copy of the document found elsewhere: `{name: {zh, en}, url}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReprint {
    pub name: RawText,
    pub url: S<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeadlines {
    #[serde(default)]
    pub basic: Option<S<String>>,
    #[serde(default)]
    pub full: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: S<String>,
    pub title: RawText,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub id: S<String>,
    pub number: S<String>,
    #[serde(default)]
    pub section: Option<S<String>>,
    pub name: RawText,
    pub category: S<String>,
    #[serde(default)]
    pub programs: Vec<S<String>>,
    #[serde(default)]
    pub summary: Option<RawText>,
    #[serde(default)]
    pub targets: Vec<RawTarget>,
    #[serde(default)]
    pub lead_units: Vec<S<String>>,
    #[serde(default)]
    pub responsible_units: Vec<S<String>>,
    #[serde(default)]
    pub leaders: Vec<RawText>,
    #[serde(default)]
    pub milestones: Vec<RawMilestone>,
    #[serde(default)]
    pub caveat: Option<RawText>,
    pub source_text: S<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    #[serde(default)]
    pub metric: Option<S<String>>,
    #[serde(default)]
    pub not_additive: Option<RawNotAdditive>,
    #[serde(default)]
    pub value: Option<S<f64>>,
    #[serde(default)]
    pub unit: Option<S<String>>,
    #[serde(default)]
    pub qualifier: Option<S<String>>,
    pub text: RawText,
    pub quote: S<String>,
}

/// A cumulative figure of a milestone, with its qualifier and, where the
/// schedule line states it, the quote it was taken from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawValue {
    #[serde(default)]
    pub metric: Option<S<String>>,
    pub value: S<f64>,
    pub unit: S<String>,
    #[serde(default)]
    pub qualifier: Option<S<String>>,
    #[serde(default)]
    pub quote: Option<S<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMilestone {
    pub due: S<String>,
    pub text: RawText,
    #[serde(default)]
    pub values: Vec<RawValue>,
}
