//! Clauses and quotes. A figure's `quote` is the shortest part of the text
//! that still says what the figure counts: its clause (text between
//! `，。；：` outside brackets), or one member of a list of figures
//! (`培育星级巾帼家政基地200个、星级河北福嫂200名` is two quotes), widened
//! where the clause alone would mislead: a period printed just before it
//! (`2023年1月至6月,抽检药品不少于65批次`), the clause a `分别` list refers
//! to, a parenthesis it sits in, an `…等` tail. Every quote is a slice of the
//! source, so it is always verbatim.

use std::ops::Range;

use super::numbers::{self, Found};

/// A top-level clause of a text: byte range, trimmed, and the separator
/// that ended the clause before it.
#[derive(Debug, Clone)]
pub struct Clause {
    pub range: Range<usize>,
    pub sep_before: Option<char>,
}

const SEPARATORS: &str = "，,。；;：:！!？?\n";
const OPEN: &str = "（(《〈“‘【[";
const CLOSE: &str = "）)》〉”’】]";

/// Splits `text` into clauses at separators outside brackets.
pub fn split(text: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut sep_before = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        if OPEN.contains(c) {
            depth += 1;
        } else if CLOSE.contains(c) {
            depth = (depth - 1).max(0);
        } else if c == '\n' || (depth == 0 && SEPARATORS.contains(c) && !digit_group(&chars, n)) {
            push(&mut out, text, start..i, sep_before);
            start = i + c.len_utf8();
            sep_before = Some(c);
            if c == '\n' {
                depth = 0;
            }
        }
    }
    push(&mut out, text, start..text.len(), sep_before);
    out
}

/// A comma inside `120,000` is not a separator.
fn digit_group(chars: &[(usize, char)], n: usize) -> bool {
    let c = chars[n].1;
    c == ','
        && n > 0
        && chars[n - 1].1.is_ascii_digit()
        && chars[n + 1..].iter().take_while(|(_, c)| c.is_ascii_digit()).count() == 3
        && chars.get(n + 4).is_none_or(|(_, c)| !c.is_ascii_digit())
}

fn push(out: &mut Vec<Clause>, text: &str, r: Range<usize>, sep_before: Option<char>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let trail = s.len() - s.trim_end_matches(is_space).len();
    if lead + trail < s.len() {
        out.push(Clause {
            range: r.start + lead..r.end - trail,
            sep_before,
        });
    }
}

pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// A figure found in a text, with its quote (byte range in that text).
#[derive(Debug, Clone)]
pub struct Placed {
    pub found: Found,
    /// Byte range of the number and measure word as printed.
    pub printed: Range<usize>,
    pub quote: Range<usize>,
    /// The quote before it was widened to a period printed before it, and
    /// that period (`2023年1月至6月`), when it was.
    pub period: Option<(Range<usize>, Range<usize>)>,
    /// Index of the clause it is in.
    pub clause: usize,
}

/// Every figure of `text` with its quote. `with_period`: widen a quote to a
/// period printed just before it (targets; a milestone has its own date).
pub fn figures(text: &str, with_period: bool) -> (Vec<Placed>, Vec<String>) {
    let clauses = split(text);
    let mut out = Vec::new();
    let mut ranges = Vec::new();
    for (ci, c) in clauses.iter().enumerate() {
        let s = &text[c.range.clone()];
        let scan = numbers::scan(s);
        ranges.extend(scan.ranges);
        let chars: Vec<char> = s.chars().collect();
        let offs = char_offsets(s);
        let members = list_members(&chars, &scan.found);
        for f in scan.found {
            let member = members
                .iter()
                .find(|m| m.contains(&f.start))
                .cloned()
                .unwrap_or(0..chars.len());
            let mut q = offs[member.start]..offs[member.end];
            if let Some(close) = enclosing_paren(&chars, f.start) {
                q.end = q.end.min(offs[close + 1]);
            }
            let mut quote = c.range.start + q.start..c.range.start + q.end;
            strip_conjunction(text, &mut quote);
            widen(text, &clauses, ci, &chars, &mut quote);
            let period = with_period
                .then(|| period_before(text, &clauses, ci))
                .flatten()
                .map(|k| {
                    // The period's milestone quotes from the clause after it.
                    let plain = clauses[k + 1].range.start..quote.end;
                    quote.start = clauses[k].range.start;
                    (plain, clauses[k].range.clone())
                });
            out.push(Placed {
                printed: c.range.start + offs[f.start]..c.range.start + offs[f.end],
                found: f,
                quote,
                period,
                clause: ci,
            });
        }
    }
    (out, ranges)
}

