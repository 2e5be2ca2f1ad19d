//! `plans.json`: every plan with its projects, targets, milestones and
//! progress reports, both languages in one file. The types below are the
//! file's format: they are serialised with serde and their JSON Schema
//! (`plans.schema.json`) is derived from them with schemars, so the schema
//! cannot drift from the data. Doc comments become the schema's
//! descriptions. `en` is `null` where the English text is not yet written
//! (the Chinese is never copied into it).

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::derive::{paths, SiteMap};
use crate::model::*;

/// The whole file.
#[derive(Serialize, JsonSchema)]
#[schemars(
    title = "plans.json",
    description = "Livelihood-project plans published by gongkai: every plan with its projects, targets and progress reports, in Chinese and English."
)]
pub struct PlansFile {
    /// Absolute URL of this file's JSON Schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    pub site: SiteInfo,
    /// The plans, in region-tree order.
    pub plans: Vec<PlanJson>,
}

/// Text in both languages.
#[derive(Serialize, JsonSchema)]
pub struct Bi {
    /// Simplified Chinese, as published.
    pub zh: String,
    /// English; null while the translation is pending.
    pub en: Option<String>,
}

/// Absolute URLs of a page in both languages.
#[derive(Serialize, JsonSchema)]
pub struct Urls {
    pub zh: String,
    pub en: String,
}

#[derive(Serialize, JsonSchema)]
pub struct SiteInfo {
    pub title: Bi,
    /// The address the site is published at.
    pub base_url: String,
    /// The licence of this data, when the publisher states one.
    pub licence: Option<LicenceJson>,
}

