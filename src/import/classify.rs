//! Best guesses an editor confirms: the program a project implements (by
//! how alike its name is to each program's name) and its category (the
//! program's, else by keywords). Also the name similarity used to match a
//! progress report's items to the plan's projects.

use std::collections::BTreeSet;

/// A program of `content/programs.yaml`: id, Chinese name, category.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    pub zh: String,
    pub category: String,
}

/// Words that say little about what a project is.
const FILLER: &[&str] = &[
    "工程", "项目", "行动", "建设", "提升", "实施", "开展", "推进", "加强", "加快",
];

fn core(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| !"“”\"'《》()（）·、:：".contains(*c)).collect();
    for w in FILLER {
        s = s.replace(w, "");
    }
    s
}

fn bigrams(s: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice coefficient of character bigrams of the names without filler
/// words: 1.0 for the same name, 0.0 for nothing in common.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (core(a), core(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (x, y) = (bigrams(&a), bigrams(&b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.intersection(&y).count();
    let dice = 2.0 * common as f64 / (x.len() + y.len()) as f64;
    // A name inside the other (`棚户区改造` in `城镇棚户区改造`) is close.
    if a.contains(&b) || b.contains(&a) {
        dice.max(0.8)
    } else {
        dice
    }
}

/// The program whose name is most like `name`, with its score, if close.
pub fn program<'a>(programs: &'a [Program], name: &str) -> Option<(&'a Program, f64)> {
    programs
        .iter()
        .map(|p| (p, similarity(name, &p.zh)))
        .filter(|(_, s)| *s >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// Keywords of each category id, in order of preference.
const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    ("legal-aid", &["法律援助", "法律"]),
    ("women-family", &["妇女", "两癌", "家政", "福嫂", "妇联"]),
    ("childcare", &["托育", "托位", "婴幼儿", "托幼"]),
    ("elderly-care", &["养老", "老年", "适老", "长者"]),
    ("disability", &["残疾", "助残"]),
    ("social-assistance", &["救助", "低保", "特困", "困难群众", "兜底"]),
    ("food-safety", &["食品", "菜篮子", "农贸"]),
    (
        "health",
        &["医疗", "健康", "筛查", "疫苗", "卫生", "医院", "急救", "口腔", "生育"],
    ),
    ("education", &["教育", "学校", "学位", "幼儿园", "学生", "校园", "教室"]),
    ("employment", &["就业", "劳务", "创业", "零工"]),
    ("housing", &["棚户区", "住房", "安置房", "租赁"]),
    (
        "urban-renewal",
        &["老旧小区", "口袋公园", "城中村", "燃气", "城市更新", "老旧建筑"],
    ),
    ("water", &["供水", "饮水", "排水", "水源", "引调水", "污水处理"]),
    ("sanitation", &["厕所", "垃圾", "污水", "环卫"]),
    (
        "environment",
        &["生态", "森林", "绿", "黑臭水体", "碧道", "亲水", "河湖", "尾水"],
    ),
    (
        "transport",
        &[
            "公路",
            "道路",
            "交通",
            "停车",
            "充电",
            "公交",
            "客运",
            "物流",
            "拥堵",
            "专用道",
        ],
    ),
    ("culture-sport", &["文化", "体育", "健身", "文旅", "演出", "赛事"]),
    ("digital-government", &["政务", "掌上办", "数字", "认证"]),
    ("public-safety", &["安全", "监控", "消防", "灾", "电梯", "应急"]),
];

/// The category of a project named `name` with text `text`: the first
/// category whose keywords the name has, else the text; `None` when nothing
/// fits. Only ids present in `known` are chosen.
pub fn category(known: &[String], name: &str, text: &str) -> Option<String> {
    let has = |id: &str| known.iter().any(|k| k == id);
    let pick = |s: &str| {
        CATEGORY_WORDS
            .iter()
            .find(|(id, words)| has(id) && words.iter().any(|w| s.contains(w)))
            .map(|(id, _)| id.to_string())
    };
    pick(name).or_else(|| pick(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names() {
        assert_eq!(similarity("棚户区改造工程", "棚户区改造工程"), 1.0);
        assert!(similarity("城镇老旧小区改造工程", "老旧小区改造工程") >= 0.8);
        assert!(similarity("“四好农村路”提升工程", "“四好农村路”建设工程") >= 0.8);
        assert!(similarity("棚户区改造工程", "法律援助扩面提质工程") < 0.2);
    }

    #[test]
    fn categories_by_keyword() {
        let known: Vec<String> = ["housing", "health", "transport"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(category(&known, "棚户区改造工程", "").as_deref(), Some("housing"));
        assert_eq!(
            category(&known, "生命防护工程", "安装信号灯，规范道路交通秩序").as_deref(),
            Some("transport")
        );
        assert_eq!(category(&known, "其他", "其他"), None);
    }
}
