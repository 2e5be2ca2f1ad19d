//! Reading a progress or completion report: which of the plan's projects
//! each passage speaks of (by number and by how much of the project's name
//! it contains), the figures reached with their printed percentages
//! (`分别完成年度任务的100%、100.1%`, `已完成8个(53%)`, `完成率200%`), works
//! percentages (`正在施工中(93%)`) and investment. The report's own facts
//! (status words, date, period, kind) are in [`super::progress_meta`].

use std::collections::BTreeSet;
use std::ops::Range;

use super::clauses::{self, Clause};
use super::numbers::{self, Found};
use super::units::{self, Unit};

/// A project of the plan, as the report is matched against it.
#[derive(Debug, Clone)]
pub struct PlanProject {
    pub id: String,
    pub number: String,
    pub name: String,
    /// `(value, unit id, quote)` of each target, in order.
    pub targets: Vec<(Option<f64>, Option<String>, String)>,
}

/// A figure reported.
#[derive(Debug, Clone, Default)]
pub struct Fig {
    pub value: f64,
    pub unit: String,
    pub qualifier: Option<&'static str>,
    pub percent: Option<f64>,
    /// 1-based index of the plan target it measures.
    pub target: Option<usize>,
    pub quote: Range<usize>,
    pub review: Vec<String>,
}

/// What the report says of one project.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub project: usize,
    pub score: f64,
    pub quote: Range<usize>,
    pub status: Option<(&'static str, String)>,
    pub actuals: Vec<Fig>,
    pub works_percent: Option<(f64, Range<usize>)>,
    pub investment: Vec<(&'static str, Fig)>,
    pub review: Vec<String>,
}

/// A passage naming no project of the plan.
#[derive(Debug, Clone)]
pub struct Unmatched {
    pub quote: Range<usize>,
}

const FILLER: &[&str] = &[
    "工程", "项目", "行动", "建设", "提升", "实施", "开展", "推进", "加强", "加快", "“", "”",
];

fn core(name: &str) -> Vec<(char, char)> {
    let mut s = name.to_string();
    for w in FILLER {
        s = s.replace(w, "");
    }
    let chars: Vec<char> = s
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !"（）《》·、".contains(*c))
        .collect();
    let set: BTreeSet<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    set.into_iter().collect()
}

/// How much of a project's name a clause contains: the share of the
/// name's character pairs (without filler words) found in it.
pub fn coverage(name: &str, clause: &str) -> f64 {
    let pairs = core(name);
    if pairs.len() < 2 {
        return 0.0;
    }
    let text: Vec<char> = clause.chars().collect();
    let have: BTreeSet<(char, char)> = text.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.iter().filter(|p| have.contains(p)).count() as f64 / pairs.len() as f64
}

/// A clause that reads like an item's name (`智慧平安社区建设工程`).
fn looks_like_name(s: &str) -> bool {
    let n = s.chars().count();
    let counted = numbers::scan(s)
        .found
        .iter()
        .any(|f| f.measure.as_deref() == Some("项"));
    (4..=24).contains(&n) && !counted && ["工程", "行动", "项目"].iter().any(|w| s.ends_with(w))
}

