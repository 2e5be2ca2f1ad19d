//! Validation of progress reports (`plans/<region>/<year>/progress/*.yaml`)
//! against their plan: every project they name exists, every figure's quote
//! is in the report's own text, each actual is matched to the plan target
//! it measures (same unit), statuses are in the vocabulary and keep the
//! printed word, dates fall in or after the plan year. A printed percentage
//! that disagrees with actual ÷ target is a warning, never corrected.

use std::collections::HashMap;
use std::path::Path;

use super::{date, keyword, pos, resolve, text, vocab, Report};
use crate::error::{Diagnostic, Pos};
use crate::load::raw::RawText;
use crate::load::raw::S;
use crate::load::raw_progress::*;
use crate::load::LoadedProgress;
use crate::model::*;

/// What a report is checked against: the plan's validated projects.
pub(crate) struct PlanFacts<'a> {
    pub year: Option<i32>,
    pub projects: &'a [Project],
    pub programs: &'a [Program],
    pub units: &'a HashMap<String, usize>,
    pub unit_ids: &'a [Unit],
}

/// Validates every report of a plan; returns them oldest first.
pub(crate) fn reports(r: &mut Report, loaded: &[LoadedProgress], facts: &PlanFacts) -> Vec<ProgressReport> {
    let mut out: Vec<ProgressReport> = loaded.iter().filter_map(|lp| one_report(r, lp, facts)).collect();
    out.sort_by(|a, b| (a.as_of, &a.id).cmp(&(b.as_of, &b.id)));
    out
}

struct Ctx<'a> {
    file: &'a Path,
    facts: &'a PlanFacts<'a>,
    squashed: String,
}

fn one_report(r: &mut Report, lp: &LoadedProgress, facts: &PlanFacts) -> Option<ProgressReport> {
    let f = lp.report.file.as_path();
    let raw = &lp.report.value;
    let text_body = lp.source_text.clone().unwrap_or_else(|| {
        r.error(
            Diagnostic::new(
                f,
                pos(&raw.source.file),
                "source.file",
                format!("`{}` does not exist in the progress/ folder", raw.source.file.value),
            )
            .hint("store the report's text as published (Simplified Chinese) in that file, beside this YAML"),
        );
        String::new()
    });
    let c = Ctx {
        file: f,
        facts,
        squashed: super::squash(&text_body),
    };
    let as_of = date(r, f, "as_of", &raw.as_of);
    if let (Some(d), Some(y)) = (as_of, facts.year) {
        if d.year < y {
            r.error(
                Diagnostic::new(f, pos(&raw.as_of), "as_of", format!("{d} is before the plan year {y}"))
                    .hint("as_of is the date the report's figures refer to: in the plan's year or later"),
            );
        }
    }
    let published = raw.published.as_ref().and_then(|p| date(r, f, "published", p));
    if let (Some(p), Some(a), Some(s)) = (published, as_of, raw.published.as_ref()) {
        if p.year < a.year || (p.year == a.year && p.month < a.month) {
            r.warn(
                Diagnostic::new(
                    f,
                    pos(s),
                    "published",
                    format!("published {p} before its as_of date {a}"),
                )
                .hint("check both dates: a report is published after the date its figures refer to"),
            );
        }
    }
    let kind = keyword(r, f, "kind", &raw.kind, &ReportKind::ALL);
    let entries = entries(r, &c, &raw.projects);
    let totals = raw
        .totals
        .iter()
        .enumerate()
        .filter_map(|(i, t)| figure(r, &c, &format!("totals[{i}]"), t, None, None))
        .collect();
    let id = f
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The file name is the report's URL: it must be a slug.
    let unknown = serde_saphyr::Location::UNKNOWN;
    super::check_id(r, f, "(file name)", &S::new(id.clone(), unknown, unknown));
    Some(ProgressReport {
        id,
        title: text(r, f, "title", &raw.title),
        issuer: text(r, f, "issuer", &raw.issuer),
        kind: kind?,
        published,
        as_of: as_of?,
        period: text(r, f, "period", &raw.period),
        source: {
            let (url, reprints) = vocab::source_links(r, f, raw.source.url.as_ref(), &raw.source.reprints, false);
            Source {
                name: text(r, f, "source.name", &raw.source.name),
                url,
                reprints,
                file: raw.source.file.value.clone(),
                text: text_body,
            }
        },
        notes: texts(r, f, "notes", &raw.notes),
        totals,
        summary: raw.summary.as_ref().map(|t| text(r, f, "summary", t)),
        entries,
    })
}

