//! Which unit of `content/units.yaml` a figure is in. The measure word
//! printed after the number decides when one unit has it (`套` →
//! `housing-unit`); when several share it (`个`: item, place, village…) or
//! none is printed (`1160万中小学生`), the words around the figure decide,
//! and the choice is marked for review. The words pick the specific unit
//! of what is counted (`老旧小区1816个` → `community`, `充电站80座` →
//! `charging-station`, `新增就业2000人` → `job`), the catch-all unit of the
//! measure word (`item`, `facility`…) only when nothing names it.

/// A unit of the site's vocabulary: id and Chinese measure word.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub zh: String,
}

/// Where a context word counts: before the figure, after it, or both.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Both,
    /// Only after the number (`3所幼儿园`, not `幼儿园保育教师10名`).
    After,
    /// Only before it (`新增就业2000人`, not `转移劳动力8000人就业`).
    Before,
}

/// A context rule: the unit, the measure words it may stand for, the words
/// that name what it counts, and where they count.
struct Rule {
    unit: &'static str,
    measures: &'static [&'static str],
    words: &'static [&'static str],
    side: Side,
}

const fn rule(
    unit: &'static str,
    measures: &'static [&'static str],
    words: &'static [&'static str],
    side: Side,
) -> Rule {
    Rule {
        unit,
        measures,
        words,
        side,
    }
}

use Side::{After, Before, Both};

/// Context words that pick a unit, in order of preference: a more precise
/// noun comes before the one it contains (`孵化基地` before `基地`), what
/// a list sums up before its members (`球类场地` before `足球场`).
const CONTEXT: &[Rule] = &[
    rule("place", &["个"], &["托位", "学位", "学额"], Both),
    rule("kindergarten", &["个", "所"], &["幼儿园"], After),
    rule("school", &["所"], &["学校", "中小学", "小学", "中学"], Both),
    rule("charging-station", &["个", "座"], &["充电站"], Both),
    rule("pile", &["个"], &["充电桩", "充电端口"], Both),
    rule("station", &["个"], &["驿站"], Both),
    rule("treatment-station", &["座", "个"], &["处理站"], Both),
    rule("toilet", &["座"], &["厕"], Both),
    rule("intersection", &["个", "处"], &["路口"], Both),
    rule("hazard", &["个", "处"], &["隐患"], Both),
    rule("camera", &["个"], &["摄像头", "摄像机"], Both),
    rule("sign-or-signal", &["个"], &["信号灯", "标志"], Both),
    rule("demonstration-site", &["个"], &["示范点"], After),
    rule("incubation-base", &["家", "个"], &["孵化基地"], Both),
    rule("base", &["个"], &["基地"], Both),
    rule("centre", &["个"], &["中心"], Both),
    rule("community", &["个"], &["小区"], Both),
    rule("park", &["个"], &["公园"], Both),
    rule("venue", &["个"], &["场地", "运动场", "健身房"], Both),
    rule("pitch", &["个"], &["足球场"], Both),
    rule("village", &["个"], &["行政村", "村庄"], Both),
    rule("channel", &["个"], &["频道"], Both),
    rule("brand", &["个"], &["劳务品牌"], Both),
    rule("service-point", &["个"], &["站点", "服务点"], Both),
    rule("household", &["个"], &["家庭"], After),
    rule("worker", &["人", "名"], &["劳动力", "护理员"], Both),
    rule("person", &["人"], &["人员"], Before),
    rule("job", &["人", "个"], &["就业"], Before),
    rule("job", &["人", "个"], &["岗位"], Both),
    rule("performance", &["场"], &["演出"], Both),
    rule("event", &["个", "场"], &["活动", "演出", "比赛", "讲座"], Both),
    rule("card", &["张"], &["卡"], Both),
    rule("voucher", &["张"], &["券"], Both),
    rule("bed", &["张"], &["床"], Both),
    rule("water-meter", &["块"], &["水表"], Both),
    rule("sign", &["块"], &["提示牌", "标志牌", "指示牌"], Both),
    rule("institution", &["家", "个"], &["机构"], Both),
    rule("canteen", &["家", "个"], &["食堂"], Both),
    rule("business", &["家"], &["经营主体", "企业", "商户"], Both),
    rule("road", &["条"], &["公路", "道路"], Both),
    rule("trail", &["条"], &["步道", "绿道"], Both),
    rule("package", &["种"], &["套餐"], Both),
    rule("service", &["种"], &["服务"], Both),
    rule("standard", &["项"], &["标准"], Both),
    rule("project", &["项"], &["工程", "实事", "项目"], Both),
];