/// A quote does not start with the conjunction joining it to the sentence.
fn strip_conjunction(text: &str, quote: &mut Range<usize>) {
    for w in ["并且", "并"] {
        if text[quote.clone()].starts_with(w) {
            quote.start += w.len();
            return;
        }
    }
}

fn char_offsets(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

/// Verbs that open a list member of its own.
const VERBS: &[&str] = &[
    "新建", "改建", "扩建", "建设", "建成", "改造", "完成", "开通", "新增", "培育", "开展", "推动", "实施", "提供",
    "打造", "创建", "组织", "更新", "配备", "发放", "举办", "选树", "安装", "启动",
];

/// When a clause ends with a figure, a list of figures in it splits at each
/// `、`/`和`/`及` that follows a figure (not in a bare list of numbers); any
/// clause splits at a `、` that opens a member with its own verb and figure.
fn list_members(chars: &[char], found: &[Found]) -> Vec<Range<usize>> {
    let ends_with_figure = found.last().is_some_and(|f| f.end == chars.len());
    let mut cuts = Vec::new();
    for f in found.iter().filter(|_| ends_with_figure) {
        let p = f.end;
        if p >= chars.len() || depth_at(chars, p) > 0 {
            continue;
        }
        let width = if chars[p..].starts_with(&['以', '及']) {
            2
        } else if "、和及".contains(chars[p]) {
            1
        } else {
            continue;
        };
        let bare = found.iter().any(|g| g.start == p + width);
        if !bare {
            cuts.push((p, width));
        }
    }
    // `扩建5座水厂、新建10座泵站`: each member with its own verb and figure.
    for (k, &c) in chars.iter().enumerate() {
        let has = |r: std::ops::Range<usize>| found.iter().any(|f| r.contains(&f.start));
        let verb = VERBS
            .iter()
            .any(|v| chars[k + 1..].starts_with(&v.chars().collect::<Vec<_>>()));
        let prev_cut = cuts
            .iter()
            .filter(|(p, _)| *p < k)
            .map(|(p, w)| p + w)
            .max()
            .unwrap_or(0);
        let next_stop = chars[k + 1..]
            .iter()
            .position(|&x| x == '、')
            .map_or(chars.len(), |i| k + 1 + i);
        if c == '、'
            && depth_at(chars, k) == 0
            && verb
            && has(prev_cut..k)
            && has(k + 1..next_stop)
            && !cuts.iter().any(|(p, _)| *p == k)
        {
            cuts.push((k, 1));
        }
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0;
    for (p, w) in cuts {
        out.push(start..p);
        start = p + w;
    }
    out.push(start..chars.len());
    out
}

fn depth_at(chars: &[char], at: usize) -> i32 {
    let mut d = 0;
    for &c in &chars[..at] {
        if OPEN.contains(c) && c != '“' && c != '‘' {
            d += 1;
        } else if CLOSE.contains(c) && c != '”' && c != '’' {
            d -= 1;
        }
    }
    d.max(0)
}

/// The index of the `)` closing the parenthesis that `at` is in, if any.
fn enclosing_paren(chars: &[char], at: usize) -> Option<usize> {
    if depth_at(chars, at) == 0 {
        return None;
    }
    let mut d = 0;
    for (i, &c) in chars.iter().enumerate().skip(at) {
        match c {
            '（' | '(' => d += 1,
            '）' | ')' if d == 0 => return Some(i),
            '）' | ')' => d -= 1,
            _ => {}
        }
    }
    None
}

/// The clause that is a period opening the line of clause `ci`, when the
/// clause right after it is a clause of the same sentence: a figure in
/// that line is for that period (`2023年1月至6月,抽检药品不少于65批次、
/// 医疗器械不少于10批次`; `…120批次。抽查医疗器械不少于10批次`), and its
/// quote runs from the period to the figure.
fn period_before(text: &str, clauses: &[Clause], ci: usize) -> Option<usize> {
    let same_sentence = |sep: Option<char>| matches!(sep, Some('，' | ','));
    let mut k = ci;
    while k > 0 {
        if clauses[k].sep_before == Some('\n') {
            return None;
        }
        k -= 1;
        if is_period(&text[clauses[k].range.clone()]) {
            return same_sentence(clauses[k + 1].sep_before).then_some(k);
        }
    }
    None
}

/// Widens a quote to the clause before (what `分别` refers to) and to a
/// short `…等` clause after.
fn widen(text: &str, clauses: &[Clause], ci: usize, chars: &[char], quote: &mut Range<usize>) {
    let c = &clauses[ci];
    let same_sentence = |sep: Option<char>| matches!(sep, Some('，' | ','));
    if ci > 0 && same_sentence(c.sep_before) && quote.start == c.range.start {
        let list = chars.windows(2).any(|w| w == ['分', '别']) && numbers::scan(&text[quote.clone()]).found.len() > 1;
        if list {
            quote.start = clauses[ci - 1].range.start;
        }
    }
    if let Some(next) = clauses.get(ci + 1) {
        let s = &text[next.range.clone()];
        let short = s.chars().count() <= 8 && s.ends_with('等') && numbers::scan(s).found.is_empty();
        if quote.end == c.range.end && same_sentence(next.sep_before) && short {
            quote.end = next.range.end;
        }
    }
}

/// A clause that is only a period: `2023年1月至6月`, `7月底前`.
pub fn is_period(s: &str) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^(到|至|截至|截止|从)?(\d{4}年)?(\d{1,2}月)?份?((至|到|-|—)(\d{4}年)?\d{1,2}月)?(底|末|中旬|上旬|下旬)?(前|以前)?$",
        )
        .expect("period pattern")
    });
    (s.contains('月')) && re.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<&str> {
        figures(text, true).0.iter().map(|p| &text[p.quote.clone()]).collect()
    }

    #[test]
    fn one_quote_per_clause_or_list_member() {
        assert_eq!(
            quotes("开工不低于12万套，建成不低于8万套。"),
            ["开工不低于12万套", "建成不低于8万套"]
        );
        assert_eq!(
            quotes("培育星级巾帼家政基地200个、星级河北福嫂200名,开展活动3000场。"),
            ["培育星级巾帼家政基地200个", "星级河北福嫂200名", "开展活动3000场"]
        );
        assert_eq!(
            quotes("其中建设体育主题公园200个、健身步道200条和足球场、篮球场等球类场地600个，"),
            [
                "其中建设体育主题公园200个",
                "健身步道200条",
                "足球场、篮球场等球类场地600个"
            ]
        );
        // The list does not end the clause: one quote for both.
        assert_eq!(
            quotes("推动8所中小学、6所公办幼儿园顺利开学"),
            ["推动8所中小学、6所公办幼儿园顺利开学"; 2]
        );
        assert_eq!(
            quotes("改造提升口头庄—丰南界、保全庄—杨家庄等100条、146公里农村公路,"),
            ["改造提升口头庄—丰南界、保全庄—杨家庄等100条、146公里农村公路"; 2]
        );
    }

    #[test]
    fn widened_quotes() {
        let t = "准备在2023年6月底、2023年9月、12月前建成2023年保障性租赁住房6000套,竣工率分别不低于40%、70%、100%。";
        let q = quotes(t);
        assert_eq!(q[1], &t[..t.len() - "。".len()]);
        assert_eq!(
            quotes("2023年1月至6月,抽检药品不少于65批次;"),
            ["2023年1月至6月,抽检药品不少于65批次"]
        );
        // Every figure of a line opened by a period is quoted from it.
        assert_eq!(
            quotes("2023年1月至6月,抽检药品不少于65批次、医疗器械不少于10批次; 2023年7月至12月,抽检药品不少于120批次。抽查医疗器械不少于10批次。"),
            [
                "2023年1月至6月,抽检药品不少于65批次",
                "2023年1月至6月,抽检药品不少于65批次、医疗器械不少于10批次",
                "2023年7月至12月,抽检药品不少于120批次",
                "2023年7月至12月,抽检药品不少于120批次。抽查医疗器械不少于10批次"
            ]
        );
        assert_eq!(
            quotes("开展全面登山台阶保养维修工作(约2.5公里、2000级台阶)和瞭望塔检查维修工作;"),
            ["开展全面登山台阶保养维修工作(约2.5公里、2000级台阶)"; 2]
        );
        assert_eq!(
            quotes("优化100个流量标志,信号灯等,并提高"),
            ["优化100个流量标志,信号灯等"]
        );
    }

    #[test]
    fn separators_inside_brackets_and_numbers_are_kept() {
        let c = split("各县（市、区）分别新建成1个，总投资120,000元");
        assert_eq!(c.len(), 2);
    }
}