fn texts(r: &mut Report, f: &Path, key: &str, list: &[RawText]) -> Vec<Text> {
    list.iter()
        .enumerate()
        .map(|(i, t)| text(r, f, &format!("{key}[{i}]"), t))
        .collect()
}

fn entries(r: &mut Report, c: &Ctx, raw: &[RawEntry]) -> Vec<Entry> {
    let ids: HashMap<String, usize> = c
        .facts
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let mut seen: HashMap<usize, Pos> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in raw.iter().enumerate() {
        let key = format!("projects[{i}]");
        let Some(project) = resolve(r, c.file, &format!("{key}.project"), &e.project, &ids, "project") else {
            continue;
        };
        if let Some(first) = seen.insert(project, pos(&e.project)) {
            r.error(
                Diagnostic::new(
                    c.file,
                    pos(&e.project),
                    format!("{key}.project"),
                    format!("project `{}` appears twice in this report", e.project.value),
                )
                .hint(format!(
                    "merge it with the entry on line {}: one entry per project per report",
                    first.line
                )),
            );
        }
        out.push(entry(r, c, &key, project, e));
    }
    out
}

fn entry(r: &mut Report, c: &Ctx, key: &str, project: usize, e: &RawEntry) -> Entry {
    let f = c.file;
    let status = match (&e.status, &e.status_word) {
        (Some(s), Some(w)) => {
            in_report(r, c, &format!("{key}.status_word"), w, "the status word");
            keyword(r, f, &format!("{key}.status"), s, &Status::ALL).map(|st| (st, w.value.trim().to_string()))
        }
        (Some(s), None) => {
            r.error(
                Diagnostic::new(
                    f,
                    pos(s),
                    format!("{key}.status_word"),
                    "a status needs the word the report printed",
                )
                .hint("add `status_word:` with the report's own word, e.g. 已完成, 超序时, 滞后"),
            );
            None
        }
        (None, Some(w)) => {
            r.error(
                Diagnostic::new(f, pos(w), format!("{key}.status"), "a status word without a status")
                    .hint(format!("add `status:` with one of: {}", ids(&Status::ALL))),
            );
            None
        }
        (None, None) => None,
    };
    if let Some(q) = &e.quote {
        in_report(r, c, &format!("{key}.quote"), q, "the quote");
    }
    let works_percent = e.works_percent.as_ref().map(|w| {
        let k = format!("{key}.works_percent");
        in_report(r, c, &format!("{k}.quote"), &w.quote, "the quote");
        value_in_quote(r, f, &format!("{k}.value"), &w.value, &w.quote.value);
        Printed {
            value: w.value.value,
            quote: w.quote.value.trim().to_string(),
        }
    });
    let p = Some(project);
    let revised_target = e
        .revised_target
        .as_ref()
        .and_then(|x| figure(r, c, &format!("{key}.revised_target"), x, p, None));
    let revised = revised_target
        .as_ref()
        .and_then(|x| x.target.map(|t| (t, x.quantity.value)));
    let fig = |r: &mut Report, k: String, x: &RawFigure, p: Option<usize>| figure(r, c, &k, x, p, revised);
    let inv = e.investment.as_ref();
    let money = |r: &mut Report, name: &str, x: Option<&RawFigure>| {
        x.and_then(|x| figure(r, c, &format!("{key}.investment.{name}"), x, None, None))
    };
    Entry {
        project,
        status,
        quote: e.quote.as_ref().map(|q| q.value.trim().to_string()),
        actuals: e
            .actuals
            .iter()
            .enumerate()
            .filter_map(|(i, a)| fig(r, format!("{key}.actuals[{i}]"), a, p))
            .collect(),
        works_percent,
        revised_target,
        investment: Investment {
            total: money(r, "total", inv.and_then(|i| i.total.as_ref())),
            planned: money(r, "planned", inv.and_then(|i| i.planned.as_ref())),
            spent: money(r, "spent", inv.and_then(|i| i.spent.as_ref())),
        },
        forecast: e.forecast.as_ref().map(|fc| {
            in_report(r, c, &format!("{key}.forecast.quote"), &fc.quote, "the quote");
            Forecast {
                due: fc
                    .due
                    .as_ref()
                    .and_then(|d| date(r, f, &format!("{key}.forecast.due"), d)),
                text: text(r, f, &format!("{key}.forecast.text"), &fc.text),
                quote: fc.quote.value.trim().to_string(),
            }
        }),
        update: e.update.as_ref().map(|t| text(r, f, &format!("{key}.update"), t)),
        next_steps: e
            .next_steps
            .as_ref()
            .map(|t| text(r, f, &format!("{key}.next_steps"), t)),
    }
}

