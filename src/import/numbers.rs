//! Quantities as printed in Chinese government text: `12万套`, `30.79万座`,
//! `3.5亿元`, `不低于8万套`, `1万个左右`, `14000多名`, `两个`, `五类以上`,
//! `95%`. [`scan`] finds each one in a clause with its value in base units,
//! its measure word and its qualifier, and skips what only looks like a
//! quantity: years and dates (`2023年3月`), ages (`14周岁`), ratings
//! (`三星级以上`), ordinals (`第一`), ranges (`1-2个`, reported apart).

/// `exactly` is the default and never written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    AtLeast,
    MoreThan,
    About,
    AtMost,
}

impl Qualifier {
    pub fn id(self) -> &'static str {
        match self {
            Qualifier::AtLeast => "at-least",
            Qualifier::MoreThan => "more-than",
            Qualifier::About => "about",
            Qualifier::AtMost => "at-most",
        }
    }
}

/// One quantity found in a clause; positions are char indices into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// The measure word as printed (`套`, `公里`, `%`), if any.
    pub measure: Option<String>,
    pub qualifier: Option<Qualifier>,
    /// Qualified from before the number (`约`, `不低于`): may carry over a
    /// bare list (`约2.5公里、2000级`).
    pub pre_qualified: bool,
}

/// What [`scan`] returns: quantities, and ranges it would not turn into one.
#[derive(Debug, Default)]
pub struct Scan {
    pub found: Vec<Found>,
    /// Ranges as printed (`1-2个`): never a single figure.
    pub ranges: Vec<String>,
}

/// Measure words recognised after a number, longest first where one is the
/// start of another. Words not in the site's units still count, so that the
/// importer can report the figure as lacking a unit rather than miss it.
pub const MEASURES: &[&str] = &[
    "平方公里",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "批次",
    "场次",
    "人次",
    "户次",
    "千瓦",
    "套",
    "个",
    "米",
    "人",
    "名",
    "座",
    "辆",
    "所",
    "家",
    "场",
    "张",
    "处",
    "条",
    "块",
    "户",
    "栋",
    "幢",
    "件",
    "种",
    "台",
    "亩",
    "次",
    "级",
    "项",
    "类",
    "部",
    "元",
    "间",
    "组",
    "吨",
    "床",
    "册",
    "份",
    "支",
    "棵",
    "株",
    "口",
    "宗",
    "起",
    "层",
    "班",
    "批",
    "%",
    "％",
];

/// Measure words a Chinese numeral may count (`两个`, `五类`): a small set,
/// since numerals also name things (`一老一幼`, `两癌`, `三县`).
const CN_MEASURES: &[&str] = &[
    "个", "类", "项", "名", "家", "所", "种", "条", "座", "处", "户", "套", "场", "张", "部", "间",
];

/// Words after a number that make it a date, time, age or ordinal.
const NOT_QUANTITY: &[&str] = &[
    "年", "月", "日", "号", "时", "周岁", "岁", "分钟", "小时", "天", "周", "星", "届", "期", "倍", "楼", "路", "版",
    "代", "产", "孩", "胎", "世纪",
];

const CN_DIGITS: &str = "零〇一二两三四五六七八九";

fn is_cn_numeral(c: char) -> bool {
    CN_DIGITS.contains(c) || "十百千".contains(c)
}

/// Value of a Chinese numeral below 10,000 (`二十`, `十五`, `两`); `None`
/// when it is not one.
pub fn cn_value(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let (mut total, mut cur) = (0u32, None::<u32>);
    for c in s.chars() {
        let scale = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                cur = Some(cur.unwrap_or(0) * 10 + digit(c)?);
                continue;
            }
        };
        total += cur.unwrap_or(1) * scale;
        cur = None;
    }
    let v = total + cur.unwrap_or(0);
    (!s.is_empty()).then_some(v)
}

/// Exact value of digits with an optional decimal part times 10^`exp`.
fn scaled(int: &str, frac: &str, exp: i32) -> f64 {
    let digits: String = format!("{int}{frac}");
    let mantissa: f64 = digits.parse().unwrap_or(0.0);
    let shift = exp - frac.len() as i32;
    if shift >= 0 {
        mantissa * 10f64.powi(shift)
    } else {
        // Round to the printed precision: 30.79 stays 30.79.
        let v = mantissa / 10f64.powi(-shift);
        (v * 1e6).round() / 1e6
    }
}

fn starts_with_any<'a>(chars: &[char], at: usize, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| {
        let n = w.chars().count();
        at + n <= chars.len() && w.chars().zip(&chars[at..at + n]).all(|(a, b)| a == *b)
    })
}

fn ends_with_any<'a>(chars: &[char], at: usize, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| {
        let n = w.chars().count();
        n <= at && w.chars().zip(&chars[at - n..at]).all(|(a, b)| a == *b)
    })
}

