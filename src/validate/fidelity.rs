//! Fidelity checks: figures must trace to the sentence they were taken from.
//! A stored value such as `120000` must appear in its quote as `120000`,
//! `12万`, `120,000`, `100余万` (for a figure given as "more than") or (for
//! small counts) a Chinese numeral such as `两`.

/// Removes all whitespace (including the ideographic space U+3000), so that
/// quotes match the source regardless of line breaks and indentation.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect()
}

/// Whether `quote` states `value` in one of the usual written forms.
pub fn quote_mentions_value(value: f64, quote: &str) -> bool {
    let quote = squash(quote);
    written_forms(value).iter().any(|form| contains_number(&quote, form))
}

fn trim_number(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn written_forms(value: f64) -> Vec<String> {
    let mut forms = vec![trim_number(value)];
    if value >= 1000.0 && value.fract() == 0.0 {
        forms.push(with_commas(value as u64));
    }
    if value >= 1000.0 {
        let wan = trim_number(value / 1e4);
        forms.push(format!("{wan}万"));
        // 100余万 / 100多万: "more than a million", stored as 1000000.
        forms.push(format!("{wan}余万"));
        forms.push(format!("{wan}多万"));
        forms.push(format!("{}千", trim_number(value / 1e3)));
    }
    if value >= 1e7 {
        forms.push(format!("{}亿", trim_number(value / 1e8)));
    }
    if value.fract() == 0.0 && (1.0..100.0).contains(&value) {
        forms.extend(chinese_numerals(value as u32));
    }
    forms
}

fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn chinese_numerals(n: u32) -> Vec<String> {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let s = match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    };
    let mut v = vec![s];
    if n == 2 {
        v.push("两".to_string());
    }
    v
}

/// Finds `form` in `hay` not as part of a longer number.
fn contains_number(hay: &str, form: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let is_cn = |c: char| "零一二三四五六七八九十两百千".contains(c);
    let form_is_cn = form.chars().next().is_some_and(is_cn);
    hay.match_indices(form).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + form.len()..].chars().next();
        let clash = |c: Option<char>| c.is_some_and(|c| if form_is_cn { is_cn(c) } else { is_digit(c) });
        // A trailing 万/亿 would scale a bare number: "12" is not in "12万".
        let scaled = !form.ends_with(['万', '千', '亿']) && after.is_some_and(|c| c == '万' || c == '亿');
        !clash(before) && !clash(after.filter(|_| !form.ends_with(['万', '千', '亿']))) && !scaled
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_value() {
        assert!(quote_mentions_value(120000.0, "开工不低于12万套"));
        assert!(quote_mentions_value(307900.0, "改造提升户厕30.79万座"));
        assert!(quote_mentions_value(7000.0, "建设改造农村公路7000公里"));
        assert!(quote_mentions_value(11600000.0, "全省1160万中小学生"));
        assert!(quote_mentions_value(2.0, "“两癌”患病妇女"));
        assert!(quote_mentions_value(10.0, "民生十大实事"));
        assert!(quote_mentions_value(1000000.0, "惠及群众100余万人"));
        assert!(quote_mentions_value(40000.0, "4万余户特殊困难老年人家庭"));
    }

    #[test]
    fn no_partial_matches() {
        assert!(!quote_mentions_value(1.0, "开工不低于12万套"));
        assert!(!quote_mentions_value(12.0, "开工不低于12万套"));
        assert!(!quote_mentions_value(130000.0, "开工不低于12万套"));
        assert!(!quote_mentions_value(3.0, "新建30所"));
    }

    #[test]
    fn squash_ignores_layout() {
        assert_eq!(squash("　　一、 主要\n目标"), "一、主要目标");
    }
}
