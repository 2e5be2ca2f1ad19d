//! Numbers, quantities and dates written the way each language reads them:
//! `12万套` / `120,000 units`, `2023年10月31日` / `31 October 2023`.

use crate::model::{Lang, PartialDate, Qualifier, Quantity, Unit};

/// A plain number: Chinese groups by 万 and 亿, English by thousands.
pub fn number(lang: Lang, value: f64) -> String {
    match lang {
        Lang::Zh => zh_number(value),
        Lang::En => en_number(value),
    }
}

/// `x` with at most `decimals` decimals, trailing zeros removed: `7000`, `7.6`.
pub(crate) fn trim(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Whether `x` has at most `decimals` decimal places.
fn exact(x: f64, decimals: i32) -> bool {
    let scaled = x * 10f64.powi(decimals);
    (scaled - scaled.round()).abs() < 1e-6
}

fn zh_number(v: f64) -> String {
    let a = v.abs();
    // Group by 万/亿 only where it reads naturally: 30.79万, not 1.5593万.
    if a >= 1e8 && exact(v / 1e8, 2) {
        format!("{}亿", trim(v / 1e8, 2))
    } else if a >= 1e4 && exact(v / 1e4, 2) {
        format!("{}万", trim(v / 1e4, 2))
    } else {
        trim(v, 4)
    }
}

fn en_number(v: f64) -> String {
    let s = trim(v, 4);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

/// A number with its unit: `12万套`, `120,000 units`, `1 unit`.
pub fn amount(lang: Lang, value: f64, unit: &Unit) -> String {
    match lang {
        Lang::Zh => format!("{}{}", zh_number(value), unit.zh),
        // Money reads in millions and billions: 350 million yuan.
        Lang::En if unit.id == "yuan" && value.abs() >= 1e6 => {
            let (scaled, word) = if value.abs() >= 1e9 {
                (value / 1e9, "billion")
            } else {
                (value / 1e6, "million")
            };
            format!("{} {word} {}", en_number((scaled * 100.0).round() / 100.0), unit.en)
        }
        Lang::En => {
            let name = match (&unit.en_one, value == 1.0) {
                (Some(one), true) => one.as_str(),
                _ => unit.en.as_str(),
            };
            format!("{} {}", en_number(value), name)
        }
    }
}

/// A quantity with its qualifier: `不少于12万套`, `at least 120,000 units`.
pub fn quantity(lang: Lang, q: &Quantity, unit: &Unit) -> String {
    let prefix = match (lang, q.qualifier) {
        (_, Qualifier::Exactly) => "",
        (Lang::Zh, Qualifier::AtLeast) => "不少于",
        (Lang::Zh, Qualifier::MoreThan) => "超过",
        (Lang::Zh, Qualifier::About) => "约",
        (Lang::Zh, Qualifier::AtMost) => "不超过",
        (Lang::En, Qualifier::AtLeast) => "at least ",
        (Lang::En, Qualifier::MoreThan) => "more than ",
        (Lang::En, Qualifier::About) => "about ",
        (Lang::En, Qualifier::AtMost) => "at most ",
    };
    format!("{prefix}{}", amount(lang, q.value, unit))
}

/// The qualifier as a compact symbol for tables: `≥`, `>`, `≈`, `≤`.
pub fn qualifier_symbol(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exactly => "",
        Qualifier::AtLeast => "≥",
        Qualifier::MoreThan => ">",
        Qualifier::About => "≈",
        Qualifier::AtMost => "≤",
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod money_tests {
    use super::*;

    #[test]
    fn money_in_millions_in_english_and_yi_in_chinese() {
        let yuan = Unit {
            id: "yuan".into(),
            zh: "元".into(),
            en: "yuan".into(),
            en_one: None,
        };
        assert_eq!(amount(Lang::En, 350_000_000.0, &yuan), "350 million yuan");
        assert_eq!(amount(Lang::En, 1_250_000_000.0, &yuan), "1.25 billion yuan");
        assert_eq!(amount(Lang::En, 5_000.0, &yuan), "5,000 yuan");
        assert_eq!(amount(Lang::Zh, 350_000_000.0, &yuan), "3.5亿元");
        assert_eq!(amount(Lang::Zh, 12_000_000.0, &yuan), "1200万元");
    }
}

/// A date as precise as it is known.
pub fn date(lang: Lang, d: &PartialDate) -> String {
    match (lang, d.day) {
        (Lang::Zh, Some(day)) => format!("{}年{}月{}日", d.year, d.month, day),
        (Lang::Zh, None) => format!("{}年{}月", d.year, d.month),
        (Lang::En, Some(day)) => format!("{} {} {}", day, MONTHS[d.month as usize - 1], d.year),
        (Lang::En, None) => format!("{} {}", MONTHS[d.month as usize - 1], d.year),
    }
}

/// A year: `2023年` / `2023`.
pub fn year(lang: Lang, y: i32) -> String {
    match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(zh: &str, en: &str, one: Option<&str>) -> Unit {
        Unit {
            id: "u".into(),
            zh: zh.into(),
            en: en.into(),
            en_one: one.map(Into::into),
        }
    }

    #[test]
    fn numbers_per_language() {
        let u = unit("套", "units", Some("unit"));
        assert_eq!(amount(Lang::Zh, 120000.0, &u), "12万套");
        assert_eq!(amount(Lang::En, 120000.0, &u), "120,000 units");
        assert_eq!(amount(Lang::En, 1.0, &u), "1 unit");
        assert_eq!(number(Lang::Zh, 307900.0), "30.79万");
        assert_eq!(number(Lang::Zh, 7000.0), "7000");
        assert_eq!(number(Lang::Zh, 30000000.0), "3000万");
        assert_eq!(number(Lang::Zh, 250000000.0), "2.5亿");
        assert_eq!(number(Lang::Zh, 12345.678), "12345.678");
        assert_eq!(number(Lang::Zh, 15593.0), "15593");
        assert_eq!(number(Lang::En, 11600000.0), "11,600,000");
        assert_eq!(number(Lang::En, 12.5), "12.5");
    }

    #[test]
    fn qualified_quantities() {
        let u = unit("套", "units", Some("unit"));
        let q = Quantity {
            value: 120000.0,
            unit: 0,
            qualifier: Qualifier::AtLeast,
        };
        assert_eq!(quantity(Lang::Zh, &q, &u), "不少于12万套");
        assert_eq!(quantity(Lang::En, &q, &u), "at least 120,000 units");
    }

    #[test]
    fn dates_per_language() {
        let d = PartialDate {
            year: 2023,
            month: 10,
            day: Some(31),
        };
        assert_eq!(date(Lang::Zh, &d), "2023年10月31日");
        assert_eq!(date(Lang::En, &d), "31 October 2023");
        let m = PartialDate {
            year: 2023,
            month: 12,
            day: None,
        };
        assert_eq!(date(Lang::En, &m), "December 2023");
    }
}