/// Finds every quantity of `clause`.
pub fn scan(clause: &str) -> Scan {
    let chars: Vec<char> = clause.chars().collect();
    let mut out = Scan::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let fresh = !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
        let next = if c.is_ascii_digit() && fresh {
            arabic(&chars, i, &mut out)
        } else if is_cn_numeral(c) && !prev.is_some_and(is_cn_numeral) {
            chinese(&chars, i)
        } else {
            None
        };
        match next {
            Some(Step::Found(f)) => {
                i = f.end.max(i + 1);
                out.found.push(f);
            }
            Some(Step::Skip(to)) => i = to.max(i + 1),
            None => i += 1,
        }
    }
    carry_list_qualifiers(&chars, &mut out.found);
    out
}

enum Step {
    Found(Found),
    Skip(usize),
}

/// A number in digits at `i`: `12`, `30.79`, `120,000`, then 余/多, 万/亿,
/// the measure word and a qualifier.
fn arabic(chars: &[char], i: usize, out: &mut Scan) -> Option<Step> {
    let mut j = i;
    let mut int = String::new();
    while j < chars.len() {
        let c = chars[j];
        if c.is_ascii_digit() {
            int.push(c);
            j += 1;
        } else if c == ',' && j + 3 < chars.len() + 1 && is_group(chars, j) {
            j += 1;
        } else {
            break;
        }
    }
    let mut frac = String::new();
    if j + 1 < chars.len() && matches!(chars[j], '.' | '．') && chars[j + 1].is_ascii_digit() {
        j += 1;
        while j < chars.len() && chars[j].is_ascii_digit() {
            frac.push(chars[j]);
            j += 1;
        }
    }
    // A range: 1-2个, 30%-50%, 6-14岁, 2021-2030年.
    let mut k = j;
    if k < chars.len() && chars[k] == '%' {
        k += 1;
    }
    if k + 1 < chars.len() && matches!(chars[k], '-' | '—' | '~' | '～' | '－') && chars[k + 1].is_ascii_digit() {
        let mut e = k + 1;
        while e < chars.len() && (chars[e].is_ascii_digit() || chars[e] == '.') {
            e += 1;
        }
        let tail = starts_with_any(chars, e, MEASURES).map_or(0, |m| m.chars().count());
        let is_date = starts_with_any(chars, e, NOT_QUANTITY).is_some();
        if !is_date && tail > 0 {
            out.ranges.push(chars[i..e + tail].iter().collect());
        }
        return Some(Step::Skip(e + tail));
    }
    finish(chars, i, j, &int, &frac)
}