/// Splits the report into passages and matches them to projects: a clause
/// naming one project (most of its name, or its number) or restating one of
/// its targets (`目标是开工…12万套`) opens that project's passage; the
/// clauses after it continue it, up to the end of the paragraph. A clause
/// naming several projects is an overview and opens none.
pub fn passages(
    text: &str,
    plan: &[PlanProject],
    units: &[Unit],
) -> (Vec<Entry>, Vec<Unmatched>, Vec<Clause>, Vec<Option<usize>>) {
    let cl: Vec<Clause> = clauses::split(text)
        .into_iter()
        .flat_map(|c| split_list(text, c, plan))
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; cl.len()];
    let mut entries: Vec<Entry> = Vec::new();
    let mut unmatched: Vec<Unmatched> = Vec::new();
    // Current passage: Some(Some(entry)) a project, Some(None) an unmatched one.
    let mut current: Option<Option<usize>> = None;
    for (i, c) in cl.iter().enumerate() {
        let s = &text[c.range.clone()];
        if c.sep_before == Some('\n') {
            current = None;
        }
        match best_project(s, plan, units) {
            Some((p, _)) if overview(s, plan) => {
                let _ = p;
                current = None;
            }
            Some((p, score)) => {
                let e = match entries.iter().position(|e| e.project == p) {
                    Some(e) => e,
                    None => {
                        entries.push(Entry {
                            project: p,
                            score: score.min(1.0),
                            quote: c.range.clone(),
                            ..Entry::default()
                        });
                        entries.len() - 1
                    }
                };
                extend(text, &mut entries[e].quote, c);
                current = Some(Some(e));
            }
            None if looks_like_name(s) => {
                unmatched.push(Unmatched { quote: c.range.clone() });
                current = Some(None);
            }
            None => match current {
                Some(Some(e)) => extend(text, &mut entries[e].quote, c),
                Some(None) => {
                    if let Some(u) = unmatched.last_mut() {
                        extend(text, &mut u.quote, c);
                    }
                }
                None => {}
            },
        }
        owner[i] = current.flatten();
    }
    (entries, unmatched, cl, owner)
}

/// A clause listing several projects (`2个…机构建设已完成1个(50%)、15个农村
/// 幸福院建设已完成8个(53%)`) is read as one clause per project, cut at
/// the `、` between them.
fn split_list(text: &str, c: Clause, plan: &[PlanProject]) -> Vec<Clause> {
    let s = &text[c.range.clone()];
    if !overview(s, plan) {
        return vec![c];
    }
    let mut out = Vec::new();
    let (mut start, mut depth, mut sep) = (c.range.start, 0i32, c.sep_before);
    for (i, ch) in s.char_indices() {
        match ch {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            '、' if depth == 0 => {
                out.push(Clause {
                    range: start..c.range.start + i,
                    sep_before: sep,
                });
                start = c.range.start + i + ch.len_utf8();
                sep = Some('、');
            }
            _ => {}
        }
    }
    out.push(Clause {
        range: start..c.range.end,
        sep_before: sep,
    });
    let parts_ok = out.iter().all(|p| {
        plan.iter()
            .filter(|pp| coverage(&pp.name, &text[p.range.clone()]) >= 0.6)
            .count()
            <= 1
    });
    if parts_ok {
        out
    } else {
        vec![c]
    }
}

/// Extends a passage's quote over the clause that follows it.
fn extend(text: &str, quote: &mut Range<usize>, c: &Clause) {
    if quote.end <= c.range.start && text[quote.end..c.range.start].chars().count() <= 2 {
        quote.end = c.range.end;
    }
}

fn best_project(s: &str, plan: &[PlanProject], units: &[Unit]) -> Option<(usize, f64)> {
    let by_name = plan
        .iter()
        .enumerate()
        .map(|(p, pp)| (p, coverage(&pp.name, s) + number_bonus(s, &pp.number)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, sc)| *sc >= 0.6);
    by_name.or_else(|| by_target(s, plan, units))
}

/// A clause restating a target of exactly one project (same value and unit).
fn by_target(s: &str, plan: &[PlanProject], units: &[Unit]) -> Option<(usize, f64)> {
    if !(s.contains("目标") || s.contains("任务")) {
        return None;
    }
    let mut hits = BTreeSet::new();
    for f in numbers::scan(s).found {
        let chars: Vec<char> = s.chars().collect();
        let before: String = chars[..f.start].iter().collect();
        let after: String = chars[f.end..].iter().collect();
        let cx = units::Context {
            measure: f.measure.as_deref(),
            before: &before,
            after_near: &after,
            after: &after,
            outer: "",
        };
        let Some(unit) = units::choose(units, &cx).unit else {
            continue;
        };
        for (p, pp) in plan.iter().enumerate() {
            if pp
                .targets
                .iter()
                .any(|t| t.0 == Some(f.value) && t.1.as_deref() == Some(unit.as_str()))
            {
                hits.insert(p);
            }
        }
    }
    (hits.len() == 1).then(|| (*hits.iter().next().unwrap_or(&0), 0.6))
}