#[derive(Serialize, JsonSchema)]
pub struct LicenceJson {
    pub name: Bi,
    pub url: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct RegionJson {
    /// Region id (ASCII slug), stable.
    pub id: String,
    pub name: Bi,
    /// province, prefecture-city, district, …
    pub level: String,
    /// Id of the region above it.
    pub parent: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct PlanJson {
    /// `<region>/<year>`, stable: `hebei/2023`.
    pub id: String,
    pub urls: Urls,
    pub region: RegionJson,
    pub year: i32,
    pub title: Bi,
    /// 文号 as printed.
    pub document_number: Option<String>,
    pub issuer: Bi,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the source gives only a month.
    pub issued: Option<String>,
    pub published: Option<String>,
    /// government-notice, congress-vote, party-government-notice or other.
    pub adoption: String,
    pub adoption_note: Option<Bi>,
    /// Basically complete by (date).
    pub deadline_basic: Option<String>,
    /// Fully complete by (date).
    pub deadline_full: Option<String>,
    /// Id of the plan this one implements.
    pub derived_from: Option<String>,
    pub source: SourceJson,
    pub sections: Vec<SectionJson>,
    /// Editorial notes (e.g. repairs of the source text).
    pub notes: Vec<Bi>,
    /// In printed order.
    pub projects: Vec<ProjectJson>,
    /// Published progress reports, oldest first.
    pub reports: Vec<ReportJson>,
}

#[derive(Serialize, JsonSchema)]
pub struct SourceJson {
    pub name: Bi,
    /// Where the document was found.
    pub url: Option<String>,
    /// This site's page with the document's full text.
    pub text_urls: Urls,
}

#[derive(Serialize, JsonSchema)]
pub struct SectionJson {
    pub id: String,
    pub title: Bi,
}

#[derive(Serialize, JsonSchema)]
pub struct ProjectJson {
    /// Unique within the plan and stable; with the plan id it identifies the project.
    pub id: String,
    /// The number as printed: （一）, 1.
    pub number: String,
    pub urls: Urls,
    /// Section id.
    pub section: Option<String>,
    pub name: Bi,
    pub category: Named,
    /// Ids of the programs (project types recurring across plans) it implements.
    pub programs: Vec<String>,
    /// Markdown.
    pub summary: Option<Bi>,
    pub targets: Vec<TargetJson>,
    /// 牵头单位.
    pub lead_units: Vec<Bi>,
    /// 责任单位.
    pub responsible_units: Vec<Bi>,
    /// 分管领导.
    pub leaders: Vec<Bi>,
    pub milestones: Vec<MilestoneJson>,
    /// Shown prominently when part of the source is unclear.
    pub caveat: Option<Bi>,
    /// The item's original wording, verbatim.
    pub source_text: String,
}

/// An id with its name.
#[derive(Serialize, JsonSchema)]
pub struct Named {
    pub id: String,
    pub name: Bi,
}

#[derive(Serialize, JsonSchema)]
pub struct UnitJson {
    /// Unit id: km, housing-unit, yuan, …
    pub id: String,
    pub zh: String,
    /// English, plural.
    pub en: String,
}

/// A metric of a program: what comparisons across plans are made in.
#[derive(Serialize, JsonSchema)]
pub struct MetricJson {
    pub program: String,
    pub metric: String,
    pub name: Bi,
}

#[derive(Serialize, JsonSchema)]
pub struct TargetJson {
    /// Position in the project, from 1: with plan and project ids, the target's stable id.
    pub no: usize,
    pub metric: Option<MetricJson>,
    /// In base units (12万套 → 120000); null for a target without a number.
    #[serde(serialize_with = "opt_number")]
    pub value: Option<f64>,
    pub unit: Option<UnitJson>,
    /// exactly, at-least, more-than, about, at-most.
    pub qualifier: Option<String>,
    pub text: Bi,
    /// The exact sentence of the source the figure was taken from.
    pub quote: String,
}

#[derive(Serialize, JsonSchema)]
pub struct MilestoneJson {
    pub due: String,
    pub text: Bi,
    /// Cumulative figures expected by `due`.
    pub values: Vec<FigureJson>,
}

/// A figure with its unit and qualifier.
#[derive(Serialize, JsonSchema)]
pub struct FigureJson {
    pub metric: Option<MetricJson>,
    #[serde(serialize_with = "number")]
    pub value: f64,
    pub unit: UnitJson,
    pub qualifier: String,
    pub quote: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct ReportJson {
    /// Unique within the plan (the file name): `2023-12-31`.
    pub id: String,
    pub urls: Urls,
    pub title: Bi,
    pub issuer: Bi,
    /// periodic, completion, briefing, congress-review or other.
    pub kind: String,
    pub published: Option<String>,
    /// The date the figures refer to.
    pub as_of: String,
    pub period: Bi,
    pub source: SourceJson,
    pub notes: Vec<Bi>,
    /// Plan-level figures as printed.
    pub totals: Vec<ReportedJson>,
    pub summary: Option<Bi>,
    /// What it says of each project, in the report's order.
    pub entries: Vec<EntryJson>,
}

/// A figure a report gives, with its quote.
#[derive(Serialize, JsonSchema)]
pub struct ReportedJson {
    #[serde(serialize_with = "number")]
    pub value: f64,
    pub unit: UnitJson,
    pub qualifier: String,
    /// The project target it is measured against (its `no`).
    pub target: Option<usize>,
    pub metric: Option<MetricJson>,
    /// The percentage of target as printed in the report (never recomputed).
    #[serde(serialize_with = "opt_number")]
    pub percent_printed: Option<f64>,
    pub text: Option<Bi>,
    pub quote: String,
}

#[derive(Serialize, JsonSchema)]
pub struct EntryJson {
    /// The project's id in this plan.
    pub project: String,
    /// The status vocabulary: not-started, in-progress, ahead, on-schedule, behind, seriously-behind, basically-complete, complete, suspended, ongoing.
    pub status: Option<String>,
    /// The word(s) the report printed for the status.
    pub status_word: Option<String>,
    pub quote: Option<String>,
    pub actuals: Vec<ReportedJson>,
    /// Works progress printed without a count.
    pub works_percent: Option<PrintedJson>,
    /// A revised target the report cites; the plan's target is unchanged.
    pub revised_target: Option<ReportedJson>,
    /// Money in yuan.
    pub investment: InvestmentJson,
    pub forecast: Option<ForecastJson>,
    pub update: Option<Bi>,
    pub next_steps: Option<Bi>,
}

#[derive(Serialize, JsonSchema)]
pub struct PrintedJson {
    #[serde(serialize_with = "number")]
    pub value: f64,
    pub quote: String,
}

#[derive(Serialize, JsonSchema)]
pub struct InvestmentJson {
    pub total: Option<ReportedJson>,
    pub planned: Option<ReportedJson>,
    pub spent: Option<ReportedJson>,
}

#[derive(Serialize, JsonSchema)]
pub struct ForecastJson {
    pub due: Option<String>,
    pub text: Bi,
    pub quote: String,
}

/// Whole numbers without a fraction (`120000`, not `120000.0`).
fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn opt_number<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}

/// Builds [`PlansFile`] values from the model.
pub struct Builder<'a> {
    pub model: &'a Model,
    pub map: &'a SiteMap,
}

pub fn bi(t: &Text) -> Bi {
    Bi {
        zh: t.zh.clone(),
        en: t.en.clone(),
    }
}

fn bis(ts: &[Text]) -> Vec<Bi> {
    ts.iter().map(bi).collect()
}

fn date(d: &Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub fn qualifier_id(q: Qualifier) -> &'static str {
    Qualifier::ALL
        .iter()
        .find(|(_, x)| *x == q)
        .map(|(s, _)| *s)
        .unwrap_or("")
}

impl Builder<'_> {
    fn urls(&self, path: &str) -> Urls {
        Urls {
            zh: self.map.absolute(Lang::Zh, path),
            en: self.map.absolute(Lang::En, path),
        }
    }

