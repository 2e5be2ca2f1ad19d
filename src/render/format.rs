//! Numbers, quantities and dates written the way each language reads them:
//! `12万套` / `120,000 housing units`, `2023年10月31日` / `31 October 2023`.
//!
//! # The number rule (one rule for the whole site)
//!
//! **English** always shows every digit, grouped by thousands with commas
//! (`15,593`, `11,600,000`, `0.245`); money of a million or more reads in
//! millions and billions (`350 million yuan`).
//!
//! **Chinese** groups by 万 and 亿, the way governments print figures:
//!
//! * below 1万, every digit: `9999`, `7000`, `0.245`, `7.6`;
//! * from 1万, in 万 with at most two decimals: `1万`, `1.23万` (12345),
//!   `30.79万`, `1160万`;
//! * from 1亿, in 亿 with at most two decimals: `1.2亿`, `3.5亿`.
//!
//! That is [`Digits::Grouped`], the form of every figure in running text,
//! headlines, lists, charts and badges. Where it rounds (`15593` →
//! `1.56万`), the exact figure is one click away, on the project page.
//!
//! **Columns of figures stay exact.** A table column whose job is to give
//! the figures (a project's targets, a comparison across plans) is
//! formatted as a whole: when every figure in it is exact in the grouped
//! form (`12万`, `8万`, `200`), the column uses it; when one would be
//! rounded (`15593`), *every* cell of the column keeps all its digits
//! ([`Digits::All`]: `120000`, `15593`), so that figures line up and
//! compare digit by digit. [`column_digits`] decides this per column.
//!
//! Values per 10,000 residents ([`per_10k`]) keep three significant
//! digits, never fewer than needed to show a small value (`0.000135`).

use crate::model::{Lang, PartialDate, Qualifier, Quantity, Unit};

/// How many digits a Chinese figure keeps (English always keeps all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// 万/亿 with at most two decimals, rounded: `1.56万`.
    Grouped,
    /// Every digit: `15593`.
    All,
}

/// A plain number in the reading form ([`Digits::Grouped`]).
pub fn number(lang: Lang, value: f64) -> String {
    number_with(lang, value, Digits::Grouped)
}

/// A plain number with the given digits.
pub fn number_with(lang: Lang, value: f64, digits: Digits) -> String {
    match (lang, digits) {
        (Lang::Zh, Digits::Grouped) => zh_grouped(value),
        (Lang::Zh, Digits::All) => trim(value, 4),
        (Lang::En, _) => en_number(value),
    }
}

/// The digits a column of `values` needs: grouped when every value is
/// exact in the grouped form, else all digits for every cell.
pub fn column_digits(values: impl IntoIterator<Item = f64>) -> Digits {
    if values.into_iter().all(grouped_is_exact) {
        Digits::Grouped
    } else {
        Digits::All
    }
}

/// Whether the grouped form of `v` shows it without rounding.
pub fn grouped_is_exact(v: f64) -> bool {
    if v.abs() >= 1e4 {
        crate::model::grouped_is_exact(v)
    } else {
        exact(v.abs(), 4)
    }
}

/// `a` (non-negative, ≥ 1万) in 万 or 亿, after rounding to two decimals
/// (so that 9999.999万 becomes 1亿, not 10000万).
fn scale(a: f64) -> (f64, &'static str) {
    let wan = a / 1e4;
    if a >= 1e8 || (wan * 100.0).round() / 100.0 >= 1e4 {
        (a / 1e8, "亿")
    } else {
        (wan, "万")
    }
}

/// `x` with at most `decimals` decimals, trailing zeros removed: `7000`, `7.6`.
pub(crate) fn trim(x: f64, decimals: usize) -> String {
    // Most figures are whole: printed as integers, they skip the exact
    // decimal expansion (the same text, `-0` included, at a tenth the cost).
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return (x as i64).to_string();
    }
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// Whether `x` has at most `decimals` decimal places.
fn exact(x: f64, decimals: i32) -> bool {
    let scaled = x * 10f64.powi(decimals);
    (scaled - scaled.round()).abs() < 1e-6
}

