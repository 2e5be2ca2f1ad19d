//! Validation of `plans/<region>/<year>/plan.yaml`: the plan's metadata, its
//! sections and every project, target and milestone; its progress reports
//! are checked in [`super::progress`].

use std::collections::HashMap;
use std::path::Path;

use super::{check_unique, date, keyword, pos, resolve, text, vocab, Agencies, Report, Vocab};
use crate::error::{Diagnostic, Pos};
use crate::load::raw::*;
use crate::load::LoadedPlan;
use crate::model::*;

/// Folders beside a plan's projects (`plans/<region>/<year>/<name>/`):
/// the source text, progress reports and open data.
pub const RESERVED_PROJECT_IDS: [&str; 3] = ["source", "progress", "data"];

/// What plan validation looks things up in.
pub(crate) struct PlanContext<'a> {
    pub vocab: &'a Vocab,
    pub programs: &'a [Program],
    pub agencies: &'a Agencies,
    pub regions: &'a [Region],
    pub units: &'a [Unit],
}

pub(super) fn one_plan(r: &mut Report, lp: &LoadedPlan, ctx: &PlanContext) -> Option<Plan> {
    let f = lp.plan.file.as_path();
    let raw = &lp.plan.value;
    let unknown = serde_saphyr::Location::UNKNOWN;
    let folder = S::new(lp.region.clone(), unknown, unknown);
    let region = resolve(r, f, "(folder name)", &folder, &ctx.vocab.regions, "region");
    let year = lp
        .year
        .parse::<i32>()
        .ok()
        .filter(|y| lp.year.len() == 4 && (1949..=2100).contains(y));
    if year.is_none() {
        r.error(
            Diagnostic::new(
                f,
                Pos::default(),
                "(folder name)",
                format!("`{}` is not a year", lp.year),
            )
            .hint("plan folders are content/plans/<region-id>/<YYYY>/"),
        );
    }
    let source_text = lp.source_text.clone().unwrap_or_else(|| {
        r.error(
            Diagnostic::new(
                f,
                pos(&raw.source.file),
                "source.file",
                format!("`{}` does not exist beside plan.yaml", raw.source.file.value),
            )
            .hint("store the original document text (Simplified Chinese) in that file"),
        );
        String::new()
    });
    check_unique(
        r,
        f,
        raw.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("sections[{i}].id"), &s.id)),
        "section",
    );
    check_unique(
        r,
        f,
        raw.projects
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("projects[{i}].id"), &p.id)),
        "project",
    );
    for (i, p) in raw.projects.iter().enumerate() {
        if RESERVED_PROJECT_IDS.contains(&p.id.value.as_str()) {
            r.error(
                Diagnostic::new(
                    f,
                    pos(&p.id),
                    format!("projects[{i}].id"),
                    format!("`{}` is reserved", p.id.value),
                )
                .hint(format!(
                    "the plan's folder already holds its {} page: choose another id, such as `{}-project`",
                    p.id.value, p.id.value
                )),
            );
        }
    }
    let sections: Vec<Section> = raw
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| Section {
            id: s.id.value.clone(),
            title: text(r, f, &format!("sections[{i}].title"), &s.title),
        })
        .collect();
    let final_deadline = raw
        .deadlines
        .as_ref()
        .and_then(|d| d.full.as_ref())
        .and_then(|d| PartialDate::parse(&d.value));
    let pc = ProjectContext {
        ctx,
        year,
        final_deadline,
        file: f,
        region,
        sections: sections.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect(),
        source_squashed: super::squash(&source_text),
        programs: ctx
            .programs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect(),
    };
    let projects: Vec<Project> = raw
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| project(r, &pc, &format!("projects[{i}]"), p))
        .collect();
    if let Some(c) = &raw.stated_count {
        stated_count(r, &pc, c, projects.len());
    }
    let reports = super::progress::reports(
        r,
        &lp.progress,
        &super::progress::PlanFacts {
            year,
            projects: &projects,
            programs: ctx.programs,
            units: &ctx.vocab.units,
            unit_ids: ctx.units,
        },
    );
    if let (Some(zh), Some(en)) = (&lp.intro_zh, &lp.intro_en) {
        check_intro_terms(r, &lp.dir, zh, en);
    }
    let intro = lp.intro_zh.as_ref().map(|zh| Text {
        zh: zh.clone(),
        en: lp.intro_en.clone(),
    });
    if lp.intro_en.is_some() && lp.intro_zh.is_none() {
        r.error(
            Diagnostic::new(
                Path::new(&format!("{}/intro.en.md", lp.dir)),
                Pos::default(),
                "",
                "English intro without a Chinese one",
            )
            .hint("add intro.zh.md: Chinese is the reference text"),
        );
    }
    let opt_date = |r: &mut Report, key: &str, s: &Option<S<String>>| s.as_ref().and_then(|s| date(r, f, key, s));
    let dl = raw.deadlines.as_ref();
    Some(Plan {
        region: region?,
        year: year?,
        title: text(r, f, "title", &raw.title),
        document_number: raw.document_number.clone(),
        issuer: text(r, f, "issuer", &raw.issuer),
        issued: opt_date(r, "issued", &raw.issued),
        published: opt_date(r, "published", &raw.published),
        updated: opt_date(r, "updated", &raw.updated),
        source: {
            let (url, reprints) = vocab::source_links(r, f, raw.source.url.as_ref(), &raw.source.reprints, true);
            Source {
                name: text(r, f, "source.name", &raw.source.name),
                url,
                reprints,
                file: raw.source.file.value.clone(),
                text: source_text,
            }
        },
        adoption: keyword(r, f, "adoption", &raw.adoption, &Adoption::ALL).unwrap_or(Adoption::Other),
        adoption_note: raw.adoption_note.as_ref().map(|t| text(r, f, "adoption_note", t)),
        deadline_basic: opt_date(r, "deadlines.basic", &dl.and_then(|d| d.basic.clone())),
        deadline_full: opt_date(r, "deadlines.full", &dl.and_then(|d| d.full.clone())),
        derived_from: None,
        notes: raw
            .notes
            .iter()
            .enumerate()
            .map(|(i, t)| text(r, f, &format!("notes[{i}]"), t))
            .collect(),
        sections,
        intro,
        projects,
        reports,
    })
}