/// A clause naming two projects or more (`推进棚户区改造、老旧小区改造…3项`).
fn overview(s: &str, plan: &[PlanProject]) -> bool {
    plan.iter().filter(|p| coverage(&p.name, s) >= 0.6).count() >= 2
}

fn number_bonus(clause: &str, number: &str) -> f64 {
    if !number.is_empty() && clause.starts_with(number) {
        0.3
    } else {
        0.0
    }
}

/// Reads the figures of each entry's clauses.
pub fn figures(
    text: &str,
    cl: &[Clause],
    owner: &[Option<usize>],
    entries: &mut [Entry],
    plan: &[PlanProject],
    units: &[Unit],
) {
    for e in 0..entries.len() {
        let mine: Vec<usize> = (0..cl.len()).filter(|&i| owner[i] == Some(e)).collect();
        let project = &plan[entries[e].project];
        let mut pending: Vec<usize> = Vec::new();
        let mut restating = false;
        for (n, &i) in mine.iter().enumerate() {
            let c = &cl[i];
            let s = &text[c.range.clone()];
            let found = numbers::scan(s).found;
            let offs: Vec<usize> = s
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(s.len()))
                .collect();
            let abs = |f: &Found| c.range.start + offs[f.start]..c.range.start + offs[f.end];
            let prev_clause = n.checked_sub(1).map(|k| mine[k]).filter(|&k| k + 1 == i);
            let prev_text = prev_clause.map_or("", |k| &text[cl[k].range.clone()]);
            if prev_text.ends_with("目标是") || prev_text.ends_with("目标为") || prev_text.ends_with("任务是")
            {
                restating = true;
            }
            if ["已", "完成", "截至", "目前"].iter().any(|w| s.contains(w)) {
                restating = false;
            }
            let mut here: Vec<usize> = Vec::new();
            let mut percents: Vec<(f64, Range<usize>)> = Vec::new();
            for (k, f) in found.iter().enumerate() {
                let printed = abs(f);
                match f.measure.as_deref() {
                    Some("%") => percents.push((f.value, printed)),
                    Some(_) if restating || restates_target(s, &found, k) => {}
                    // `6个老旧小区改造正在施工中`: the target, naming the item.
                    Some(_)
                        if f.start == 0
                            && n == 0
                            && !reached(s)
                            && project.targets.iter().any(|t| t.0 == Some(f.value)) => {}
                    Some(_) | None => {
                        if let Some(fig) = actual(text, c, f, printed, project, units) {
                            if fig.unit == "project" {
                                // A count of projects: the report's, not this project's.
                            } else if fig.unit == "yuan" {
                                let kind = investment_kind(s);
                                entries[e].investment.push((kind, fig));
                            } else {
                                entries[e].actuals.push(fig);
                                here.push(entries[e].actuals.len() - 1);
                            }
                        }
                    }
                }
            }
            attach_percents(
                s,
                c,
                prev_clause.map(|k| &cl[k]),
                &mut entries[e],
                &here,
                &pending,
                percents,
            );
            pending = if here.is_empty() { pending } else { here };
        }
        let quote = entries[e].quote.clone();
        entries[e].status = super::progress_meta::status(&text[quote.clone()]);
        match_targets(text, &mut entries[e], project);
    }
}

/// `2个嵌入式养老机构建设已完成1个`: the first figure is the target.
fn restates_target(s: &str, found: &[Found], k: usize) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let f = &found[k];
    let before: String = chars[..f.start].iter().collect();
    let after: String = chars[f.end..].iter().collect();
    let restated = [
        "目标",
        "任务是",
        "计划",
        "涉及",
        "剩余",
        "其余",
        "千人口",
        "每千人",
        "人均",
    ]
    .iter()
    .any(|w| before.contains(w));
    // `这5项预计…`, `共3项`: a count of the report's items.
    let items = f.measure.as_deref() == Some("项") && ["这", "共", "有", "中"].iter().any(|w| before.ends_with(w));
    if items {
        return true;
    }
    if restated || after.starts_with("任务目标") || after.starts_with("目标") || depth(&chars, f.start) > 0 {
        return true;
    }
    found.get(k + 1).is_some_and(|g| {
        let between: String = chars[f.end..g.start].iter().collect();
        g.measure == f.measure && (between.contains("已") || between.contains("完成")) && !between.contains('、')
    })
}

