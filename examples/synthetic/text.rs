//! Small text helpers shared by the generator and both writers: bilingual
//! text, numbers as plans print them (`12万`, `120,000`, `（十二）`), the
//! shipped unit and category vocabularies, and YAML/JSON string quoting.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// Text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct T {
    pub zh: String,
    pub en: String,
}

impl T {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        T {
            zh: zh.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, en: bool) -> &str {
        if en {
            &self.en
        } else {
            &self.zh
        }
    }
}

/// A quoted scalar, safe in YAML flow and block context and in JSON.
pub fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// `{zh: "…", en: "…"}`.
pub fn qt(t: &T) -> String {
    format!("{{zh: {}, en: {}}}", q(&t.zh), q(&t.en))
}

/// `x` without trailing zeros: `7000`, `92.5`.
pub fn plain(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A figure as Chinese plans print large numbers: `12万`, `30.79万`.
pub fn number_zh(x: f64) -> String {
    if x >= 1e4 && ((x / 100.0).round() * 100.0 - x).abs() < 1e-9 {
        format!("{}万", plain(x / 1e4))
    } else {
        plain(x)
    }
}

/// `120,000`.
pub fn number_en(x: f64) -> String {
    let s = plain(x);
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `一` … `九十九`: project numbers as printed, `（十二）`.
pub fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

#[derive(serde::Deserialize)]
struct RawUnit {
    id: String,
    zh: String,
    en: String,
    en_one: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawName {
    zh: String,
    en: String,
}

#[derive(serde::Deserialize)]
struct RawCategory {
    id: String,
    name: RawName,
}

/// The shipped vocabularies: unit names and category names.
pub struct Units {
    units: HashMap<String, RawUnit>,
    categories: HashMap<String, T>,
}

impl Units {
    /// `(zh, en)` names of a unit for a value (English singular for 1).
    pub fn names(&self, unit: &str, value: f64) -> (&str, &str) {
        let u = self
            .units
            .get(unit)
            .unwrap_or_else(|| panic!("unit `{unit}` is in content/units.yaml"));
        let en = if value == 1.0 {
            u.en_one.as_deref().unwrap_or(&u.en)
        } else {
            &u.en
        };
        (&u.zh, en)
    }
    pub fn category(&self, id: &str) -> &T {
        self.categories
            .get(id)
            .unwrap_or_else(|| panic!("category `{id}` is in content/categories.yaml"))
    }
}

/// The shipped content folder, whose vocabulary files the corpus reuses.
pub fn shipped() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
}

pub fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(|| {
        let read = |f: &str| std::fs::read_to_string(shipped().join(f)).expect("shipped vocabulary");
        let units: Vec<RawUnit> = serde_saphyr::from_str(&read("units.yaml")).expect("units.yaml parses");
        let cats: Vec<RawCategory> = serde_saphyr::from_str(&read("categories.yaml")).expect("categories.yaml parses");
        Units {
            units: units.into_iter().map(|u| (u.id.clone(), u)).collect(),
            categories: cats.into_iter().map(|c| (c.id, T::new(c.name.zh, c.name.en))).collect(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number_zh(120000.0), "12万");
        assert_eq!(number_zh(307900.0), "30.79万");
        assert_eq!(number_zh(7000.0), "7000");
        assert_eq!(number_en(1234567.0), "1,234,567");
        assert_eq!(plain(92.5), "92.5");
        assert_eq!(cn_numeral(23), "二十三");
    }
}