fn zh_grouped(v: f64) -> String {
    let a = v.abs();
    if a < 1e4 {
        return trim(v, 4);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let (scaled, word) = scale(a);
    format!("{sign}{}{word}", trim(scaled, 2))
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

/// A value per 10,000 residents, rounded to three significant digits (two
/// decimals at least below 100): `12.3`, `0.943`, `0.000135`.
pub fn round_per_10k(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return 0.0;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 12);
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

/// A value per 10,000 residents with its unit: `0.943公里`, `0.943 km`.
pub fn per_10k(lang: Lang, value: f64, unit: &Unit) -> String {
    let v = round_per_10k(value);
    let digits = match lang {
        Lang::Zh => trim(v, 12),
        Lang::En => {
            let s = trim(v, 12);
            match s.split_once('.') {
                Some((i, f)) => format!("{}.{f}", en_number(i.parse().unwrap_or(0.0))),
                None => en_number(v),
            }
        }
    };
    with_unit(lang, &digits, v, unit)
}

/// `digits` followed by the unit's name in `lang` (singular for exactly
/// one); no space before `%`.
fn with_unit(lang: Lang, digits: &str, value: f64, unit: &Unit) -> String {
    match lang {
        Lang::Zh => format!("{digits}{}", unit.zh),
        Lang::En => {
            let name = match (&unit.en_one, value == 1.0) {
                (Some(one), true) => one.as_str(),
                _ => unit.en.as_str(),
            };
            if name.starts_with('%') || name.is_empty() {
                format!("{digits}{name}")
            } else {
                format!("{digits} {name}")
            }
        }
    }
}

/// A number with its unit in the reading form: `12万套`, `120,000 units`.
pub fn amount(lang: Lang, value: f64, unit: &Unit) -> String {
    amount_with(lang, value, unit, Digits::Grouped)
}

/// A number with its unit and the given digits.
pub fn amount_with(lang: Lang, value: f64, unit: &Unit, digits: Digits) -> String {
    // Money reads in millions and billions in English: 350 million yuan.
    if lang == Lang::En && unit.id == "yuan" && value.abs() >= 1e6 {
        let (scaled, word) = if value.abs() >= 1e9 {
            (value / 1e9, "billion")
        } else {
            (value / 1e6, "million")
        };
        return format!("{} {word} {}", en_number((scaled * 100.0).round() / 100.0), unit.en);
    }
    with_unit(lang, &number_with(lang, value, digits), value, unit)
}

/// A quantity with its qualifier: `不少于12万套`, `at least 120,000 units`.
pub fn quantity(lang: Lang, q: &Quantity, unit: &Unit) -> String {
    quantity_with(lang, q, unit, Digits::Grouped)
}

/// A quantity with its qualifier and the given digits.
pub fn quantity_with(lang: Lang, q: &Quantity, unit: &Unit, digits: Digits) -> String {
    format!(
        "{}{}",
        qualifier_prefix(lang, q.qualifier),
        amount_with(lang, q.value, unit, digits)
    )
}

/// The words a qualifier puts before a figure: `不少于`, `at least `.
pub fn qualifier_prefix(lang: Lang, q: Qualifier) -> &'static str {
    match (lang, q) {
        (_, Qualifier::Exactly) => "",
        (Lang::Zh, Qualifier::AtLeast) => "不少于",
        (Lang::Zh, Qualifier::MoreThan) => "超过",
        (Lang::Zh, Qualifier::About) => "约",
        (Lang::Zh, Qualifier::AtMost) => "不超过",
        (Lang::En, Qualifier::AtLeast) => "at least ",
        (Lang::En, Qualifier::MoreThan) => "more than ",
        (Lang::En, Qualifier::About) => "about ",
        (Lang::En, Qualifier::AtMost) => "at most ",
    }
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
            generic: false,
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
            generic: false,
        }
    }

    #[test]
    fn trim_prints_whole_numbers_as_the_decimal_form_would() {
        for x in [
            0.0,
            -0.0,
            7.0,
            -7.0,
            7000.0,
            1e14,
            -123456789.0,
            2.5e15,
            7.6,
            0.125,
            -0.0001,
        ] {
            for d in [0, 1, 2, 4, 6] {
                let s = format!("{x:.d$}");
                let s = if s.contains('.') {
                    s.trim_end_matches('0').trim_end_matches('.')
                } else {
                    &s
                };
                let expected = if s == "-0" { "0" } else { s };
                assert_eq!(trim(x, d), expected, "{x} with {d} decimals");
            }
        }
    }

    #[test]
    fn chinese_groups_by_wan_and_yi_english_by_thousands() {
        let zh = |v| number(Lang::Zh, v);
        assert_eq!(zh(9999.0), "9999");
        assert_eq!(zh(10000.0), "1万");
        assert_eq!(zh(12345.0), "1.23万");
        assert_eq!(zh(15593.0), "1.56万");
        assert_eq!(zh(307900.0), "30.79万");
        assert_eq!(zh(11_600_000.0), "1160万");
        assert_eq!(zh(120_000_000.0), "1.2亿");
        assert_eq!(zh(99_999_999.0), "1亿");
        assert_eq!(zh(0.245), "0.245");
        assert_eq!(zh(7.6), "7.6");
        assert_eq!(zh(-12345.0), "-1.23万");
        let en = |v| number(Lang::En, v);
        assert_eq!(en(9999.0), "9,999");
        assert_eq!(en(10000.0), "10,000");
        assert_eq!(en(12345.0), "12,345");
        assert_eq!(en(120_000_000.0), "120,000,000");
        assert_eq!(en(0.245), "0.245");
        assert_eq!(en(12.5), "12.5");
    }

    #[test]
    fn a_column_keeps_all_digits_when_one_cell_would_round() {
        assert_eq!(column_digits([120000.0, 80000.0, 200.0]), Digits::Grouped);
        assert_eq!(column_digits([120000.0, 15593.0]), Digits::All);
        assert_eq!(column_digits([0.245, 7.6, 9999.0]), Digits::Grouped);
        assert_eq!(number_with(Lang::Zh, 120000.0, Digits::All), "120000");
        assert_eq!(number_with(Lang::Zh, 15593.0, Digits::All), "15593");
        assert_eq!(number_with(Lang::En, 15593.0, Digits::All), "15,593");
        assert!(grouped_is_exact(120_000_000.0));
        assert!(!grouped_is_exact(12345.0));
    }

    #[test]
    fn per_10k_values_keep_three_significant_digits() {
        let km = unit("公里", "km", None);
        assert_eq!(per_10k(Lang::Zh, 7000.0 / 74_200_000.0 * 1e4, &km), "0.943公里");
        assert_eq!(per_10k(Lang::En, 1.0 / 74_200_000.0 * 1e4, &km), "0.000135 km");
        assert_eq!(per_10k(Lang::En, 12.345, &km), "12.3 km");
        assert_eq!(per_10k(Lang::En, 1234.5, &km), "1,235 km");
        assert_eq!(per_10k(Lang::Zh, 0.245, &km), "0.245公里");
        assert_eq!(round_per_10k(0.0), 0.0);
    }

    #[test]
    fn units_read_naturally() {
        let u = unit("套", "housing units", Some("housing unit"));
        assert_eq!(amount(Lang::Zh, 120000.0, &u), "12万套");
        assert_eq!(amount(Lang::En, 120000.0, &u), "120,000 housing units");
        assert_eq!(amount(Lang::En, 1.0, &u), "1 housing unit");
        let pct = unit("%", "%", None);
        assert_eq!(amount(Lang::En, 95.0, &pct), "95%");
        assert_eq!(amount(Lang::Zh, 95.0, &pct), "95%");
        let none = unit("", "installations", Some("installation"));
        assert_eq!(amount(Lang::Zh, 30_000_000.0, &none), "3000万");
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
        assert_eq!(quantity_with(Lang::Zh, &q, &u, Digits::All), "不少于120000套");
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