struct ProjectContext<'a> {
    ctx: &'a PlanContext<'a>,
    year: Option<i32>,
    final_deadline: Option<PartialDate>,
    file: &'a Path,
    region: Option<RegionIdx>,
    sections: HashMap<String, usize>,
    source_squashed: String,
    programs: HashMap<String, usize>,
}

fn project(r: &mut Report, pc: &ProjectContext, key: &str, p: &RawProject) -> Project {
    let f = pc.file;
    let section = match (&p.section, pc.sections.is_empty()) {
        (Some(s), _) => resolve(r, f, &format!("{key}.section"), s, &pc.sections, "section"),
        (None, false) => {
            r.error(
                Diagnostic::new(
                    f,
                    pos(&p.id),
                    format!("{key}.section"),
                    "this plan has sections but the project names none",
                )
                .hint("add `section:` with the id of one of the plan's sections"),
            );
            None
        }
        (None, true) => None,
    };
    let programs: Vec<usize> = p
        .programs
        .iter()
        .enumerate()
        .filter_map(|(i, s)| resolve(r, f, &format!("{key}.programs[{i}]"), s, &pc.programs, "program"))
        .collect();
    in_source(
        r,
        pc,
        &format!("{key}.source_text"),
        &p.source_text,
        "the project's source_text",
    );
    let units = |r: &mut Report, field: &str, list: &[S<String>]| -> Vec<Text> {
        list.iter()
            .enumerate()
            .map(|(i, u)| agency(r, pc, &format!("{key}.{field}[{i}]"), u))
            .collect()
    };
    Project {
        id: p.id.value.clone(),
        number: p.number.value.trim().to_string(),
        ordinal: ordinal(&p.number.value),
        section,
        name: text(r, f, &format!("{key}.name"), &p.name),
        category: resolve(
            r,
            f,
            &format!("{key}.category"),
            &p.category,
            &pc.ctx.vocab.categories,
            "category",
        )
        .unwrap_or(0),
        summary: p.summary.as_ref().map(|t| {
            check_grouped(r, f, &format!("{key}.summary.zh"), t);
            text(r, f, &format!("{key}.summary"), t)
        }),
        targets: p
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| target(r, pc, &programs, &format!("{key}.targets[{i}]"), t))
            .collect(),
        lead_units: units(r, "lead_units", &p.lead_units),
        responsible_units: units(r, "responsible_units", &p.responsible_units),
        leaders: p
            .leaders
            .iter()
            .enumerate()
            .map(|(i, t)| text(r, f, &format!("{key}.leaders[{i}]"), t))
            .collect(),
        milestones: p
            .milestones
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let k = format!("{key}.milestones[{i}]");
                check_grouped(r, f, &format!("{k}.text.zh"), &m.text);
                let mtext = text(r, f, &format!("{k}.text"), &m.text);
                let values = figures(r, pc, &programs, &k, &m.values, mtext.en.as_deref().unwrap_or(""));
                let due = date(r, f, &format!("{k}.due"), &m.due)?;
                milestone_due(r, pc, &format!("{k}.due"), &m.due, due);
                Some(Milestone {
                    due,
                    text: mtext,
                    values,
                })
            })
            .collect(),
        caveat: p.caveat.as_ref().map(|t| text(r, f, &format!("{key}.caveat"), t)),
        source_text: p.source_text.value.trim().to_string(),
        programs,
    }
}