fn is_group(chars: &[char], comma: usize) -> bool {
    let digits = chars[comma + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    digits == 3
}

/// After the digits (`i..j`): scale, measure word, qualifiers.
fn finish(chars: &[char], i: usize, j: usize, int: &str, frac: &str) -> Option<Step> {
    let mut k = j;
    let mut more = false;
    let mut exp = 0;
    if k < chars.len() && matches!(chars[k], '余' | '多') && k + 1 < chars.len() && matches!(chars[k + 1], '万' | '亿')
    {
        more = true;
        k += 1;
    }
    if k < chars.len() {
        match chars[k] {
            '万' => {
                exp = 4;
                k += 1;
                if k < chars.len() && chars[k] == '亿' {
                    exp = 12;
                    k += 1;
                }
            }
            '亿' => {
                exp = 8;
                k += 1;
            }
            _ => {}
        }
    }
    if starts_with_any(chars, k, NOT_QUANTITY).is_some() {
        return Some(Step::Skip(k));
    }
    if k < chars.len() && matches!(chars[k], '余' | '多') {
        more = true;
        k += 1;
    }
    let measure = starts_with_any(chars, k, MEASURES);
    if let Some(m) = measure {
        k += m.chars().count();
    }
    let value = scaled(int, frac, exp);
    Some(Step::Found(qualify(chars, i, k, value, measure, more)))
}

/// A Chinese numeral at `i` counting a measure word: `两个`, `五类以上`.
fn chinese(chars: &[char], i: usize) -> Option<Step> {
    let mut j = i;
    while j < chars.len() && is_cn_numeral(chars[j]) {
        j += 1;
    }
    let text: String = chars[i..j].iter().collect();
    let value = cn_value(&text)?;
    let prev = i.checked_sub(1).map(|p| chars[p]);
    // 第一, 一、二类 (an enumeration of kinds), and 一 alone (一批, 一个平台).
    if prev == Some('第') || prev == Some('、') || value <= 1 {
        return Some(Step::Skip(j));
    }
    let m = starts_with_any(chars, j, CN_MEASURES)?;
    let end = j + m.chars().count();
    if end < chars.len() && "级星".contains(chars[end]) {
        return Some(Step::Skip(end));
    }
    Some(Step::Found(qualify(chars, i, end, f64::from(value), Some(m), false)))
}

/// Reads qualifiers before (`约`, `不低于`) and after (`以上`, `左右`).
fn qualify(chars: &[char], start: usize, mut end: usize, value: f64, measure: Option<&str>, more: bool) -> Found {
    const BEFORE: &[(&str, Qualifier)] = &[
        ("不低于", Qualifier::AtLeast),
        ("不少于", Qualifier::AtLeast),
        ("至少", Qualifier::AtLeast),
        ("最少", Qualifier::AtLeast),
        ("不超过", Qualifier::AtMost),
        ("最多", Qualifier::AtMost),
        ("超过", Qualifier::MoreThan),
        ("大约", Qualifier::About),
        ("约", Qualifier::About),
    ];
    const AFTER: &[(&str, Qualifier)] = &[
        ("以上", Qualifier::AtLeast),
        ("左右", Qualifier::About),
        ("以内", Qualifier::AtMost),
        ("以下", Qualifier::AtMost),
    ];
    let mut qualifier = more.then_some(Qualifier::MoreThan);
    let mut pre_qualified = false;
    let after = AFTER.iter().find(|(w, _)| starts_with_any(chars, end, &[w]).is_some());
    if let Some((w, q)) = after {
        end += w.chars().count();
        qualifier = Some(*q);
    } else if qualifier.is_none() {
        if let Some((_, q)) = BEFORE.iter().find(|(w, _)| ends_with_any(chars, start, &[w]).is_some()) {
            qualifier = Some(*q);
            pre_qualified = true;
        }
    }
    Found {
        start,
        end,
        value,
        measure: measure.map(|m| if m == "％" { "%".to_string() } else { m.to_string() }),
        qualifier,
        pre_qualified,
    }
}

/// In a bare list (`不低于40%、70%、100%`, `约2.5公里、2000级`) a qualifier
/// printed once before the first figure applies to every figure.
fn carry_list_qualifiers(chars: &[char], found: &mut [Found]) {
    for k in 1..found.len() {
        let (a, b) = (&found[k - 1], &found[k]);
        let bare = b.start == a.end + 1 && chars[a.end] == '、';
        if bare && b.qualifier.is_none() && a.pre_qualified {
            found[k].qualifier = a.qualifier;
            found[k].pre_qualified = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (f64, Option<String>, Option<&'static str>) {
        let f = scan(s).found;
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        (f[0].value, f[0].measure.clone(), f[0].qualifier.map(Qualifier::id))
    }

    #[test]
    fn values_in_base_units() {
        assert_eq!(one("开工不低于12万套"), (120000.0, Some("套".into()), Some("at-least")));
        assert_eq!(one("改造提升户厕30.79万座"), (307900.0, Some("座".into()), None));
        assert_eq!(one("总投资3.5亿元"), (350000000.0, Some("元".into()), None));
        assert_eq!(
            one("增加受益托位1万个左右"),
            (10000.0, Some("个".into()), Some("about"))
        );
        assert_eq!(
            one("为14000多名适龄妇女"),
            (14000.0, Some("名".into()), Some("more-than"))
        );
        assert_eq!(
            one("惠及群众100余万人"),
            (1000000.0, Some("人".into()), Some("more-than"))
        );
        assert_eq!(
            one("全年新增城镇就业1万多人"),
            (10000.0, Some("人".into()), Some("more-than"))
        );
        assert_eq!(one("服务5万人次以上"), (50000.0, Some("人次".into()), Some("at-least")));
        assert_eq!(one("完成两个镇街联合处置中心"), (2.0, Some("个".into()), None));
        assert_eq!(
            one("等五类以上基层认证服务"),
            (5.0, Some("类".into()), Some("at-least"))
        );
        assert_eq!(one("不合格处置率100%"), (100.0, Some("%".into()), None));
        assert_eq!(one("“冀时办”装机量达到3000万"), (30000000.0, None, None));
        assert_eq!(one("约95万名中小学生"), (950000.0, Some("名".into()), Some("about")));
    }

    #[test]
    fn not_quantities() {
        assert!(scan("2023年3月下发工作通知").found.is_empty());
        assert!(scan("为14周岁女童免费接种").found.is_empty());
        assert!(scan("三星级以上巾帼家政基地").found.is_empty());
        assert!(scan("“两癌”患病妇女、一老一幼").found.is_empty());
        assert!(scan("第一恒磨牙、一、二类点").found.is_empty());
        assert!(scan("冀政办字〔2023〕2号").found.iter().all(|f| f.measure.is_none()));
        let s = scan("打造1-2个特色植物科普展示园");
        assert!(s.found.is_empty());
        assert_eq!(s.ranges, vec!["1-2个".to_string()]);
    }

    #[test]
    fn a_list_shares_its_qualifier() {
        let f = scan("竣工率分别不低于40%、70%、100%").found;
        let q: Vec<_> = f.iter().map(|f| f.qualifier.map(Qualifier::id)).collect();
        assert_eq!(q, vec![Some("at-least"); 3]);
        let f = scan("开展全面登山台阶保养维修工作(约2.5公里、2000级台阶)").found;
        assert_eq!(f[1].qualifier, Some(Qualifier::About));
        assert_eq!(f[0].value, 2.5);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_value("二十"), Some(20));
        assert_eq!(cn_value("十五"), Some(15));
        assert_eq!(cn_value("两"), Some(2));
        assert_eq!(cn_value("一百零五"), Some(105));
    }
}
