//! Views of the comparisons computed in [`crate::derive::compare`]: the
//! per-metric tables and charts of a program page, its cascade tree, the
//! programs × plans matrix, and the comparison of a derived plan with the
//! plan it implements. Numbers are formatted here, per language.

use serde::Serialize;

use super::chart::{bar_chart, share_bar, Bar};
use super::format;
use super::view::{Ctx, Link, T};
use crate::derive::compare::{self, CascadeNode, Cell};
use crate::derive::{lang_prefix, paths, ProjectRef};
use crate::model::*;

/// `1.6%`, `29.2%`, `0.95%`.
pub fn percent(ratio: f64) -> String {
    let p = ratio * 100.0;
    let decimals = if p < 1.0 { 2 } else { 1 };
    let s = format!("{p:.decimals$}");
    format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
}

/// A value per 10,000 residents with its unit (see [`format::per_10k`]).
pub fn per_capita(c: &Ctx, value: f64, unit: UnitIdx) -> String {
    format::per_10k(c.lang, value, &c.model.units[unit])
}

/// "（2022年人口）" / " (2022 population)": the population year shown beside
/// every per-capita value.
pub fn population_note(c: &Ctx, year: i32) -> String {
    c.paren(&c.ui("compare.population_of").text.replace("{year}", &year.to_string()))
}

/// Why a figure is not additive, in this language: its own reason, else
/// the general wording of its kind.
pub fn not_additive_reason(c: &Ctx, n: &NotAdditive) -> T {
    match &n.reason {
        Some(r) => c.t(r),
        None => c.ui(&format!("additive.{}", n.kind.id())),
    }
}

#[derive(Serialize)]
pub struct CompareRow {
    plan: Link,
    project: Link,
    level: T,
    year: i32,
    figure: String,
    qualifier: &'static str,
    value: f64,
    per_10k: Option<String>,
    per_10k_value: Option<f64>,
    /// "（2022年人口）": the year of the population used.
    population_note: Option<String>,
    share: Option<String>,
    share_value: Option<f64>,
    share_of: Option<Link>,
    share_bar: Option<String>,
    /// Why no share or per-capita value is given: the figure is not additive.
    not_additive: Option<T>,
    units: Vec<T>,
}

/// A chart with its note on bars too small to see.
#[derive(Serialize)]
pub struct ChartView {
    svg: String,
    note: Option<String>,
}

#[derive(Serialize)]
pub struct MetricTable {
    id: String,
    name: T,
    unit: String,
    /// The figure column keeps every digit (see [`format`]).
    all_digits: bool,
    /// Set when the metric itself is not additive.
    not_additive: Option<T>,
    rows: Vec<CompareRow>,
    chart: ChartView,
    chart_per_capita: Option<ChartView>,
}

#[derive(Serialize)]
pub struct CascadeView {
    plan: Link,
    project: Link,
    level: T,
    figure: Option<String>,
    metric: Option<T>,
    share: Option<String>,
    share_bar: Option<String>,
    /// Why no share is shown although there is a level above.
    no_share: Option<T>,
    children: Vec<CascadeView>,
}

#[derive(Serialize)]
pub struct ProgramCompare {
    tables: Vec<MetricTable>,
    without_figures: Vec<Link>,
    cascade: Vec<CascadeView>,
    csv: String,
}

fn level(c: &Ctx, r: ProjectRef) -> T {
    c.ui(&format!(
        "level.{}",
        c.model.regions[c.model.plans[r.0].region].level.id()
    ))
}

fn row(c: &Ctx, cell: &Cell, unit: UnitIdx, digits: format::Digits) -> CompareRow {
    let (p, i) = cell.project;
    let plan = &c.model.plans[p];
    let project = &plan.projects[i];
    let q = Quantity {
        value: cell.value,
        unit,
        qualifier: cell.qualifier,
    };
    let units = if project.lead_units.is_empty() {
        &project.responsible_units
    } else {
        &project.lead_units
    };
    let share_label = cell
        .share
        .map(|s| format!("{} {}", percent(s.ratio), c.plan_short(s.parent.0).label.text));
    CompareRow {
        plan: c.plan_short(p),
        project: c.project_link(p, i),
        level: level(c, cell.project),
        year: plan.year,
        figure: c.quantity_in(&q, digits),
        qualifier: format::qualifier_symbol(cell.qualifier),
        value: cell.value,
        per_10k: cell.per_10k.map(|(v, _)| per_capita(c, v, unit)),
        per_10k_value: cell.per_10k.map(|(v, _)| v),
        population_note: cell.per_10k.map(|(_, y)| population_note(c, y)),
        share: cell.share.map(|s| percent(s.ratio)),
        share_value: cell.share.map(|s| s.ratio),
        share_of: cell.share.map(|s| c.plan_short(s.parent.0)),
        share_bar: cell
            .share
            .map(|s| share_bar(s.ratio, share_label.as_deref().unwrap_or(""))),
        not_additive: cell.not_additive.as_ref().map(|n| not_additive_reason(c, n)),
        units: units.iter().map(|u| c.t(u)).collect(),
    }
}

