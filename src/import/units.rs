//! Which unit of `content/units.yaml` a figure is in. The measure word
//! printed after the number decides when one unit has it (`套` →
//! `housing-unit`); when several share it (`个`: item, place, village…) or
//! none is printed (`1160万中小学生`), the words around the figure decide,
//! and the choice is marked for review.

/// A unit of the site's vocabulary: id and Chinese measure word.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub zh: String,
}

/// Context words that pick a unit: `(unit id, measure words it may
/// replace, words, only after the number)`. In order of preference.
const CONTEXT: &[(&str, &[&str], &[&str], bool)] = &[
    ("place", &["个"], &["托位", "学位", "学额"], false),
    ("kindergarten", &["个", "所"], &["幼儿园"], true),
    ("school", &["所"], &["学校", "中小学", "小学", "中学"], false),
    ("station", &["个"], &["充电站", "驿站"], false),
    ("pile", &["个"], &["充电桩", "充电端口"], false),
    ("intersection", &["个", "处"], &["路口"], false),
    ("camera", &["个"], &["摄像头", "摄像机"], false),
    ("demonstration-site", &["个"], &["示范点"], true),
    ("centre", &["个"], &["中心"], true),
    ("village", &["个"], &["行政村", "村庄"], false),
    ("household", &["个"], &["家庭"], true),
    ("person", &["个"], &["就业"], false),
    ("event", &["个"], &["活动", "演出", "比赛", "讲座"], false),
    ("card", &["张"], &["卡"], false),
    ("voucher", &["张"], &["券"], false),
    ("bed", &["张"], &["床"], false),
    ("water-meter", &["块"], &["水表"], false),
    ("sign", &["块"], &["提示牌", "标志牌", "指示牌"], false),
    ("standard", &["项"], &["标准"], false),
    ("project", &["项"], &["工程", "实事", "项目"], false),
];

/// Units for a figure printed without a measure word, by the word after
/// (`1160万中小学生`) or before (`装机量达到3000万`) it.
const NO_MEASURE: &[(&str, &[&str], &[&str])] = &[
    ("people", &["学生", "儿童", "女生", "新生儿"], &[]),
    ("person", &["居民", "群众", "人口", "农民", "职工"], &[]),
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
/// clause before, for `其中…` clauses that count what it names.
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
    let applies = |(id, measures, _, _): &&(&str, &[&str], &[&str], bool)| has(id) && measures.contains(&m);
    let nearest = CONTEXT
        .iter()
        .filter(applies)
        .filter_map(|e| e.2.iter().filter_map(|w| cx.after_near.find(w)).min().map(|p| (p, e.0)))
        .min()
        .map(|(_, id)| id);
    // Words before the figure override the one unit of a measure word only
    // when no noun follows it (`安全路口50处` but not `路口、…12处拥堵点`).
    let before_counts = candidates.len() != 1 || cx.after_near.trim().is_empty();
    let any = || {
        CONTEXT.iter().filter(applies).find_map(|e| {
            let found = |s: &str| e.2.iter().any(|w| s.contains(w));
            (found(cx.after) || (!e.3 && before_counts && found(cx.before))).then_some(e.0)
        })
    };
    // `其中…` counts what the clause before names, last word first.
    let outer = || {
        if !cx.before.trim_start().starts_with("其中") {
            return None;
        }
        CONTEXT
            .iter()
            .filter(applies)
            .filter_map(|e| e.2.iter().filter_map(|w| cx.outer.rfind(w)).max().map(|p| (p, e.0)))
            .max()
            .map(|(_, id)| id)
    };
    match nearest.or_else(any).or_else(outer) {
        Some(id) if candidates.len() == 1 && candidates[0] == id => sure(id),
        Some(id) => guessed(id, m, &candidates),
        None => match candidates.as_slice() {
            [] => missing(m),
            [one] => sure(one),
            [first, ..] => guessed(first, m, &candidates),
        },
    }
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

    fn units() -> Vec<Unit> {
        [
            ("item", "个"),
            ("place", "个"),
            ("pile", "个"),
            ("station", "个"),
            ("facility", "座"),
            ("card", "张"),
            ("voucher", "张"),
            ("people", "名"),
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
        assert_eq!(pick(Some("座"), "新建粪污处理站", "").as_deref(), Some("facility"));
        assert_eq!(pick(Some("个"), "增加受益托位", "左右").as_deref(), Some("place"));
        assert_eq!(pick(Some("个"), "改造城镇老旧小区", "").as_deref(), Some("item"));
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
        assert_eq!(choose(&units(), &cx).unit.as_deref(), Some("station"));
        assert_eq!(pick(Some("间"), "完成", "护眼教室改造"), None);
        assert_eq!(
            pick(None, "组织完成全省", "中小学生脊柱侧弯专项筛查").as_deref(),
            Some("people")
        );
        assert_eq!(pick(None, "“冀时办”装机量达到", "").as_deref(), Some("installation"));
        assert_eq!(pick(Some("次"), "", ""), None);
    }
}