/// The English name of a government body from `agencies.yaml`, searching the
/// plan's region, then its ancestors, then entries without a region.
fn agency(r: &mut Report, pc: &ProjectContext, key: &str, s: &S<String>) -> Text {
    let zh = s.value.trim().to_string();
    if let Some(en) = vocab::lookup(pc.ctx.agencies, pc.ctx.regions, pc.region, &zh) {
        return Text::new(zh, en);
    }
    if r.failed.contains("content/agencies.yaml") {
        return Text::zh_only(zh);
    }
    r.warn(
        Diagnostic::new(pc.file, pos(s), key, format!("no English name for `{zh}`"))
            .hint("add it to content/agencies.yaml with the plan's region"),
    );
    Text::zh_only(zh)
}

/// Warns about a figure of 1万 or more written in full in editorial Chinese
/// text where 万 is exact, so that the text reads like the site's figures.
fn check_grouped(r: &mut Report, f: &Path, key: &str, t: &RawText) {
    for n in ungrouped_figures(&t.zh.value) {
        r.warn(
            Diagnostic::new(f, pos(&t.zh), key, format!("`{n}` is written in full where 万 is exact"))
                .hint("editorial Chinese text follows the site's number rule: write 1万, 30.79万 (keep every digit only where 万 would round, as in 15593)"),
        );
    }
}

/// Checks the English intro against the glossary, locating a finding by
/// its line in `intro.en.md`.
fn check_intro_terms(r: &mut Report, dir: &str, zh: &str, en: &str) {
    let file = format!("{dir}/intro.en.md");
    for (n, line) in en.lines().enumerate() {
        vocab::check_terms(r, Path::new(&file), "", zh, line, Pos::new(n as u64 + 1, 1));
    }
}