/// A chart and, when some bars are too small to see, the note naming them.
fn chart_view(c: &Ctx, id: &str, title: &str, bars: &[Bar]) -> ChartView {
    let desc = bars
        .iter()
        .map(|b| format!("{}{}{}", b.label, c.ui("punct.colon").text, b.value_label))
        .collect::<Vec<_>>()
        .join(&c.ui("punct.semicolon").text);
    let chart = bar_chart(id, title, &desc, &c.ui("punct.colon").text, bars);
    let note = (!chart.tiny.is_empty()).then(|| {
        c.ui("chart.tiny")
            .text
            .replace("{labels}", &chart.tiny.join(&c.ui("punct.list").text))
    });
    ChartView { svg: chart.svg, note }
}

fn metric_table(c: &Ctx, prog: ProgramIdx, m: usize, cells: &[Cell]) -> MetricTable {
    let metric = &c.model.programs[prog].metrics[m];
    let name = c.t(&metric.name);
    let digits = format::column_digits(cells.iter().map(|x| x.value));
    let rows: Vec<CompareRow> = cells.iter().map(|cell| row(c, cell, metric.unit, digits)).collect();
    let id = format!("{}-{}", c.model.programs[prog].id, metric.id);
    let absolute: Vec<Bar> = cells
        .iter()
        .zip(&rows)
        .map(|(cell, r)| Bar {
            label: r.plan.label.text.clone(),
            value: cell.value,
            value_label: c.quantity(&Quantity {
                value: cell.value,
                unit: metric.unit,
                qualifier: cell.qualifier,
            }),
        })
        .collect();
    let per: Vec<Bar> = rows
        .iter()
        .filter_map(|r| {
            Some(Bar {
                label: r.plan.label.text.clone(),
                value: r.per_10k_value?,
                value_label: format!("{}{}", r.per_10k.clone()?, r.population_note.clone()?),
            })
        })
        .collect();
    let per_title = c.ui("compare.per_10k_chart").text.replace("{metric}", &name.text);
    MetricTable {
        chart: chart_view(c, &format!("{id}-abs"), &name.text, &absolute),
        chart_per_capita: (per.len() >= 2).then(|| chart_view(c, &format!("{id}-pc"), &per_title, &per)),
        id,
        name,
        unit: c.unit_name(metric.unit),
        all_digits: digits == format::Digits::All,
        not_additive: metric.not_additive.as_ref().map(|n| not_additive_reason(c, n)),
        rows,
    }
}

fn cascade_view(c: &Ctx, prog: ProgramIdx, node: &CascadeNode, has_parent: bool) -> CascadeView {
    let (p, i) = node.project;
    let metrics = &c.model.programs[prog].metrics;
    let figure = node.headline.as_ref().map(|(m, cell)| {
        c.quantity(&Quantity {
            value: cell.value,
            unit: metrics[*m].unit,
            qualifier: cell.qualifier,
        })
    });
    let share = node.headline.as_ref().and_then(|(_, cell)| cell.share);
    let no_share = match (has_parent, share, &node.headline) {
        (true, None, Some((_, cell))) => Some(match &cell.not_additive {
            Some(n) => not_additive_reason(c, n),
            None => c.ui("compare.no_same_year_parent"),
        }),
        _ => None,
    };
    CascadeView {
        plan: c.plan_short(p),
        project: c.project_link(p, i),
        level: level(c, node.project),
        metric: node.headline.as_ref().map(|(m, _)| c.t(&metrics[*m].name)),
        figure,
        share: share.map(|s| percent(s.ratio)),
        share_bar: share.map(|s| share_bar(s.ratio, &percent(s.ratio))),
        no_share,
        children: node.children.iter().map(|ch| cascade_view(c, prog, ch, true)).collect(),
    }
}

/// Everything the comparison part of a program page shows; only the CSV
/// link unless `whole` (a part that holds the comparisons).
pub fn program_compare(c: &Ctx, prog: ProgramIdx, whole: bool) -> ProgramCompare {
    let csv = c
        .map
        .file_href(&format!("{}{}", lang_prefix(c.lang), csv_path(c.model, prog)));
    if !whole {
        return ProgramCompare {
            tables: Vec::new(),
            without_figures: Vec::new(),
            cascade: Vec::new(),
            csv,
        };
    }
    let cmp = &c.map.indexes.comparisons(c.model)[prog];
    ProgramCompare {
        tables: cmp
            .metrics
            .iter()
            .enumerate()
            .filter(|(_, mc)| !mc.cells.is_empty())
            .map(|(m, mc)| metric_table(c, prog, m, &mc.cells))
            .collect(),
        without_figures: cmp
            .without_figures
            .iter()
            .map(|&(p, i)| c.link(c.plan_short(p).label, &paths::project(c.model, p, i)))
            .collect(),
        cascade: cmp.cascade.iter().map(|n| cascade_view(c, prog, n, false)).collect(),
        csv,
    }
}

