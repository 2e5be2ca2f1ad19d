//! Bilingual text and partial dates: the two value types every record uses.

use std::fmt;

/// The site's two languages. Chinese is the default, served at `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// Short code used in file names and UI-string files (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// BCP 47 tag for `lang` and `hreflang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Human text stored once for both languages. `en` is `None` while the
/// translation is pending.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub zh: String,
    pub en: Option<String>,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: Some(en.into()),
        }
    }

    pub fn zh_only(zh: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: None,
        }
    }

    /// The text in `lang`, and whether it fell back to Chinese.
    pub fn get(&self, lang: Lang) -> (&str, bool) {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => (en, false),
            (Lang::En, None) => (&self.zh, true),
            (Lang::Zh, _) => (&self.zh, false),
        }
    }

    pub fn is_translated(&self) -> bool {
        self.en.is_some()
    }
}

/// Whether `v` reads exactly in the grouped Chinese form: below 1万 always;
/// from 1万 in 万 (from 1亿 in 亿) with at most two decimals. The core of the
/// site's number rule (see `render::format`), shared with `check`, which
/// asks editors to write Chinese figures the same way.
pub fn grouped_is_exact(v: f64) -> bool {
    let a = v.abs();
    let scaled = if a >= 1e8 || ((a / 1e4) * 100.0).round() / 100.0 >= 1e4 {
        a / 1e8
    } else if a >= 1e4 {
        a / 1e4
    } else {
        return true;
    };
    let x = scaled * 100.0;
    (x - x.round()).abs() < 1e-6
}

/// Figures of 1万 or more written with all their digits in Chinese text
/// although the grouped form is exact (`10000块` for `1万块`).
pub fn ungrouped_figures(zh: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in zh.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !run.is_empty()) {
            run.push(c);
            continue;
        }
        let digits = run.trim_end_matches('.');
        let int_len = digits.split('.').next().map(str::len).unwrap_or(0);
        // 万/亿 right after the number means it is already grouped.
        if int_len >= 5 && !matches!(c, '万' | '亿') {
            if let Ok(v) = digits.parse::<f64>() {
                if grouped_is_exact(v) {
                    out.push(digits.to_string());
                }
            }
        }
        run.clear();
    }
    out
}

/// A date as precise as the source: a month (`2023-10`) or a day (`2023-10-31`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY-MM` or `YYYY-MM-DD`, checking month and day ranges.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.trim().split('-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next();
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        if !(1..=12).contains(&month) {
            return None;
        }
        let day = match d {
            None => None,
            Some(d) if d.len() == 2 => {
                let day: u8 = d.parse().ok()?;
                (day >= 1 && day <= days_in_month(year, month)).then_some(day)?;
                Some(day)
            }
            Some(_) => return None,
        };
        Some(PartialDate { year, month, day })
    }

    /// The last day the date covers, as `(year, month, day)`: a month ends
    /// on its last day.
    pub fn end(self) -> (i32, u8, u8) {
        (
            self.year,
            self.month,
            self.day.unwrap_or_else(|| days_in_month(self.year, self.month)),
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    /// ISO form, as used in `<time datetime>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_chinese() {
        let t = Text::zh_only("棚户区改造");
        assert_eq!(t.get(Lang::En), ("棚户区改造", true));
        assert_eq!(Text::new("甲", "A").get(Lang::En), ("A", false));
    }

    #[test]
    fn figures_that_should_read_in_wan() {
        assert_eq!(ungrouped_figures("更换水表10000块，改造户厕22580座"), vec!["10000"]);
        assert!(ungrouped_figures("建成15593套，共30.79万座，装机量达到3000万").is_empty());
        assert!(ungrouped_figures("12315平台").is_empty());
        assert!(grouped_is_exact(307_900.0) && !grouped_is_exact(15_593.0));
    }

    #[test]
    fn partial_dates() {
        assert_eq!(PartialDate::parse("2023-10").unwrap().to_string(), "2023-10");
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
        assert!(PartialDate::parse("2023-02-29").is_none());
        assert!(PartialDate::parse("2023-13").is_none());
        assert!(PartialDate::parse("23-1-1").is_none());
    }
}