/// Units for a figure printed without a measure word, by the word after
/// (`1160万中小学生`) or before (`装机量达到3000万`) it.
const NO_MEASURE: &[(&str, &[&str], &[&str])] = &[
    ("people", &["学生", "儿童", "女生", "新生儿"], &[]),
    ("resident", &["居民"], &[]),
    ("person", &["群众", "人口", "农民", "职工"], &[]),
    ("installation", &[], &["装机量"]),
];

/// Units never chosen by their measure word alone (`次` is too general to
/// mean an app installation).
const ONLY_BY_CONTEXT: &[&str] = &["installation", "project"];

/// The outcome for one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub unit: Option<String>,
    /// Why the choice needs a look, if it does.
    pub review: Option<String>,
}

/// Chooses the unit of a figure. `before`/`after`: the clause's text on each
/// side of the figure (`after_near` up to the next figure); `outer`: the
/// clause before, for `其中…` clauses and clauses naming nothing
/// (`总量达到1000家`) that count what it names.
pub struct Context<'a> {
    pub measure: Option<&'a str>,
    pub before: &'a str,
    pub after_near: &'a str,
    pub after: &'a str,
    pub outer: &'a str,
}

pub fn choose(units: &[Unit], cx: &Context) -> Choice {
    let has = |id: &str| units.iter().any(|u| u.id == id);
    let Some(m) = cx.measure else {
        return no_measure(cx, &has);
    };
    if m == "%" {
        return if has("percent") { sure("percent") } else { missing(m) };
    }
    let candidates: Vec<&str> = units
        .iter()
        .filter(|u| u.zh == m && !ONLY_BY_CONTEXT.contains(&u.id.as_str()))
        .map(|u| u.id.as_str())
        .collect();
    let rules: Vec<&Rule> = CONTEXT
        .iter()
        .filter(|r| has(r.unit) && r.measures.contains(&m))
        .collect();
    match by_context(&rules, cx, candidates.len() == 1) {
        Some(id) if candidates.len() == 1 && candidates[0] == id => sure(id),
        Some(id) => guessed(id, m, &candidates),
        None => match candidates.as_slice() {
            [] => missing(m),
            [one] => sure(one),
            [first, ..] => guessed(first, m, &candidates),
        },
    }
}

/// Whether a figure printed with measure word `m` may be in unit `id`: its
/// own measure word, or one a context rule lets it stand for (`个` for
/// `charging-station`).
pub fn fits(units: &[Unit], id: &str, m: &str) -> bool {
    units.iter().any(|u| u.id == id && u.zh == m) || CONTEXT.iter().any(|r| r.unit == id && r.measures.contains(&m))
}

