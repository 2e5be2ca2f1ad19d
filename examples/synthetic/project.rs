//! One plan's projects: a program's (targets from its metrics) or a local
//! one, each with the sentence of the source it comes from, quoted targets,
//! responsible bodies, a schedule for some, and a Markdown summary.

use crate::corpus::{Milestone, Project, Target, SECTIONS};
use crate::regions::{agency, Level, Tree};
use crate::rng::Rng;
use crate::text::{cn_numeral, number_zh, plain, T};
use crate::vocab::{vocab, Metric};

pub(crate) fn projects(tree: &Tree, rng: &mut Rng, region: usize, year: u16, n: usize, sections: bool) -> Vec<Project> {
    let mut programs: Vec<usize> = (0..vocab().programs.len()).collect();
    rng.shuffle(&mut programs);
    let mut locals: Vec<usize> = (0..vocab().locals.len()).collect();
    rng.shuffle(&mut locals);
    let (mut next_program, mut next_local) = (0, 0);
    let mut ids = std::collections::HashMap::new();
    (0..n)
        .map(|i| {
            let local = next_program >= programs.len() || (next_local < locals.len() && rng.chance(0.12));
            let mut p = if local {
                next_local += 1;
                local_project(tree, rng, region, locals[(next_local - 1) % locals.len()])
            } else {
                next_program += 1;
                program_project(tree, rng, region, year, programs[next_program - 1])
            };
            let k: &mut usize = ids.entry(p.id.clone()).or_insert(0);
            *k += 1;
            if *k > 1 {
                p.id = format!("{}-{k}", p.id);
            }
            p.number = format!("（{}）", cn_numeral(i as u32 + 1));
            p.section = sections.then_some(if i < n / 2 { SECTIONS[0].0 } else { SECTIONS[1].0 });
            p.source_text = format!("{}{}", p.number, p.source_text);
            p
        })
        .collect()
}

/// A figure of about `base × scale`, rounded the way plans round.
fn figure(rng: &mut Rng, base: f64, unit: &str, level: Level) -> f64 {
    if unit == "percent" {
        return base.min(100.0) - rng.range(0, 8) as f64;
    }
    let v = base * level.scale() * (0.5 + rng.unit());
    let step = if v >= 10000.0 {
        100.0
    } else if v >= 100.0 {
        10.0
    } else {
        1.0
    };
    ((v / step).round() * step).max(1.0)
}

fn qualifier(rng: &mut Rng, percent: bool) -> (Option<&'static str>, &'static str, &'static str) {
    match rng.below(6) {
        0 | 1 => (None, "", ""),
        2 | 3 => (Some("at-least"), if percent { "不低于" } else { "不少于" }, "at least "),
        4 => (Some("more-than"), "超过", "more than "),
        _ => (Some("about"), "约", "about "),
    }
}

/// How a plan states a figure: `{verb}{number}{unit}`, and the English name.
#[derive(Clone, Copy)]
struct Stated {
    unit: &'static str,
    verb: &'static str,
    name_en: &'static str,
    base: f64,
}

impl Stated {
    fn of(m: &'static Metric) -> Self {
        Stated {
            unit: &m.unit,
            verb: &m.verb,
            name_en: &m.en,
            base: m.base,
        }
    }
}

fn metric_target(
    rng: &mut Rng,
    units: &crate::text::Units,
    level: Level,
    m: Stated,
    metric: Option<(usize, usize)>,
) -> Target {
    let value = figure(rng, m.base, m.unit, level);
    let (q, qz, qe) = qualifier(rng, m.unit == "percent");
    let (uz, ue) = units.names(m.unit, value);
    let number = if value >= 10000.0 && rng.chance(0.5) {
        number_zh(value)
    } else {
        plain(value)
    };
    let quote = format!("{}{qz}{number}{uz}", m.verb);
    let sep = if m.unit == "percent" { "" } else { " " };
    Target {
        metric,
        value: Some(value),
        unit: Some(m.unit),
        qualifier: q,
        text: T::new(
            quote.clone(),
            format!("{}: {qe}{}{sep}{ue}", m.name_en, crate::text::number_en(value)),
        ),
        quote,
        verb: m.verb.to_string(),
    }
}

fn qualitative(rng: &mut Rng) -> Target {
    let (zh, en) = rng.pick(&vocab().qualitative);
    Target {
        metric: None,
        value: None,
        unit: None,
        qualifier: None,
        text: T::new(zh.as_str(), en.as_str()),
        quote: zh.to_string(),
        verb: String::new(),
    }
}

fn program_project(tree: &Tree, rng: &mut Rng, region: usize, year: u16, prog: usize) -> Project {
    let g = &vocab().programs[prog];
    let level = tree.regions[region].level;
    let units = crate::text::units();
    let k = *rng.pick(&[1, 1, 1, 2, 2, 2, 2, 3, 3, 4]);
    let mut metrics: Vec<usize> = (0..g.metrics.len()).collect();
    rng.shuffle(&mut metrics);
    metrics.truncate(k);
    metrics.sort_unstable();
    let mut targets: Vec<Target> = metrics
        .iter()
        .map(|&i| metric_target(rng, units, level, Stated::of(&g.metrics[i]), Some((prog, i))))
        .collect();
    while targets.len() < k {
        let t = qualitative(rng);
        if targets.iter().all(|x| x.quote != t.quote) {
            targets.push(t);
        }
    }
    let milestones = milestones(rng, units, year, &targets);
    let name = T::new(g.zh.as_str(), g.en.as_str());
    assemble(
        tree,
        rng,
        region,
        &g.id,
        name,
        &g.category,
        Some(prog),
        (&g.desc.0, &g.desc.1),
        &g.agency,
        targets,
        milestones,
    )
}