/// A clause saying something was done (`…完成居家适老化改造`).
fn reached(s: &str) -> bool {
    s.contains('已') || (!s.contains("预计") && (s.contains("完成") || s.contains("建成")))
}

/// Parenthesis depth at `at`: figures in brackets are a breakdown.
fn depth(chars: &[char], at: usize) -> i32 {
    chars[..at].iter().fold(0, |d, c| match c {
        '（' | '(' => d + 1,
        '）' | ')' => (d - 1).max(0),
        _ => d,
    })
}

fn actual(text: &str, c: &Clause, f: &Found, printed: Range<usize>, p: &PlanProject, units: &[Unit]) -> Option<Fig> {
    let s = &text[c.range.clone()];
    let rel = printed.start - c.range.start..printed.end - c.range.start;
    let cx = units::Context {
        measure: f.measure.as_deref(),
        before: &s[..rel.start],
        after_near: &s[rel.end..],
        after: &s[rel.end..],
        outer: "",
    };
    let choice = units::choose(units, &cx);
    let mut unit = choice.unit?;
    let mut review: Vec<String> = choice.review.into_iter().collect();
    // A count with the measure word of the project's one target counts
    // what it counts (`其中改造完成945个` of `改造城镇老旧小区1816个`).
    let of_target = |u: &str| p.targets.iter().any(|t| t.1.as_deref() == Some(u));
    if let (false, Some(m)) = (of_target(&unit), f.measure.as_deref()) {
        let mut fitting: Vec<&str> = p
            .targets
            .iter()
            .filter_map(|t| t.1.as_deref())
            .filter(|u| units::fits(units, u, m))
            .collect();
        fitting.sort_unstable();
        fitting.dedup();
        if let [one] = fitting.as_slice() {
            unit = one.to_string();
            review = vec![format!("unit `{unit}` of the project's target")];
        }
    }
    if unit != "yuan" && !of_target(&unit) {
        review.push(format!(
            "no target of this project is in `{unit}`: check the unit, or whether it is a figure of another project"
        ));
    }
    Some(Fig {
        value: f.value,
        unit,
        qualifier: f.qualifier.map(|q| q.id()),
        quote: c.range.clone(),
        review,
        ..Fig::default()
    })
}

fn investment_kind(s: &str) -> &'static str {
    if s.contains("总投资") {
        "total"
    } else if s.contains("计划投资") {
        "planned"
    } else {
        "spent"
    }
}

/// Percentages: to the figures of the clause (`已完成8个(53%)`), to those
/// of the clause before (`…13.21万套,分别完成年度任务的100%、100.1%`), or
/// as works progress (`正在施工中(93%)`).
fn attach_percents(
    s: &str,
    c: &Clause,
    prev: Option<&Clause>,
    e: &mut Entry,
    here: &[usize],
    pending: &[usize],
    percents: Vec<(f64, Range<usize>)>,
) {
    if percents.is_empty() {
        return;
    }
    // `投资完成率93%` is a share of the money, not of the figures before it.
    if s.contains("投资") {
        return;
    }
    let open = |list: &[usize], e: &Entry| {
        list.iter()
            .copied()
            .filter(|&a| e.actuals[a].percent.is_none())
            .collect::<Vec<_>>()
    };
    let same = open(here, e);
    let before = open(pending, e);
    let (targets, widen) = if !same.is_empty() {
        (same, false)
    } else if !before.is_empty() && prev.is_some() {
        (before, true)
    } else {
        let works = ["施工", "完成率", "完工率", "进度"].iter().any(|w| s.contains(w));
        if works && e.works_percent.is_none() {
            e.works_percent = Some((percents[0].0, c.range.clone()));
        } else if !s.contains("投资") {
            e.review.push(format!("a percentage not tied to a figure: «{s}»"));
        }
        return;
    };
    for (a, (value, _)) in targets.iter().zip(percents) {
        let fig = &mut e.actuals[*a];
        fig.percent = Some(value);
        if widen {
            fig.quote.end = c.range.end;
        } else {
            fig.quote = fig.quote.start.min(c.range.start)..fig.quote.end.max(c.range.end);
        }
    }
}