/// The unit the words around the figure name, if any: the noun right
/// after it, then words before it, then the rest of the clause after it,
/// then the clause before (for `其中…`/`总量达到…` that count what it names).
fn by_context(rules: &[&Rule], cx: &Context, one_candidate: bool) -> Option<&'static str> {
    let nearest = rules
        .iter()
        .filter(|r| r.side != Before)
        .filter_map(|r| {
            r.words
                .iter()
                .filter_map(|w| cx.after_near.find(w))
                .min()
                .map(|p| (p, r.unit))
        })
        .min()
        .map(|(_, id)| id);
    // Words before the figure override the one unit of a measure word only
    // when no noun follows it (`安全路口50处` but not `路口、…12处拥堵点`).
    let before_counts = !one_candidate || cx.after_near.trim().is_empty();
    let found = |s: &str, side: Side| {
        rules
            .iter()
            .filter(|r| r.side == Both || r.side == side)
            .find(|r| r.words.iter().any(|w| s.contains(w)))
            .map(|r| r.unit)
    };
    // Before the figure, only its own list member names what it counts
    // (`顺德大道-新宁路口、龙洲公路-乐龙路等12处拥堵点`).
    let member = cx.before.rsplit('、').next().unwrap_or(cx.before);
    let before = || if before_counts { found(member, Before) } else { None };
    // The clause before counts what this one names only when this one names
    // nothing itself; its last word first.
    let outer = || {
        let refers_back = cx.before.trim_start().starts_with("其中") || !names_anything(cx);
        if !refers_back || !before_counts {
            return None;
        }
        rules
            .iter()
            .filter_map(|r| {
                r.words
                    .iter()
                    .filter_map(|w| cx.outer.rfind(w))
                    .max()
                    .map(|p| (p, r.unit))
            })
            .max()
            .map(|(_, id)| id)
    };
    nearest
        .or_else(before)
        .or_else(|| found(cx.after, After))
        .or_else(outer)
}

/// Whether the figure's own clause names something counted: a Chinese
/// word of two characters or more besides verbs of progress.
fn names_anything(cx: &Context) -> bool {
    const VERBS: &[&str] = &[
        "总量",
        "总数",
        "累计",
        "达到",
        "达",
        "共",
        "全年",
        "完成",
        "新增",
        "超过",
        "不少于",
        "以上",
        "左右",
    ];
    let mut rest = format!("{}{}", cx.before, cx.after_near);
    for v in VERBS {
        rest = rest.replace(v, "");
    }
    rest.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() >= 2
}

fn no_measure(cx: &Context, has: &dyn Fn(&str) -> bool) -> Choice {
    let head: String = cx.after.chars().take(6).collect();
    let found = NO_MEASURE.iter().find(|(id, after, before)| {
        has(id) && (after.iter().any(|w| head.contains(w)) || before.iter().any(|w| cx.before.contains(w)))
    });
    match found {
        Some((id, _, _)) => Choice {
            unit: Some(id.to_string()),
            review: Some(format!(
                "no measure word printed: unit `{id}` guessed from the words around it"
            )),
        },
        None => Choice {
            unit: None,
            review: None,
        },
    }
}

fn sure(id: &str) -> Choice {
    Choice {
        unit: Some(id.to_string()),
        review: None,
    }
}

fn guessed(id: &str, m: &str, candidates: &[&str]) -> Choice {
    let others: Vec<&str> = candidates.iter().copied().filter(|c| *c != id).collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(" (also {} for `{m}`)", others.join(", "))
    };
    Choice {
        unit: Some(id.to_string()),
        review: Some(format!("unit `{id}` chosen from the context{also}")),
    }
}