fn local_project(tree: &Tree, rng: &mut Rng, region: usize, i: usize) -> Project {
    let x = &vocab().locals[i];
    let level = tree.regions[region].level;
    let units = crate::text::units();
    let m = Stated {
        unit: &x.unit,
        verb: &x.verb,
        name_en: &x.verb_en,
        base: x.base,
    };
    let mut targets = vec![metric_target(rng, units, level, m, None)];
    if rng.chance(0.4) {
        targets.push(qualitative(rng));
    }
    let desc = (vocab().measures[10].0.as_str(), vocab().measures[10].1.as_str());
    assemble(
        tree,
        rng,
        region,
        &x.id,
        T::new(x.zh.as_str(), x.en.as_str()),
        &x.category,
        None,
        desc,
        &x.agency,
        targets,
        Vec::new(),
    )
}

/// Some projects have a schedule: half the first figure by June, done by September.
fn milestones(rng: &mut Rng, units: &crate::text::Units, year: u16, targets: &[Target]) -> Vec<Milestone> {
    let Some((i, t)) = targets
        .iter()
        .enumerate()
        .find(|(_, t)| t.value.is_some() && t.unit != Some("percent"))
    else {
        return Vec::new();
    };
    if !rng.chance(0.35) {
        return Vec::new();
    }
    let half = (t.value.unwrap_or(0.0) / 2.0).round().max(1.0);
    let unit = t.unit.unwrap_or_default();
    let (uz, ue) = units.names(unit, half);
    let quote = format!("6月底前{}{}{uz}", t.verb, plain(half));
    vec![
        Milestone {
            due: format!("{year}-06"),
            text: T::new(
                quote.clone(),
                format!("{} {ue} by the end of June", crate::text::number_en(half)),
            ),
            value: Some((i, half, quote)),
        },
        Milestone {
            due: format!("{year}-09"),
            text: T::new("9月底前基本完成", "Basically complete by the end of September"),
            value: None,
        },
    ]
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    tree: &Tree,
    rng: &mut Rng,
    region: usize,
    id: &str,
    name: T,
    category: &'static str,
    program: Option<usize>,
    desc: (&str, &str),
    agency_key: &str,
    targets: Vec<Target>,
    milestones: Vec<Milestone>,
) -> Project {
    let mut units = vec![agency(tree, region, agency_key)];
    if rng.chance(0.3) {
        units.push(agency(tree, region, "finance"));
    }
    if rng.chance(0.2) {
        units.push(agency(tree, region, "development"));
    }
    let quotes: Vec<&str> = targets.iter().map(|t| t.quote.as_str()).collect();
    let measure = rng.pick(&vocab().measures);
    let schedule = match milestones.first().and_then(|m| m.value.as_ref()) {
        Some((_, _, q)) => format!("{q}，9月底前基本完成。"),
        None => String::new(),
    };
    let unit_names: Vec<&str> = units.iter().map(|u| u.zh.as_str()).collect();
    let source_text = format!(
        "{}。{}。{}{}（责任单位：{}）",
        name.zh,
        quotes.join("，"),
        measure.0,
        schedule,
        unit_names.join("、")
    );
    Project {
        id: id.to_string(),
        number: String::new(),
        section: None,
        summary: summary(rng, desc, &targets),
        name,
        category,
        program,
        targets,
        units,
        milestones,
        source_text,
    }
}

/// A Markdown summary of about 300 Chinese characters, and its English.
fn summary(rng: &mut Rng, desc: (&str, &str), targets: &[Target]) -> T {
    let mut zh = format!(
        "{}主要目标：{}。\n\n",
        desc.0,
        targets
            .iter()
            .map(|t| t.text.zh.as_str())
            .collect::<Vec<_>>()
            .join("，")
    );
    let mut en = format!(
        "{} Main targets: {}.\n\n",
        desc.1,
        targets
            .iter()
            .map(|t| t.text.en.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    if rng.chance(0.3) {
        for t in targets {
            zh.push_str(&format!("- {}\n", t.text.zh));
            en.push_str(&format!("- {}\n", t.text.en));
        }
        zh.push('\n');
        en.push('\n');
    }
    let mut picks: Vec<usize> = (0..vocab().measures.len()).collect();
    rng.shuffle(&mut picks);
    for &i in picks.iter().take(rng.range(7, 9) as usize) {
        zh.push_str(&vocab().measures[i].0);
        en.push_str(&vocab().measures[i].1);
        en.push(' ');
    }
    T::new(zh, en.trim_end().to_string())
}

/// The narrative update a report may give.
pub fn update(rng: &mut Rng) -> T {
    let (zh, en) = rng.pick(&vocab().updates);
    T::new(zh.as_str(), en.as_str())
}