fn target(r: &mut Report, pc: &ProjectContext, programs: &[usize], key: &str, t: &RawTarget) -> Target {
    let f = pc.file;
    in_source(r, pc, &format!("{key}.quote"), &t.quote, "the quote");
    let quantity = match (&t.value, &t.unit) {
        (Some(v), Some(u)) => {
            let qualifier = t
                .qualifier
                .as_ref()
                .and_then(|q| keyword(r, f, &format!("{key}.qualifier"), q, &Qualifier::ALL))
                .unwrap_or(Qualifier::Exactly);
            let unit = resolve(r, f, &format!("{key}.unit"), u, &pc.ctx.vocab.units, "unit");
            plausible(
                r,
                f,
                &format!("{key}.value"),
                v,
                unit.map(|u| pc.ctx.units[u].id.as_str()),
            );
            if !super::quote_mentions_value(v.value, &t.quote.value) {
                r.warn(
                    Diagnostic::new(
                        f,
                        pos(v),
                        format!("{key}.value"),
                        format!("{} does not appear in the quote", v.value),
                    )
                    .hint("every figure must be in the source sentence quoted (12万 = 120000)"),
                );
            }
            unit.map(|unit| Quantity {
                value: v.value,
                unit,
                qualifier,
            })
        }
        (Some(v), None) => {
            r.error(
                Diagnostic::new(f, pos(v), format!("{key}.unit"), "a value needs a unit")
                    .hint("add `unit:` with a unit id from content/units.yaml"),
            );
            None
        }
        (None, Some(u)) => {
            r.error(
                Diagnostic::new(f, pos(u), format!("{key}.value"), "a unit without a value")
                    .hint("add the `value`, or remove `unit` for a target without a number"),
            );
            None
        }
        (None, None) => None,
    };
    let metric = t.metric.as_ref().and_then(|m| {
        metric_ref(
            r,
            pc,
            programs,
            &format!("{key}.metric"),
            m,
            quantity.map(|q| (q.unit, t.unit.as_ref())),
        )
    });
    let ttext = text(r, f, &format!("{key}.text"), &t.text);
    check_grouped(r, f, &format!("{key}.text.zh"), &t.text);
    if let (Some(q), Some(u)) = (quantity, &t.unit) {
        let label = metric
            .and_then(|m| pc.ctx.programs[m.program].metrics[m.metric].name.en.clone())
            .or_else(|| ttext.en.clone())
            .unwrap_or_default();
        vocab::check_generic(r, f, &format!("{key}.unit"), pos(u), pc.ctx.units, q.unit, &label);
    }
    Target {
        metric,
        not_additive: t
            .not_additive
            .as_ref()
            .and_then(|x| vocab::not_additive(r, f, &format!("{key}.not_additive"), x)),
        quantity,
        text: ttext,
        quote: t.quote.value.trim().to_string(),
    }
}

fn figures(
    r: &mut Report,
    pc: &ProjectContext,
    programs: &[usize],
    key: &str,
    list: &[RawValue],
    context_en: &str,
) -> Vec<Figure> {
    let f = pc.file;
    list.iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let k = format!("{key}.values[{i}]");
            let unit = resolve(r, f, &format!("{k}.unit"), &v.unit, &pc.ctx.vocab.units, "unit")?;
            let metric = v
                .metric
                .as_ref()
                .and_then(|m| metric_ref(r, pc, programs, &format!("{k}.metric"), m, Some((unit, Some(&v.unit)))));
            let qualifier = v
                .qualifier
                .as_ref()
                .and_then(|q| keyword(r, f, &format!("{k}.qualifier"), q, &Qualifier::ALL))
                .unwrap_or(Qualifier::Exactly);
            let label = metric
                .and_then(|m| pc.ctx.programs[m.program].metrics[m.metric].name.en.clone())
                .unwrap_or_else(|| context_en.to_string());
            vocab::check_generic(r, f, &format!("{k}.unit"), pos(&v.unit), pc.ctx.units, unit, &label);
            if let Some(q) = &v.quote {
                in_source(r, pc, &format!("{k}.quote"), q, "the quote");
                if !super::quote_mentions_value(v.value.value, &q.value) {
                    r.warn(
                        Diagnostic::new(
                            f,
                            pos(&v.value),
                            format!("{k}.value"),
                            format!("{} does not appear in the quote", v.value.value),
                        )
                        .hint("every figure must be in the source sentence quoted (12万 = 120000)"),
                    );
                }
            }
            Some(Figure {
                metric,
                quantity: Quantity {
                    value: v.value.value,
                    unit,
                    qualifier,
                },
                quote: v.quote.as_ref().map(|q| q.value.trim().to_string()),
            })
        })
        .collect()
}

