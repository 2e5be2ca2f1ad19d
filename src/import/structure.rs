//! Where the projects are. Notices number their parts at several levels
//! (`一、主要任务` › `（一）棚户区改造工程` › `1、2023年3月…`) and styles mix
//! (增城: `1.` `2、` `四、`). Every numbered line is a candidate; the
//! projects are the chain of numbers 1, 2, 3… (any style, a change of style
//! costs a little) whose lines look most like projects: a name ending in
//! 工程/行动/项目, figures, 责任单位. Sections are the headings that open
//! further chains of the same style (唐山: 省达19项 / 票决6项). Unnumbered
//! lists fall back to `名称工程。…` runs or to a block of short lines.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::clauses::is_space;
use super::numbers::{self, cn_value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    ParenCn,
    CnComma,
    Arabic,
    ParenArabic,
    Circled,
}

impl Style {
    fn family(self) -> u8 {
        match self {
            Style::ParenCn | Style::CnComma => 0,
            _ => 1,
        }
    }
}

#[derive(Debug, Clone)]
struct Numbered {
    line: usize,
    style: Style,
    value: u32,
    /// The number as printed (`（一）`, `1.`), and where the text after it starts.
    printed: String,
    head: usize,
    score: f64,
}

/// One project item: its number as printed (None when the list has no
/// numbers), its text (byte range of the source) and the start of the text
/// after the number.
#[derive(Debug, Clone)]
pub struct Item {
    pub number: Option<String>,
    pub range: Range<usize>,
    pub head: usize,
    pub section: Option<usize>,
}

#[derive(Debug, Default)]
pub struct Layout {
    pub items: Vec<Item>,
    /// Section titles, when the items come in several numbered runs.
    pub sections: Vec<String>,
}

/// Lines of `text` as byte ranges (without the newline).
fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..text.len());
    out
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Recognises a numbered line: style, value, the number as printed and its length.
fn numbering(line: &str) -> Option<(Style, u32, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(
        &RE,
        r"^(?:([（(])([一二三四五六七八九十百]+)([）)])|([一二三四五六七八九十百]+)、|(\d{1,3})([.．、。])|([（(])(\d{1,3})([）)])|([①-⑳]))",
    );
    let c = re.captures(line)?;
    let printed = c.get(0)?.as_str().to_string();
    let rest = &line[printed.len()..];
    if let Some(n) = c.get(2) {
        return Some((Style::ParenCn, cn_value(n.as_str())?, printed));
    }
    if let Some(n) = c.get(4) {
        return Some((Style::CnComma, cn_value(n.as_str())?, printed));
    }
    if let Some(n) = c.get(5) {
        // `1.5万` is a number, not a numbering (`4、2023年` is one).
        let point = matches!(c.get(6).map(|m| m.as_str()), Some(".") | Some("．"));
        if point && rest.starts_with(|ch: char| ch.is_ascii_digit()) {
            return None;
        }
        return Some((Style::Arabic, n.as_str().parse().ok()?, printed));
    }
    if let Some(n) = c.get(8) {
        return Some((Style::ParenArabic, n.as_str().parse().ok()?, printed));
    }
    let circled = c.get(10)?.as_str().chars().next()?;
    Some((Style::Circled, circled as u32 - '①' as u32 + 1, printed))
}

const UNIT_WORDS: &[&str] = &[
    "责任单位",
    "牵头单位",
    "配合单位",
    "负责单位",
    "责任部门",
    "牵头部门",
    "分管领导",
    "负责人",
];