    /// The file for `plans` (every plan, or one).
    pub fn file(&self, plans: &[PlanIdx]) -> PlansFile {
        PlansFile {
            schema: self.schema_url(),
            site: self.site_info(),
            plans: plans.iter().map(|&p| self.plan(p)).collect(),
        }
    }

    /// The bytes of [`Builder::file`] as compact JSON (a third smaller
    /// than indented: the site's file is 470 MB instead of 715 MB at
    /// 100,000 projects; browsers and `jq .` indent it for a reader): the
    /// plans, each built on its own ([`Builder::plan_json`]), joined inside
    /// the file's [`Builder::frame`], as the build joins them.
    pub fn file_json(&self, plans: &[PlanIdx]) -> Vec<u8> {
        let (mut out, tail) = self.frame();
        for (n, &p) in plans.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend(self.plan_json(p).expect("a plan serialises"));
        }
        out.extend(tail);
        out
    }

    /// What a `plans.json` holds around its plans: everything before the
    /// first (`{"$schema":…,"site":{…},"plans":[`) and after the last
    /// (`]}` and the final newline). The plans go between, joined by `,`
    /// ([`Builder::plan_json`]): the bytes of [`Builder::file_json`].
    pub fn frame(&self) -> (Vec<u8>, Vec<u8>) {
        let mut head = to_json(&PlansFile {
            schema: self.schema_url(),
            site: self.site_info(),
            plans: Vec::new(),
        });
        const TAIL: &[u8] = b"]}\n";
        debug_assert!(head.ends_with(b"[]}\n"), "`plans` is the file's last member");
        head.truncate(head.len() - TAIL.len());
        (head, TAIL.to_vec())
    }

    /// Plan `p` as it appears in the `plans` of a `plans.json` (compact).
    pub fn plan_json(&self, p: PlanIdx) -> std::io::Result<Vec<u8>> {
        serde_json::to_vec(&self.plan(p)).map_err(std::io::Error::from)
    }

    fn schema_url(&self) -> String {
        format!("{}{}plans.schema.json", self.map.base_url, paths::SITE_DATA)
    }

    fn site_info(&self) -> SiteInfo {
        let m = self.model;
        SiteInfo {
            title: bi(&m.site.title),
            base_url: self.map.base_url.clone(),
            licence: m.site.data_licence.as_ref().map(|l| LicenceJson {
                name: bi(&l.name),
                url: l.url.clone(),
            }),
        }
    }

    fn region(&self, r: RegionIdx) -> RegionJson {
        let region = &self.model.regions[r];
        RegionJson {
            id: region.id.clone(),
            name: bi(&region.name),
            level: region.level.id().to_string(),
            parent: region.parent.map(|p| self.model.regions[p].id.clone()),
        }
    }

    fn plan(&self, p: PlanIdx) -> PlanJson {
        let m = self.model;
        let plan = &m.plans[p];
        PlanJson {
            id: m.plan_key(plan),
            urls: self.urls(&paths::plan(m, p)),
            region: self.region(plan.region),
            year: plan.year,
            title: bi(&plan.title),
            document_number: plan.document_number.clone(),
            issuer: bi(&plan.issuer),
            issued: date(&plan.issued),
            published: date(&plan.published),
            adoption: plan.adoption.id().to_string(),
            adoption_note: plan.adoption_note.as_ref().map(bi),
            deadline_basic: date(&plan.deadline_basic),
            deadline_full: date(&plan.deadline_full),
            derived_from: plan.derived_from.map(|d| m.plan_key(&m.plans[d])),
            source: SourceJson {
                name: bi(&plan.source.name),
                url: plan.source.url.clone(),
                text_urls: self.urls(&paths::source(m, p)),
            },
            sections: plan
                .sections
                .iter()
                .map(|s| SectionJson {
                    id: s.id.clone(),
                    title: bi(&s.title),
                })
                .collect(),
            notes: bis(&plan.notes),
            projects: (0..plan.projects.len()).map(|i| self.project(p, i)).collect(),
            reports: (0..plan.reports.len()).map(|r| self.report(p, r)).collect(),
        }
    }

    fn project(&self, p: PlanIdx, i: usize) -> ProjectJson {
        let m = self.model;
        let plan = &m.plans[p];
        let pr = &plan.projects[i];
        let cat = &m.categories[pr.category];
        ProjectJson {
            id: pr.id.clone(),
            number: pr.number.clone(),
            urls: self.urls(&paths::project(m, p, i)),
            section: pr.section.map(|s| plan.sections[s].id.clone()),
            name: bi(&pr.name),
            category: Named {
                id: cat.id.clone(),
                name: bi(&cat.name),
            },
            programs: pr.programs.iter().map(|&g| m.programs[g].id.clone()).collect(),
            summary: pr.summary.as_ref().map(bi),
            targets: pr
                .targets
                .iter()
                .enumerate()
                .map(|(n, t)| TargetJson {
                    no: n + 1,
                    metric: t.metric.map(|r| self.metric(r)),
                    value: t.quantity.map(|q| q.value),
                    unit: t.quantity.map(|q| self.unit(q.unit)),
                    qualifier: t.quantity.map(|q| qualifier_id(q.qualifier).to_string()),
                    text: bi(&t.text),
                    quote: t.quote.clone(),
                })
                .collect(),
            lead_units: bis(&pr.lead_units),
            responsible_units: bis(&pr.responsible_units),
            leaders: bis(&pr.leaders),
            milestones: pr
                .milestones
                .iter()
                .map(|ms| MilestoneJson {
                    due: ms.due.to_string(),
                    text: bi(&ms.text),
                    values: ms
                        .values
                        .iter()
                        .map(|f| FigureJson {
                            metric: f.metric.map(|r| self.metric(r)),
                            value: f.quantity.value,
                            unit: self.unit(f.quantity.unit),
                            qualifier: qualifier_id(f.quantity.qualifier).to_string(),
                            quote: f.quote.clone(),
                        })
                        .collect(),
                })
                .collect(),
            caveat: pr.caveat.as_ref().map(bi),
            source_text: pr.source_text.clone(),
        }
    }

    fn metric(&self, r: MetricRef) -> MetricJson {
        let program = &self.model.programs[r.program];
        let metric = &program.metrics[r.metric];
        MetricJson {
            program: program.id.clone(),
            metric: metric.id.clone(),
            name: bi(&metric.name),
        }
    }

    pub fn unit(&self, u: UnitIdx) -> UnitJson {
        let unit = &self.model.units[u];
        UnitJson {
            id: unit.id.clone(),
            zh: unit.zh.clone(),
            en: unit.en.clone(),
        }
    }

    fn report(&self, p: PlanIdx, r: usize) -> ReportJson {
        let m = self.model;
        let plan = &m.plans[p];
        let rep = &plan.reports[r];
        let path = paths::report(m, p, r);
        ReportJson {
            id: rep.id.clone(),
            urls: self.urls(&path),
            title: bi(&rep.title),
            issuer: bi(&rep.issuer),
            kind: rep.kind.id().to_string(),
            published: date(&rep.published),
            as_of: rep.as_of.to_string(),
            period: bi(&rep.period),
            source: SourceJson {
                name: bi(&rep.source.name),
                url: rep.source.url.clone(),
                text_urls: self.urls(&path),
            },
            notes: bis(&rep.notes),
            totals: rep.totals.iter().map(|t| self.reported(t)).collect(),
            summary: rep.summary.as_ref().map(bi),
            entries: rep.entries.iter().map(|e| self.entry(plan, e)).collect(),
        }
    }

    fn reported(&self, f: &Reported) -> ReportedJson {
        ReportedJson {
            value: f.quantity.value,
            unit: self.unit(f.quantity.unit),
            qualifier: qualifier_id(f.quantity.qualifier).to_string(),
            target: f.target.map(|t| t + 1),
            metric: f.metric.map(|r| self.metric(r)),
            percent_printed: f.percent,
            text: f.text.as_ref().map(bi),
            quote: f.quote.clone(),
        }
    }

    fn entry(&self, plan: &Plan, e: &Entry) -> EntryJson {
        EntryJson {
            project: plan.projects[e.project].id.clone(),
            status: e.status.as_ref().map(|(s, _)| s.id().to_string()),
            status_word: e.status.as_ref().map(|(_, w)| w.clone()),
            quote: e.quote.clone(),
            actuals: e.actuals.iter().map(|a| self.reported(a)).collect(),
            works_percent: e.works_percent.as_ref().map(|w| PrintedJson {
                value: w.value,
                quote: w.quote.clone(),
            }),
            revised_target: e.revised_target.as_ref().map(|r| self.reported(r)),
            investment: InvestmentJson {
                total: e.investment.total.as_ref().map(|r| self.reported(r)),
                planned: e.investment.planned.as_ref().map(|r| self.reported(r)),
                spent: e.investment.spent.as_ref().map(|r| self.reported(r)),
            },
            forecast: e.forecast.as_ref().map(|f| ForecastJson {
                due: date(&f.due),
                text: bi(&f.text),
                quote: f.quote.clone(),
            }),
            update: e.update.as_ref().map(bi),
            next_steps: e.next_steps.as_ref().map(bi),
        }
    }
}