/// The plan target each actual measures: the only one in its unit, else
/// the one whose quote shares most with the actual's clause.
fn match_targets(text: &str, e: &mut Entry, p: &PlanProject) {
    for a in &mut e.actuals {
        let same: Vec<usize> = (0..p.targets.len())
            .filter(|&t| p.targets[t].1.as_deref() == Some(a.unit.as_str()))
            .collect();
        a.target = match same.as_slice() {
            [] => None,
            [t] => Some(t + 1),
            _ => {
                // With a printed percentage, the target it is a share of;
                // else the closest in wording.
                let clause = &text[a.quote.clone()];
                let share = |t: usize| p.targets[t].0.filter(|v| *v > 0.0).map(|v| 100.0 * a.value / v);
                let by_percent = a.percent.and_then(|pc| {
                    same.iter()
                        .filter_map(|&t| share(t).map(|s| (t, (s - pc).abs())))
                        .filter(|(_, d)| *d <= 2.0)
                        .min_by(|x, y| x.1.total_cmp(&y.1))
                });
                let best = by_percent.or_else(|| {
                    same.iter()
                        .map(|&t| (t, coverage(&p.targets[t].2, clause)))
                        .max_by(|x, y| x.1.total_cmp(&y.1))
                });
                a.review.push(
                    "several targets share this unit: the one its percentage or wording fits was chosen".to_string(),
                );
                best.map(|(t, _)| t + 1)
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Vec<PlanProject> {
        let p = |id: &str, name: &str, targets: Vec<(f64, &str)>| PlanProject {
            id: id.into(),
            number: String::new(),
            name: name.into(),
            targets: targets
                .into_iter()
                .map(|(v, u)| (Some(v), Some(u.to_string()), String::new()))
                .collect(),
        };
        vec![
            p(
                "shanty",
                "棚户区改造工程",
                vec![(110000.0, "housing-unit"), (132000.0, "housing-unit")],
            ),
            p("old", "老旧小区改造工程", vec![(3057.0, "item")]),
        ]
    }

    #[test]
    fn passages_figures_and_percentages() {
        let units: Vec<Unit> = [("housing-unit", "套"), ("item", "个")]
            .iter()
            .map(|(i, z)| Unit {
                id: i.to_string(),
                zh: z.to_string(),
            })
            .collect();
        let t = "统计显示,棚户区改造工程,新开工11万套、基本建成13.21万套,分别完成年度任务的100%、100.1%。老旧小区改造工程,改造3057个老旧小区,完成年度任务的100%。智慧平安社区建设工程,完成28670个小区的智能感知前端建设。";
        let plan = plan();
        let (mut entries, unmatched, cl, owner) = passages(t, &plan, &units);
        figures(t, &cl, &owner, &mut entries, &plan, &units);
        assert_eq!(entries.len(), 2);
        assert_eq!(unmatched.len(), 1);
        let a = &entries[0].actuals;
        assert_eq!(
            (a[0].value, a[0].percent, a[0].target),
            (110000.0, Some(100.0), Some(1))
        );
        assert_eq!((a[1].value, a[1].percent), (132100.0, Some(100.1)));
        assert_eq!(
            &t[a[1].quote.clone()],
            "新开工11万套、基本建成13.21万套,分别完成年度任务的100%、100.1%"
        );
        assert_eq!(entries[1].actuals[0].percent, Some(100.0));
    }
}