fn ids<T>(all: &[(&str, T)]) -> String {
    all.iter().map(|(s, _)| *s).collect::<Vec<_>>().join(", ")
}

/// A reported figure; `project` is set when it may be matched to a target,
/// `revised` when the report revised one of its targets (index, value):
/// a printed percentage may then refer to either.
fn figure(
    r: &mut Report,
    c: &Ctx,
    key: &str,
    x: &RawFigure,
    project: Option<usize>,
    revised: Option<(usize, f64)>,
) -> Option<Reported> {
    let f = c.file;
    in_report(r, c, &format!("{key}.quote"), &x.quote, "the quote");
    value_in_quote(r, f, &format!("{key}.value"), &x.value, &x.quote.value);
    if x.value.value.is_nan() || x.value.value < 0.0 {
        r.error(
            Diagnostic::new(
                f,
                pos(&x.value),
                format!("{key}.value"),
                "a reported figure cannot be negative",
            )
            .hint("write the figure as printed, in base units"),
        );
    }
    if let Some(p) = &x.percent {
        value_in_quote(r, f, &format!("{key}.percent"), p, &x.quote.value);
    }
    let unit = resolve(r, f, &format!("{key}.unit"), &x.unit, c.facts.units, "unit")?;
    let qualifier = x
        .qualifier
        .as_ref()
        .and_then(|q| keyword(r, f, &format!("{key}.qualifier"), q, &Qualifier::ALL))
        .unwrap_or(Qualifier::Exactly);
    let quantity = Quantity {
        value: x.value.value,
        unit,
        qualifier,
    };
    let target = match project {
        Some(p) => match_target(r, c, key, x, p, unit),
        None => None,
    };
    let metric = target.and_then(|(p, t)| c.facts.projects[p].targets[t].metric);
    if let (Some((p, t)), Some(pct)) = (target, &x.percent) {
        let planned = c.facts.projects[p].targets[t].quantity.map(|q| q.value);
        let also = revised.filter(|(rt, _)| *rt == t).map(|(_, v)| v);
        check_percent(r, c, key, planned, also, quantity.value, pct);
    }
    Some(Reported {
        quantity,
        target: target.map(|(_, t)| t),
        metric,
        percent: x.percent.as_ref().map(|p| p.value),
        text: x.text.as_ref().map(|t| text(r, f, &format!("{key}.text"), t)),
        quote: x.quote.value.trim().to_string(),
    })
}