/// Where a program's comparison CSV is written, below the language root.
pub fn csv_path(model: &Model, prog: ProgramIdx) -> String {
    format!("{}{}.csv", paths::program(model, prog), model.programs[prog].id)
}

/// One row of the comparison with the parent plan, on a derived plan's page.
#[derive(Serialize)]
pub struct DerivedRow {
    project: Link,
    metric: T,
    figure: String,
    parent_figure: String,
    parent_project: Link,
    share: String,
    share_bar: String,
    /// The columns of figures keep every digit (see [`format`]).
    own_all_digits: bool,
    above_all_digits: bool,
}

/// For a plan, each figure that has a same-year figure in the parent
/// region's plan for the same metric, with the share. Not-additive figures
/// have no share and are left out.
pub fn derived_rows(c: &Ctx, p: PlanIdx) -> Vec<DerivedRow> {
    let plan = &c.model.plans[p];
    let mut found = Vec::new();
    for (i, project) in plan.projects.iter().enumerate() {
        for &prog in &project.programs {
            for (m, metric) in c.model.programs[prog].metrics.iter().enumerate() {
                let Some(cell) = compare::cell(c.model, (p, i), prog, m, &c.map.indexes.plan_by_region_year) else {
                    continue;
                };
                let Some(share) = cell.share else { continue };
                let parent_q = compare::figure(c.model, share.parent, prog, m)
                    .map(|(_, q)| q)
                    .unwrap_or(Quantity {
                        value: share.parent_value,
                        unit: metric.unit,
                        qualifier: Qualifier::Exactly,
                    });
                let q = Quantity {
                    value: cell.value,
                    unit: metric.unit,
                    qualifier: cell.qualifier,
                };
                found.push((i, metric, q, parent_q, share));
            }
        }
    }
    let own = format::column_digits(found.iter().map(|f| f.2.value));
    let above = format::column_digits(found.iter().map(|f| f.3.value));
    found
        .into_iter()
        .map(|(i, metric, q, parent_q, share)| DerivedRow {
            project: c.project_link(p, i),
            metric: c.t(&metric.name),
            figure: c.quantity_in(&q, own),
            parent_figure: c.quantity_in(&parent_q, above),
            parent_project: c.project_link(share.parent.0, share.parent.1),
            share: percent(share.ratio),
            share_bar: share_bar(share.ratio, &percent(share.ratio)),
            own_all_digits: own == format::Digits::All,
            above_all_digits: above == format::Digits::All,
        })
        .collect()
}

#[derive(Serialize)]
pub struct MatrixRow {
    program: Link,
    cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
pub struct MatrixCell {
    plan: String,
    /// Headline figure, or `None` when carried without a figure.
    figure: Option<String>,
    href: Option<String>,
    carried: bool,
}

#[derive(Serialize)]
pub struct Matrix {
    plans: Vec<Link>,
    rows: Vec<MatrixRow>,
}

/// Programs × plans: which plan carries which program, with its headline figure.
/// The matrix of the plans (columns) of `part`.
pub fn matrix(c: &Ctx, part: crate::derive::paging::Part) -> Matrix {
    let order = &c.map.indexes.plans_in_tree_order;
    let order = &order[part.range(order.len())];
    let plans: Vec<Link> = order.iter().map(|&p| c.plan_short(p)).collect();
    let rows = (0..c.model.programs.len())
        .filter(|&g| !c.map.indexes.program_projects[g].is_empty())
        .map(|g| {
            let projects = &c.map.indexes.program_projects[g];
            let metrics = &c.model.programs[g].metrics;
            let mut by_plan: Vec<Option<ProjectRef>> = vec![None; c.model.plans.len()];
            for &r in projects {
                by_plan[r.0].get_or_insert(r);
            }
            let cells = order
                .iter()
                .enumerate()
                .map(|(col, &p)| {
                    let carried = by_plan[p];
                    // The headline figure with what it measures: "创建省级劳务品牌：1个".
                    let figure = carried.and_then(|r| {
                        (0..metrics.len()).find_map(|m| {
                            compare::figure(c.model, r, g, m).map(|(_, q)| {
                                format!(
                                    "{}{}{}",
                                    c.t(&metrics[m].name).text,
                                    c.ui("punct.colon").text,
                                    c.quantity(&q)
                                )
                            })
                        })
                    });
                    MatrixCell {
                        plan: plans[col].label.text.clone(),
                        figure,
                        href: carried.map(|(p, i)| c.href(&paths::project(c.model, p, i))),
                        carried: carried.is_some(),
                    }
                })
                .collect();
            MatrixRow {
                program: c.program_link(g),
                cells,
            }
        })
        .collect();
    Matrix { plans, rows }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages() {
        assert_eq!(percent(0.016142857), "1.6%");
        assert_eq!(percent(0.292), "29.2%");
        assert_eq!(percent(0.0095348), "0.95%");
        assert_eq!(percent(1.0), "100%");
    }
}