/// `plans.schema.json`: the JSON Schema of [`PlansFile`], derived from the
/// types once per process (every plan folder and the site publish it).
pub fn schema_json() -> &'static [u8] {
    static SCHEMA: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let schema = schemars::schema_for!(PlansFile);
        let mut out = serde_json::to_vec_pretty(&schema).unwrap_or_default();
        out.push(b'\n');
        out
    });
    &SCHEMA
}

/// The size and SHA-256 (hex) of [`schema_json`], for the descriptors.
pub fn schema_facts() -> (usize, String) {
    static FACTS: std::sync::LazyLock<(usize, String)> = std::sync::LazyLock::new(|| {
        let schema = schema_json();
        (schema.len(), crate::write::manifest::sha256_hex(schema))
    });
    FACTS.clone()
}

/// `value` as compact JSON with a final newline, as the data files are.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec(value).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal fixture under a sub-path, and a builder for it.
    fn with_builder(check: impl FnOnce(&Builder, Vec<PlanIdx>)) {
        let model = crate::build::minimal_fixture_model();
        let map = SiteMap::new(&model, "https://example.gov.cn/sub/");
        let b = Builder {
            model: &model,
            map: &map,
        };
        check(&b, (0..model.plans.len()).collect());
    }

    #[test]
    fn the_streamed_file_has_the_bytes_of_the_whole_value() {
        with_builder(|b, all| {
            assert!(!all.is_empty());
            let streamed = b.file_json(&all);
            assert_eq!(
                String::from_utf8_lossy(&streamed),
                String::from_utf8_lossy(&to_json(&b.file(&all)))
            );
            assert_eq!(b.file_json(&all[..1]), to_json(&b.file(&all[..1])));
        });
    }

    #[test]
    fn the_framed_plans_joined_are_the_whole_file() {
        with_builder(|b, all| {
            let (head, tail) = b.frame();
            let plans: Vec<Vec<u8>> = all.iter().map(|&p| b.plan_json(p).unwrap()).collect();
            let joined = [head.clone(), plans.join(&b',')[..].to_vec(), tail.clone()].concat();
            assert_eq!(
                String::from_utf8_lossy(&joined),
                String::from_utf8_lossy(&b.file_json(&all))
            );
            let one = [head, plans[0].clone(), tail].concat();
            assert_eq!(one, b.file_json(&all[..1]));
        });
    }
}