/// How much a numbered line looks like a project.
fn score(head: &str, body: &str) -> f64 {
    static GENERIC: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    static NAME: OnceLock<Regex> = OnceLock::new();
    let generic = re(
        &GENERIC,
        r"^(主要目标|主要任务|总体要求|保障措施|工作要求|组织领导|组织实施|基本原则|指导思想|工作目标|重点任务|实施步骤|工作安排|项目概况|项目推进计划|推进计划|工作措施|进度安排|有关要求|工作机制|实施内容|任务分工)|保障措施|组织领导",
    );
    let date = re(&DATE, r"^(到|至|截至|截止|从|自)?\s*(\d{4}\s*年|\d{1,2}\s*月)");
    let name = re(
        &NAME,
        r"^[^。，,；;]{2,40}?(工程|行动|项目|实事|计划|服务|建设|改造|提升|治理|工作|保障|救助|援助)(。|$|:|：)",
    );
    let mut s = 1.0;
    if generic.is_match(head) {
        s -= 6.0;
    }
    if date.is_match(head) {
        s -= 6.0;
    }
    if name.is_match(head) {
        s += 2.0;
    }
    let all = format!("{head}\n{body}");
    if UNIT_WORDS.iter().any(|w| all.contains(w)) {
        s += 3.0;
    }
    if numbers::scan(&all).found.iter().any(|f| f.measure.is_some()) {
        s += 2.0;
    }
    s
}

/// `line` without a leading number (`1、`, `（二）`).
pub fn strip_number(line: &str) -> &str {
    match numbering(line) {
        Some((_, _, printed)) => &line[printed.len()..],
        None => line,
    }
}

/// Finds the project items of `text`.
pub fn layout(text: &str) -> Layout {
    let ls = lines(text);
    let numbered = numbered_lines(text, &ls);
    let chains = chains(&numbered);
    if chains.first().is_some_and(|c| c.len() >= 3) {
        return from_chains(text, &ls, &numbered, &chains);
    }
    let runs = named_runs(text);
    if runs.len() >= 3 {
        return Layout {
            items: runs,
            sections: Vec::new(),
        };
    }
    let block = short_lines(text, &ls);
    if block.len() >= 3 {
        return Layout {
            items: block,
            sections: Vec::new(),
        };
    }
    if chains.first().is_some_and(|c| !c.is_empty()) {
        return from_chains(text, &ls, &numbered, &chains);
    }
    Layout::default()
}

fn numbered_lines(text: &str, ls: &[Range<usize>]) -> Vec<Numbered> {
    let mut out = Vec::new();
    for (li, r) in ls.iter().enumerate() {
        let raw = &text[r.clone()];
        let line = raw.trim_start_matches(is_space);
        let Some((style, value, printed)) = numbering(line) else {
            continue;
        };
        let head = r.start + (raw.len() - line.len()) + printed.len();
        let body: String = ls[li + 1..]
            .iter()
            .map(|r| &text[r.clone()])
            .filter(|l| !l.trim().is_empty())
            .take_while(|l| numbering(l.trim_start_matches(is_space)).is_none())
            .take(4)
            .collect::<Vec<_>>()
            .join("\n");
        let head_text = text[head..r.end].trim_matches(is_space);
        out.push(Numbered {
            line: li,
            style,
            value,
            printed,
            head,
            score: score(head_text, &body),
        });
    }
    out
}

/// The best chain 1, 2, 3… and further chains of its style, as indexes
/// into `numbered`, in document order.
fn chains(numbered: &[Numbered]) -> Vec<Vec<usize>> {
    let mut used = vec![false; numbered.len()];
    let Some(main) = best_chain(numbered, &used, None) else {
        return Vec::new();
    };
    for &k in &main {
        used[k] = true;
    }
    let style = dominant_style(numbered, &main);
    let mut all = vec![main];
    while let Some(extra) = best_chain(numbered, &used, Some(style)) {
        let mean = extra.iter().map(|&k| numbered[k].score).sum::<f64>() / extra.len() as f64;
        if extra.len() < 2 || mean < 3.0 {
            break;
        }
        for &k in &extra {
            used[k] = true;
        }
        all.push(extra);
    }
    all.sort_by_key(|c| c[0]);
    all
}

fn dominant_style(numbered: &[Numbered], chain: &[usize]) -> Style {
    let mut counts: Vec<(Style, usize)> = Vec::new();
    for &k in chain {
        match counts.iter_mut().find(|(s, _)| *s == numbered[k].style) {
            Some(c) => c.1 += 1,
            None => counts.push((numbered[k].style, 1)),
        }
    }
    counts.iter().max_by_key(|(_, n)| *n).map_or(Style::Arabic, |(s, _)| *s)
}

