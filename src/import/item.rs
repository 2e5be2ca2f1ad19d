//! One project from its item's text: name, units in charge (责任单位,
//! 牵头单位, 配合单位) and leaders, every figure as a target, schedule lines
//! (`1、2023年3月…`) and deadlines (`6月底前`) as milestones, and the best
//! guesses of category, program and id.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::classify::{self, Program};
use super::clauses::{self, is_space, Placed};
use super::draft::{Figure, Milestone, Project};
use super::structure::{strip_number, Item};
use super::units::{self, Unit};
use crate::validate::quote_mentions_value;

/// What an item is read against.
pub struct Ctx<'a> {
    pub units: &'a [Unit],
    pub programs: &'a [Program],
    pub categories: &'a [String],
    pub year: i32,
    /// `deadlines.full` (`YYYY-MM`): no milestone may fall after it.
    pub final_deadline: Option<String>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

const UNIT_LINE: &str = r"^[（(]?\s*(责任单位|牵头单位|配合单位|负责单位|责任部门|牵头部门|配合部门|分管领导|分管区领导|负责人|牵头领导)\s*[:：]\s*";

/// Reads one project. `index` counts from 1 in the plan.
pub fn project(source: &str, item: &Item, index: usize, ctx: &Ctx) -> Project {
    let mut p = Project {
        number: item.number.clone().unwrap_or_else(|| index.to_string()),
        source_text: source[item.range.clone()].to_string(),
        ..Project::default()
    };
    if item.number.is_none() {
        p.review
            .push("no number is printed: `number` is the position in the list".to_string());
    }
    p.name = name(source, item);
    let mut first = true;
    for line in line_ranges(source, item.range.clone()) {
        let start = if first { item.head } else { line.start };
        read_line(source, start..line.end, !first, ctx, &mut p);
        first = false;
    }
    dedup(&mut p.targets);
    guess(&mut p, ctx, index);
    p
}

fn line_ranges(source: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = r.start;
    for (i, c) in source[r.clone()].char_indices() {
        if c == '\n' {
            out.push(start..r.start + i);
            start = r.start + i + 1;
        }
    }
    out.push(start..r.end);
    out
}

/// The name: the head up to `。` (`棚户区改造工程。开工…`), else the whole head line.
fn name(source: &str, item: &Item) -> String {
    let line_end = source[item.head..item.range.end]
        .find('\n')
        .map_or(item.range.end, |e| item.head + e);
    let head = source[item.head..line_end].trim_matches(is_space);
    let head = head.split(['。']).next().unwrap_or(head);
    let head = match head.find(['（', '(']).filter(|&i| head[i..].contains("责任单位")) {
        Some(i) => &head[..i],
        None => head,
    };
    let n = head.trim_end_matches([':', '：', ' ']).trim();
    if n.is_empty() {
        "（未识别出名称）".to_string()
    } else {
        n.to_string()
    }
}

/// One line of the item: units, a schedule step, or text with targets.
fn read_line(source: &str, r: Range<usize>, sub: bool, ctx: &Ctx, p: &mut Project) {
    static UNITS: OnceLock<Regex> = OnceLock::new();
    let raw = &source[r.clone()];
    let trimmed = raw.trim_start_matches(is_space);
    let mut start = r.start + raw.len() - trimmed.len();
    if sub {
        start += trimmed.len() - strip_number(trimmed).len();
    }
    let text = &source[start..r.end];
    let units_re = re(&UNITS, UNIT_LINE);
    if let Some(m) = units_re.captures(text) {
        let list = split_units(&text[m.get(0).map_or(0, |m| m.end())..]);
        assign_units(p, &m[1], list);
        return;
    }
    // `(责任单位:…)` at the end of the line.
    let (body_end, tail) = match find_unit_paren(text) {
        Some(i) => (start + i, Some(&text[i..])),
        None => (r.end, None),
    };
    if let Some(tail) = tail {
        let inner = tail.trim_start_matches(['（', '(']);
        if let Some(m) = units_re.captures(inner).or_else(|| units_re.captures(tail)) {
            let rest = &inner[m.get(0).map_or(0, |m| m.end()).min(inner.len())..];
            assign_units(p, &m[1], split_units(rest.trim_end_matches(['）', ')', '。'])));
        }
    }
    let body = &source[start..body_end];
    let due = if sub { schedule_due(body, ctx.year) } else { None };
    let (placed, ranges) = clauses::figures(body, due.is_none());
    for r in ranges {
        p.review.push(format!("`{r}` is a range: no single figure recorded"));
    }
    let mut figures: Vec<Figure> = Vec::new();
    let mut periods: Vec<(Range<usize>, Range<usize>, Vec<Figure>)> = Vec::new();
    for pl in &placed {
        let Some(mut f) = figure(body, pl, ctx, pl.quote.clone()) else {
            continue;
        };
        if let Some((plain, period)) = &pl.period {
            // A figure for a period: also drafted as that period's milestone.
            if let Some(v) = figure(body, pl, ctx, plain.clone()) {
                match periods.iter_mut().find(|(p, _, _)| p == period) {
                    Some((_, end, vs)) => {
                        end.end = end.end.max(plain.end);
                        vs.push(v);
                    }
                    None => periods.push((period.clone(), period.start..plain.end, vec![v])),
                }
            }
            f.review.push(format!(
                "a figure for `{}`: also drafted as a milestone; keep one",
                &body[period.clone()]
            ));
        }
        figures.push(f);
    }
    for (period, text, values) in periods {
        if let Some(due) = schedule_due(&body[period], ctx.year) {
            milestone(p, ctx, due, &body[text], values);
        }
    }
    match due {
        Some(due) => milestone(p, ctx, due, body.trim_end_matches(['。', '；', ';']).trim(), figures),
        None => {
            p.targets.extend(figures);
            inline_deadlines(p, ctx, body);
        }
    }
}

