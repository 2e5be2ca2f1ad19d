//! Progress reports of a generated plan: a half-year report (`periodic`,
//! statuses 超序时 / 按序时 / 滞后) and a year-end completion report
//! (完成情况). The report's text is written first; every figure, status word
//! and passage is then quoted from it, with the percentage of target printed
//! as actual ÷ target, as `check` verifies.

use crate::corpus::{Actual, Entry, Plan, Report};
use crate::project::update;
use crate::regions::Tree;
use crate::rng::Rng;
use crate::text::{plain, units, T};

const PERIODIC: [(&str, &str, f64, f64); 3] = [
    ("ahead", "超序时", 0.6, 0.9),
    ("on-schedule", "按序时", 0.4, 0.6),
    ("behind", "滞后", 0.15, 0.35),
];
const COMPLETION: [(&str, &str, f64, f64); 3] = [
    ("complete", "已全面完成", 1.0, 1.2),
    ("basically-complete", "基本完成", 0.9, 0.99),
    ("behind", "进度滞后", 0.6, 0.85),
];

/// The report on `plan`: at mid-year, or at year end when `completion`.
pub fn report(tree: &Tree, rng: &mut Rng, plan: &Plan, completion: bool) -> Report {
    let r = &tree.regions[plan.region];
    let y = plan.year;
    let (as_of, published, kind) = if completion {
        (
            format!("{y}-12-31"),
            format!("{}-01-{:02}", y + 1, rng.range(10, 28)),
            "completion",
        )
    } else {
        (
            format!("{y}-06-30"),
            format!("{y}-07-{:02}", rng.range(5, 28)),
            "periodic",
        )
    };
    let (title, period) = if completion {
        (
            T::new(
                format!("{}{y}年民生实事完成情况", r.name.zh),
                format!("Completion of {}'s {y} livelihood projects", r.name.en),
            ),
            T::new(format!("{y}年全年"), format!("Full year {y}")),
        )
    } else {
        (
            T::new(
                format!("{}{y}年上半年民生实事进展情况", r.name.zh),
                format!("Progress of {}'s {y} livelihood projects, first half", r.name.en),
            ),
            T::new("1—6月", format!("January–June {y}")),
        )
    };
    let entries: Vec<Entry> = (0..plan.projects.len())
        .map(|i| entry(rng, plan, i, completion))
        .collect();
    let done = entries.iter().filter(|e| e.status == "complete").count();
    let n = plan.projects.len();
    let mut totals = Vec::new();
    let mut lead = format!("截至{}，", if completion { "12月底" } else { "6月底" });
    if completion {
        let rate = (done as f64 / n as f64 * 1000.0).round() / 10.0;
        let q1 = format!("已全面完成{done}项");
        let q2 = format!("完成率{}%", plain(rate));
        lead.push_str(&format!("{n}项民生实事{q1}，{q2}。"));
        totals.push((
            done as f64,
            "project",
            q1,
            T::new(format!("已全面完成{done}项"), format!("{done} projects fully complete")),
        ));
        totals.push((
            rate,
            "percent",
            q2,
            T::new(
                format!("完成率{}%", plain(rate)),
                format!("Completion rate: {}%", plain(rate)),
            ),
        ));
    } else {
        lead.push_str(&format!("{n}项民生实事总体进展顺利。"));
    }
    let paragraphs: Vec<&str> = entries.iter().map(|e| e.quote.as_str()).collect();
    let text = format!("{}\n\n　　{lead}\n\n　　{}\n", title.zh, paragraphs.join("\n\n　　"));
    Report {
        id: as_of.clone(),
        kind,
        title,
        published,
        as_of,
        period,
        text,
        totals,
        entries,
    }
}

/// What the report says of project `i`: a status drawn for the kind of
/// report, figures for every quantified target, sometimes the investment and
/// an update; its `quote` is the report's paragraph on the project.
fn entry(rng: &mut Rng, plan: &Plan, i: usize, completion: bool) -> Entry {
    let p = &plan.projects[i];
    let weights: &[usize] = if completion {
        &[0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
    } else {
        &[0, 0, 1, 1, 1, 1, 1, 2, 2, 2]
    };
    let (status, word, lo, hi) = if completion { COMPLETION } else { PERIODIC }[*rng.pick(weights)];
    let mut actuals = Vec::new();
    for (t, target) in p.targets.iter().enumerate() {
        let (Some(v), Some(unit)) = (target.value, target.unit) else {
            continue;
        };
        if unit == "percent" {
            continue;
        }
        let value = (v * (lo + (hi - lo) * rng.unit())).round().max(1.0);
        let percent = (value / v * 1000.0).round() / 10.0;
        let (uz, _) = units().names(unit, value);
        let quote = format!("{}{}{uz}，完成年度任务的{}%", target.verb, plain(value), plain(percent));
        actuals.push(Actual {
            target: t,
            value,
            unit,
            percent,
            quote,
        });
    }
    let investment = rng.chance(0.2).then(|| {
        let wan = rng.range(100, 5000) as f64;
        (wan * 1e4, format!("总投资{}万元", plain(wan)))
    });
    let mut para = format!("{}{}：", p.number, p.name.zh);
    for a in &actuals {
        para.push_str(&a.quote);
        para.push('，');
    }
    if let Some((_, q)) = &investment {
        para.push_str(q);
        para.push('，');
    }
    para.push_str(word);
    para.push('。');
    let upd = rng.chance(0.3).then(|| update(rng));
    if let Some(u) = &upd {
        para.push_str(&u.zh);
    }
    Entry {
        project: i,
        status,
        status_word: word,
        quote: para,
        actuals,
        investment,
        update: upd,
    }
}