/// Dynamic programming over numbered lines: the chain of values 1..n with
/// the highest total score.
fn best_chain(numbered: &[Numbered], used: &[bool], style: Option<Style>) -> Option<Vec<usize>> {
    let n = numbered.len();
    let mut best: Vec<Option<(f64, Option<usize>)>> = vec![None; n];
    for k in 0..n {
        let x = &numbered[k];
        if used[k] || style.is_some_and(|s| s != x.style) {
            continue;
        }
        if x.value == 1 {
            best[k] = Some((x.score, None));
        }
        for j in 0..k {
            let Some((sj, _)) = best[j] else { continue };
            let y = &numbered[j];
            if y.value + 1 != x.value {
                continue;
            }
            let switch = if y.style == x.style {
                0.0
            } else if y.style.family() == x.style.family() {
                0.5
            } else {
                1.0
            };
            let s = sj + x.score - switch;
            if best[k].is_none_or(|(b, _)| s > b) {
                best[k] = Some((s, Some(j)));
            }
        }
    }
    let (mut k, _) = best
        .iter()
        .enumerate()
        .filter_map(|(k, b)| b.map(|(s, _)| (k, s)))
        .filter(|(_, s)| *s > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let mut chain = vec![k];
    while let Some((_, Some(j))) = best[k] {
        chain.push(j);
        k = j;
    }
    chain.reverse();
    Some(chain)
}

/// Items from chains: each runs to the next item, or to a heading, a
/// section, a closing line (记者, 附件…) or the end.
fn from_chains(text: &str, ls: &[Range<usize>], numbered: &[Numbered], chains: &[Vec<usize>]) -> Layout {
    let in_chain: Vec<usize> = chains.iter().flatten().map(|&k| numbered[k].line).collect();
    let mut sections = Vec::new();
    let mut items = Vec::new();
    let several = chains.len() > 1;
    // Styles of the headings above the first item: a line in one of them ends an item.
    let first_line = numbered[chains[0][0]].line;
    let stops: Vec<Style> = numbered
        .iter()
        .filter(|x| x.line < first_line && !in_chain.contains(&x.line))
        .map(|x| x.style)
        .collect();
    // Items of one line each (the last one's next line may be anything).
    let all: Vec<usize> = chains.iter().flatten().copied().collect();
    let one_line = all.len() > 2
        && all[..all.len() - 1].iter().all(|&k| {
            let next = ls
                .iter()
                .enumerate()
                .skip(numbered[k].line + 1)
                .find(|(_, r)| !text[(*r).clone()].trim().is_empty());
            next.is_none_or(|(li, _)| numbered.iter().any(|x| x.line == li))
        });
    for (ci, chain) in chains.iter().enumerate() {
        if several {
            let first = numbered[chain[0]].line;
            let heading = numbered
                .iter()
                .rev()
                .find(|x| x.line < first && !in_chain.contains(&x.line));
            sections.push(heading.map_or(String::new(), |h| text[h.head..ls[h.line].end].trim().to_string()));
        }
        for &k in chain {
            let x = &numbered[k];
            let mut end_line = x.line + 1;
            while end_line < ls.len() {
                let raw = text[ls[end_line].clone()].trim_start_matches(is_space);
                let numbered_here = numbering(raw);
                let is_item = in_chain.contains(&end_line);
                let is_stop = numbered_here.as_ref().is_some_and(|(s, _, _)| stops.contains(s));
                if is_item || is_stop || closing(raw) || (one_line && !raw.trim().is_empty()) {
                    break;
                }
                end_line += 1;
            }
            let end = ls[end_line - 1].end;
            let start = ls[x.line].start;
            items.push(Item {
                number: Some(x.printed.clone()),
                range: start..trim_end(text, start, end),
                head: x.head,
                section: several.then_some(ci),
            });
        }
    }
    Layout { items, sections }
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(is_space).len()
}

/// Lines that close an article rather than continue an item.
fn closing(line: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(采写|记者|编辑|责任编辑|来源[:：]|文/|附件|抄送|扫一扫|披露方法|（完）|\(完\)|打印|关闭|分享|【|原标题|声明)",
    )
    .is_match(line)
}