/// Resolves a metric id among the project's programs and checks its unit.
fn metric_ref(
    r: &mut Report,
    pc: &ProjectContext,
    programs: &[usize],
    key: &str,
    m: &S<String>,
    unit: Option<(UnitIdx, Option<&S<String>>)>,
) -> Option<MetricRef> {
    let f = pc.file;
    let found = programs.iter().find_map(|&p| {
        pc.ctx.programs[p]
            .metrics
            .iter()
            .position(|x| x.id == m.value)
            .map(|i| MetricRef { program: p, metric: i })
    });
    let Some(mr) = found else {
        if r.is_consequence("metric", &m.value) {
            return None;
        }
        let known: Vec<String> = programs
            .iter()
            .flat_map(|&p| pc.ctx.programs[p].metrics.iter().map(|x| x.id.clone()))
            .collect();
        let hint = if programs.is_empty() {
            "add the project's `programs` first; metrics belong to programs".to_string()
        } else {
            format!("metrics of this project's programs: {}", known.join(", "))
        };
        r.error(Diagnostic::new(f, pos(m), key, format!("unknown metric `{}`", m.value)).hint(hint));
        return None;
    };
    let expected = pc.ctx.programs[mr.program].metrics[mr.metric].unit;
    if let Some((u, s)) = unit {
        if u != expected {
            let at = s.map(pos).unwrap_or(pos(m));
            r.error(
                Diagnostic::new(f, at, key.replace(".metric", ".unit"), format!("unit `{}` does not match metric `{}`, measured in `{}`", pc.ctx.units[u].id, m.value, pc.ctx.units[expected].id))
                    .hint("convert the value to the metric's unit, or use another metric: values are only compared within one unit"),
            );
        }
    }
    Some(mr)
}

/// A target's value: never negative; a warning when implausible.
fn plausible(r: &mut Report, f: &Path, key: &str, v: &S<f64>, unit: Option<&str>) {
    let x = v.value;
    if x.is_nan() || x < 0.0 {
        r.error(
            Diagnostic::new(f, pos(v), key, "a target cannot be negative")
                .hint("write the figure as printed, in base units; check the sign and the conversion of 万 and 亿"),
        );
    } else if x > 1e13 {
        r.warn(
            Diagnostic::new(f, pos(v), key, format!("{x} is implausibly large"))
                .hint("write the figure as printed, in base units; check the sign and the conversion of 万 and 亿"),
        );
    } else if unit == Some("percent") && x > 100.0 {
        r.warn(
            Diagnostic::new(f, pos(v), key, "a percentage above 100 as a target")
                .hint("check the figure: a rate is rarely above 100% unless the source says so"),
        );
    }
}

/// A milestone falls in the plan's year and not after its final deadline.
fn milestone_due(r: &mut Report, pc: &ProjectContext, key: &str, s: &S<String>, due: PartialDate) {
    if let Some(deadline) = pc.final_deadline.filter(|d| due.end() > d.end()) {
        r.error(
            Diagnostic::new(
                pc.file,
                pos(s),
                key,
                format!("due {due}, after the plan's final deadline {deadline}"),
            )
            .hint(
                "a milestone may not be due after the plan's final deadline: check the date, or the plan's deadlines",
            ),
        );
    } else if let Some(y) = pc.year.filter(|y| due.year < *y) {
        r.error(
            Diagnostic::new(pc.file, pos(s), key, format!("due {due}, before the plan year {y}"))
                .hint("a milestone falls in the plan's year or later: check the date"),
        );
    }
}

/// The number of projects the document states must be the number listed.
fn stated_count(r: &mut Report, pc: &ProjectContext, c: &RawCount, listed: usize) {
    in_source(r, pc, "stated_count.quote", &c.quote, "the quote");
    if !super::quote_mentions_value(f64::from(c.value.value), &c.quote.value) {
        r.warn(
            Diagnostic::new(
                pc.file,
                pos(&c.value),
                "stated_count.value",
                format!("{} does not appear in the quote", c.value.value),
            )
            .hint("every figure must be in the source sentence quoted (12万 = 120000)"),
        );
    }
    if c.value.value as usize != listed {
        r.error(
            Diagnostic::new(
                pc.file,
                pos(&c.value),
                "stated_count.value",
                format!("the document states {} projects but {listed} are listed", c.value.value),
            )
            .hint("add the missing projects (or remove extra ones) so that `projects` lists every item printed"),
        );
    }
}

fn in_source(r: &mut Report, pc: &ProjectContext, key: &str, s: &S<String>, what: &str) {
    if !pc.source_squashed.is_empty() && !pc.source_squashed.contains(&super::squash(&s.value)) {
        r.error(
            Diagnostic::new(pc.file, pos(s), key, format!("{what} is not in the plan's source text"))
                .hint("copy the sentence verbatim from the source file (whitespace is ignored)"),
        );
    }
}