fn missing(m: &str) -> Choice {
    Choice {
        unit: None,
        review: Some(format!(
            "no unit in content/units.yaml for `{m}`: add one, then give this target its value and unit"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units of the site's vocabulary, generic ones first as there.
    fn units() -> Vec<Unit> {
        [
            ("item", "个"),
            ("facility", "座"),
            ("establishment", "家"),
            ("route", "条"),
            ("person", "人"),
            ("people", "名"),
            ("job", "人"),
            ("worker", "人"),
            ("resident", "人"),
            ("community", "个"),
            ("place", "个"),
            ("park", "个"),
            ("road", "条"),
            ("trail", "条"),
            ("pitch", "个"),
            ("venue", "个"),
            ("toilet", "座"),
            ("treatment-station", "座"),
            ("charging-station", "座"),
            ("pile", "个"),
            ("card", "张"),
            ("voucher", "张"),
            ("canteen", "家"),
            ("installation", "次"),
        ]
        .iter()
        .map(|(id, zh)| Unit {
            id: id.to_string(),
            zh: zh.to_string(),
        })
        .collect()
    }

    fn pick(measure: Option<&str>, before: &str, after: &str) -> Option<String> {
        let cx = Context {
            measure,
            before,
            after_near: after,
            after,
            outer: "",
        };
        choose(&units(), &cx).unit
    }

    #[test]
    fn by_measure_word_then_context() {
        assert_eq!(
            pick(Some("座"), "新建粪污处理站", "").as_deref(),
            Some("treatment-station")
        );
        assert_eq!(pick(Some("座"), "改造提升户厕", "").as_deref(), Some("toilet"));
        assert_eq!(pick(Some("座"), "新建", "").as_deref(), Some("facility"));
        assert_eq!(pick(Some("个"), "增加受益托位", "左右").as_deref(), Some("place"));
        assert_eq!(pick(Some("个"), "改造城镇老旧小区", "").as_deref(), Some("community"));
        assert_eq!(pick(Some("个"), "全省共新建成", "口袋公园").as_deref(), Some("park"));
        assert_eq!(
            pick(Some("个"), "足球场、篮球场等球类场地", "").as_deref(),
            Some("venue")
        );
        assert_eq!(pick(Some("个"), "建设足球场", "").as_deref(), Some("pitch"));
        assert_eq!(pick(Some("条"), "健身步道", "").as_deref(), Some("trail"));
        assert_eq!(
            pick(Some("张"), "发放文化和旅游惠民卡（券）", "以上").as_deref(),
            Some("card")
        );
        let cx = Context {
            measure: Some("个"),
            before: "将建造",
            after_near: "用于新能源电动汽车和",
            after: "用于新能源电动汽车和450个充电桩的新公共充电站",
            outer: "",
        };
        assert_eq!(choose(&units(), &cx).unit.as_deref(), Some("charging-station"));
        assert_eq!(pick(Some("间"), "完成", "护眼教室改造"), None);
        assert_eq!(pick(Some("次"), "", ""), None);
    }

    #[test]
    fn people_counted_as_jobs_workers_or_residents() {
        assert_eq!(pick(Some("人"), "全区城镇新增就业", "以上").as_deref(), Some("job"));
        assert_eq!(pick(Some("个"), "全区城镇新增就业", "以上").as_deref(), Some("job"));
        assert_eq!(
            pick(Some("人"), "农村劳动力转移就业", "以上").as_deref(),
            Some("worker")
        );
        assert_eq!(pick(Some("人"), "转移农村劳动力", "就业").as_deref(), Some("worker"));
        assert_eq!(
            pick(Some("人"), "新增养老护理员持证人员", "以上").as_deref(),
            Some("worker")
        );
        assert_eq!(pick(Some("人"), "失业人员再就业", "").as_deref(), Some("person"));
        assert_eq!(pick(None, "惠及", "农村居民").as_deref(), Some("resident"));
        assert_eq!(
            pick(None, "组织完成全省", "中小学生脊柱侧弯专项筛查").as_deref(),
            Some("people")
        );
        assert_eq!(pick(None, "“冀时办”装机量达到", "").as_deref(), Some("installation"));
    }

    #[test]
    fn a_clause_naming_nothing_counts_what_the_clause_before_names() {
        let cx = Context {
            measure: Some("家"),
            before: "总量达到",
            after_near: "",
            after: "",
            outer: "新增“省级食品安全标准化学校食堂”500家以上",
        };
        assert_eq!(choose(&units(), &cx).unit.as_deref(), Some("canteen"));
        let cx = Context {
            outer: "新增“省级食品安全标准化学校食堂”500家以上",
            before: "培育示范企业",
            ..cx
        };
        assert_eq!(choose(&units(), &cx).unit.as_deref(), Some("establishment"));
    }
}