/// Unnumbered `名称工程。说明。 名称工程。…` runs (a press release).
fn named_runs(text: &str) -> Vec<Item> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = re(
        &RE,
        r"(?m)(?:^|[\s\u{3000}])([^\s\u{3000}。，,；;：:、]{2,30}?(?:工程|行动|项目|实事))。",
    );
    let starts: Vec<usize> = re
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.start())
        .collect();
    let mut items = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let line_end = text[s..].find('\n').map_or(text.len(), |e| s + e);
        let end = starts.get(n + 1).copied().filter(|&e| e < line_end).unwrap_or(line_end);
        items.push(Item {
            number: None,
            range: s..trim_end(text, s, end),
            head: s,
            section: None,
        });
    }
    items
}

/// A block of at least three short lines after a heading naming the list
/// (`十大民生实事项目`).
fn short_lines(text: &str, ls: &[Range<usize>]) -> Vec<Item> {
    let heading = ls.iter().position(|r| {
        let l = text[r.clone()].trim();
        l.chars().count() <= 20 && (l.contains("实事") || l.contains("工程") || l.contains("项目")) && !l.contains('。')
    });
    let Some(h) = heading else { return Vec::new() };
    ls[h + 1..]
        .iter()
        .filter(|r| !text[(*r).clone()].trim().is_empty())
        .take_while(|r| {
            let l = text[(*r).clone()].trim();
            l.chars().count() <= 40 && !l.ends_with('。') && !closing(l)
        })
        .map(|r| {
            let l = &text[r.clone()];
            let start = r.start + (l.len() - l.trim_start_matches(is_space).len());
            Item {
                number: None,
                range: start..trim_end(text, start, r.end),
                head: start,
                section: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        layout(text)
            .items
            .iter()
            .map(|i| i.number.clone().unwrap_or_default())
            .collect()
    }

    #[test]
    fn numbering_styles() {
        assert_eq!(numbering("（十二）养老").map(|n| n.1), Some(12));
        assert_eq!(numbering("四、就业服务").map(|n| n.1), Some(4));
        assert_eq!(numbering("10、交通").map(|n| n.1), Some(10));
        assert_eq!(numbering("1.5万套"), None);
    }

    #[test]
    fn the_project_level_wins() {
        let t = "一、主要任务\n（一）棚户区改造工程。开工12万套。（责任单位：省住建厅）\n（二）农村公路工程。建设7000公里。（责任单位：省交通厅）\n（三）托育工程。新增托位1万个。（责任单位：省卫健委）\n二、保障措施\n（一）强化组织领导。各地要加强领导。\n（二）强化宣传。要宣传。";
        assert_eq!(numbers(t), ["（一）", "（二）", "（三）"]);
        let items = layout(t).items;
        assert!(t[items[2].range.clone()].ends_with("（责任单位：省卫健委）"));
    }

    #[test]
    fn two_runs_make_sections() {
        let t = "(一)省定3项\n1.甲工程。建设10公里。(责任单位:甲局)\n2.乙工程。建设20所。(责任单位:乙局)\n3.丙工程。改造5个。(责任单位:丙局)\n(二)票决2项\n1.丁工程。新建8座。(责任单位:丁局)\n2.戊工程。新建9座。(责任单位:戊局)\n三、保障措施\n(一)加强组织领导。要加强。";
        let l = layout(t);
        assert_eq!(l.items.len(), 5);
        assert_eq!(l.sections, ["省定3项", "票决2项"]);
    }

    #[test]
    fn unnumbered_lists() {
        let t =
            "今年实施20项。\n棚户区改造工程。新开工11万套。 老旧小区改造工程。改造3057个。 城中村改造工程。启动203个。";
        assert_eq!(layout(t).items.len(), 3);
        let t = "十大民生实事项目\n万名居家长者乐享智慧养老\n20万学生脊柱侧弯筛查\n10个滨江生态公园建设\n文/记者";
        assert_eq!(layout(t).items.len(), 3);
    }
}