/// The target an actual measures: by `metric`, by `target: N`, or the only
/// target of the project in the same unit. Its unit must be the target's.
fn match_target(r: &mut Report, c: &Ctx, key: &str, x: &RawFigure, p: usize, unit: usize) -> Option<(usize, usize)> {
    let f = c.file;
    let project = &c.facts.projects[p];
    let metric_id = |t: &Target| {
        t.metric
            .map(|m| c.facts.programs[m.program].metrics[m.metric].id.as_str())
    };
    let found = if let Some(m) = &x.metric {
        let t = project
            .targets
            .iter()
            .position(|t| metric_id(t) == Some(m.value.as_str()));
        if t.is_none() {
            let known: Vec<&str> = project.targets.iter().filter_map(metric_id).collect();
            r.error(
                Diagnostic::new(
                    f,
                    pos(m),
                    format!("{key}.metric"),
                    format!("no target of project `{}` measures metric `{}`", project.id, m.value),
                )
                .hint(if known.is_empty() {
                    "this project's targets have no metric: use `target: N` (1-based) instead".to_string()
                } else {
                    format!("metrics of this project's targets: {}", known.join(", "))
                }),
            );
        }
        t
    } else if let Some(n) = &x.target {
        if n.value == 0 || n.value > project.targets.len() {
            r.error(
                Diagnostic::new(
                    f,
                    pos(n),
                    format!("{key}.target"),
                    format!(
                        "project `{}` has {} targets; there is no target {}",
                        project.id,
                        project.targets.len(),
                        n.value
                    ),
                )
                .hint("targets are counted from 1 in the order of plan.yaml"),
            );
            None
        } else {
            Some(n.value - 1)
        }
    } else {
        let same: Vec<usize> = (0..project.targets.len())
            .filter(|&t| project.targets[t].quantity.is_some_and(|q| q.unit == unit))
            .collect();
        (same.len() == 1).then(|| same[0])
    };
    let t = found?;
    match project.targets[t].quantity {
        Some(q) if q.unit != unit => {
            r.error(
                Diagnostic::new(
                    f,
                    pos(&x.unit),
                    format!("{key}.unit"),
                    format!(
                        "unit `{}` differs from the target's `{}`",
                        x.unit.value, c.facts.unit_ids[q.unit].id
                    ),
                )
                .hint("write the figure in the unit of the target it measures (12万套 = 120000 housing-unit)"),
            );
            None
        }
        _ => Some((p, t)),
    }
}

/// Warns when a printed percentage disagrees with actual ÷ target (the
/// plan's, or a revised one the report cites).
fn check_percent(
    r: &mut Report,
    c: &Ctx,
    key: &str,
    planned: Option<f64>,
    revised: Option<f64>,
    value: f64,
    printed: &S<f64>,
) {
    let Some(target) = planned.filter(|v| *v > 0.0) else {
        return;
    };
    let tolerance = (printed.value.abs() * 0.02).max(1.0);
    let agrees = |t: f64| t > 0.0 && (value / t * 100.0 - printed.value).abs() <= tolerance;
    let computed = value / target * 100.0;
    if !agrees(target) && !revised.is_some_and(agrees) {
        r.warn(
            Diagnostic::new(
                c.file,
                pos(printed),
                format!("{key}.percent"),
                format!("the report prints {}% but the figure ÷ the plan target is {computed:.1}%", printed.value),
            )
            .hint("keep the printed percentage (governments' own arithmetic may differ, e.g. against a revised target); check the figure and the target"),
        );
    }
}

fn value_in_quote(r: &mut Report, f: &Path, key: &str, v: &S<f64>, quote: &str) {
    if !super::quote_mentions_value(v.value, quote) {
        r.warn(
            Diagnostic::new(f, pos(v), key, format!("{} does not appear in the quote", v.value))
                .hint("every figure must be in the source sentence quoted (12万 = 120000)"),
        );
    }
}

fn in_report(r: &mut Report, c: &Ctx, key: &str, s: &S<String>, what: &str) {
    if !c.squashed.is_empty() && !c.squashed.contains(&super::squash(&s.value)) {
        r.error(
            Diagnostic::new(c.file, pos(s), key, format!("{what} is not in the report's text"))
                .hint("copy the words verbatim from the report's .zh.txt file (whitespace is ignored)"),
        );
    }
}