fn find_unit_paren(text: &str) -> Option<usize> {
    [
        "（责任",
        "(责任",
        "（牵头",
        "(牵头",
        "（配合",
        "(配合",
        "（负责",
        "(负责",
    ]
    .iter()
    .filter_map(|w| text.find(w))
    .min()
}

fn split_units(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '/'])
        .map(|u| u.trim_matches(|c: char| is_space(c) || "。）)".contains(c)).to_string())
        .filter(|u| !u.is_empty())
        .collect()
}

fn assign_units(p: &mut Project, kind: &str, list: Vec<String>) {
    match kind {
        "牵头单位" | "牵头部门" => p.lead_units.extend(list),
        "分管领导" | "分管区领导" | "负责人" | "牵头领导" => p.leaders.extend(list),
        "配合单位" | "配合部门" => {
            p.review
                .push("配合单位 (co-operating units) are listed under responsible_units".to_string());
            p.responsible_units.extend(list);
        }
        _ => p.responsible_units.extend(list),
    }
}

/// A figure of `body` with its unit, or `None` when it is not a target
/// (no measure word and no guess, or the plan's own project count).
fn figure(body: &str, pl: &Placed, ctx: &Ctx, quote: Range<usize>) -> Option<Figure> {
    let clauses = clauses::split(body);
    let c = &clauses[pl.clause];
    let after = &body[pl.printed.end..c.range.end];
    if after.starts_with("民生") || after.starts_with("大民生") {
        return None;
    }
    // `空置率30%以下“空心村”治理纳入…`: a threshold in a condition, not a target.
    let mid_clause = after
        .chars()
        .next()
        .is_some_and(|c| c == '“' || ('\u{4e00}'..='\u{9fff}').contains(&c));
    if pl.found.measure.as_deref() == Some("%") && pl.found.qualifier.is_some() && mid_clause {
        return None;
    }
    let next = clauses::figures(&body[pl.printed.end..c.range.end], false).0;
    let near = next.first().map_or(after, |n| &after[..n.printed.start]);
    // The counted noun follows within the list member: stop at `、`/`和`.
    let after_near = near.find(['、', '和']).map_or(near, |i| &near[..i]);
    let outer = pl.clause.checked_sub(1).map_or("", |i| &body[clauses[i].range.clone()]);
    let cx = units::Context {
        measure: pl.found.measure.as_deref(),
        before: &body[quote.start.max(c.range.start)..pl.printed.start],
        after_near,
        after,
        outer,
    };
    let choice = units::choose(ctx.units, &cx);
    if choice.unit.is_none() && choice.review.is_none() {
        return None;
    }
    let quote = body[quote].to_string();
    let mut review: Vec<String> = choice.review.into_iter().collect();
    if choice.unit.is_some() && !quote_mentions_value(pl.found.value, &quote) {
        review.push(format!(
            "{} is not written as such in the quote: check the value",
            super::draft::number(pl.found.value)
        ));
    }
    Some(Figure {
        value: choice.unit.as_ref().map(|_| pl.found.value),
        unit: choice.unit,
        qualifier: pl.found.qualifier.map(|q| q.id()),
        printed: body[pl.printed.clone()].to_string(),
        quote,
        review,
    })
}

/// The due month of a schedule line (`2023年1月至6月,…` → 2023-06).
pub fn schedule_due(line: &str, year: i32) -> Option<String> {
    static MONTH: OnceLock<Regex> = OnceLock::new();
    static YEAR_END: OnceLock<Regex> = OnceLock::new();
    let month = re(
        &MONTH,
        r"^(?:到|至|截至|截止|从|自|预计|在|于)?\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*[、和]\s*(\d{1,2})\s*月)*(?:底|末|初|份|中旬|上旬|下旬)?(?:前)?(?:\s*(?:至|到|-|—)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月)?",
    );
    let year_end = re(&YEAR_END, r"^(?:到|在|于)?\s*(?:(\d{4})\s*)?年\s*底");
    let num = |m: Option<regex::Match>| m.and_then(|m| m.as_str().parse::<i32>().ok());
    if let Some(c) = month.captures(line) {
        let y = num(c.get(4)).or(num(c.get(1))).unwrap_or(year);
        let m = num(c.get(5)).or(num(c.get(3))).or(num(c.get(2)))?;
        return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
    }
    let c = year_end.captures(line)?;
    Some(format!("{:04}-12", num(c.get(1)).unwrap_or(year)))
}

fn milestone(p: &mut Project, ctx: &Ctx, due: String, text: &str, values: Vec<Figure>) {
    let early = due[..4].parse::<i32>().is_ok_and(|y| y < ctx.year);
    let late = ctx.final_deadline.as_ref().is_some_and(|d| due > *d);
    if early || late {
        p.review.push(format!(
            "a step due {due} falls outside the plan's year or deadlines: its figures are listed as targets"
        ));
        p.targets.extend(values);
        return;
    }
    p.milestones.push(Milestone {
        due,
        text: text.to_string(),
        values,
    });
}

/// `6月底前…`, `年底前…` in the text: a milestone each.
fn inline_deadlines(p: &mut Project, ctx: &Ctx, body: &str) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(
        &RE,
        r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月底前|(?:(\d{4})\s*)?年\s*底前|(?:到|至)(\d{4})年底",
    );
    for sentence in body.split(['。', '；', ';']) {
        let s = sentence.trim_matches(is_space);
        let Some(c) = re.captures(s) else { continue };
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i32>().ok());
        let y = num(1).or(num(3)).or(num(4)).unwrap_or(ctx.year);
        let m = num(2).unwrap_or(12);
        if (1..=12).contains(&m) {
            milestone(p, ctx, format!("{y:04}-{m:02}"), s, Vec::new());
        }
    }
}

fn dedup(targets: &mut Vec<Figure>) {
    let mut seen: Vec<(Option<String>, Option<String>, String)> = Vec::new();
    targets.retain(|t| {
        let key = (t.value.map(super::draft::number), t.unit.clone(), t.quote.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
}

/// Category, programs and id: guesses, each marked for review.
fn guess(p: &mut Project, ctx: &Ctx, index: usize) {
    let program = classify::program(ctx.programs, &p.name);
    let category = program
        .map(|(pr, _)| pr.category.clone())
        .filter(|c| ctx.categories.contains(c))
        .or_else(|| classify::category(ctx.categories, &p.name, &p.source_text));
    match &category {
        Some(c) => {
            p.category = c.clone();
            p.review.push(format!("category `{c}` guessed from keywords"));
        }
        None => {
            p.category = ctx.categories.first().cloned().unwrap_or_default();
            p.review
                .push("category not recognised: choose one from content/categories.yaml".to_string());
        }
    }
    match program {
        Some((pr, score)) => {
            p.programs = vec![pr.id.clone()];
            p.id = pr.id.clone();
            p.review.push(format!(
                "program `{}` guessed: its name is {:.0}% alike ({})",
                pr.id,
                score * 100.0,
                pr.zh
            ));
        }
        None => p.id = format!("item-{index:02}"),
    }
    p.review
        .push("id: choose a lasting ASCII id (it becomes the URL)".to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_dates() {
        assert_eq!(
            schedule_due("2023年1月至6月,为7000名", 2023).as_deref(),
            Some("2023-06")
        );
        assert_eq!(schedule_due("2023年7月底前,完成", 2023).as_deref(), Some("2023-07"));
        assert_eq!(schedule_due("到2023年9月,完成", 2023).as_deref(), Some("2023-09"));
        assert_eq!(
            schedule_due("从10月至2023年12月,将完成", 2023).as_deref(),
            Some("2023-12")
        );
        assert_eq!(
            schedule_due("2023年4月、6月、10月、11月举办", 2023).as_deref(),
            Some("2023-11")
        );
        assert_eq!(schedule_due("到2023年底,实现全覆盖", 2023).as_deref(), Some("2023-12"));
        assert_eq!(schedule_due("加大力度", 2023), None);
    }

    #[test]
    fn units_are_split() {
        assert_eq!(
            split_units("省农业农村厅、省卫生健康委）"),
            ["省农业农村厅", "省卫生健康委"]
        );
    }
}
