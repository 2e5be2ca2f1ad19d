//! Vocabulary checks that keep one name for one thing: units (a specific
//! measure instead of the generic "item" where one exists), government
//! bodies (one English name per body, printed variants pointing at it with
//! `same_as`), glossary terms (`content/glossary.yaml`: renderings to
//! avoid), not-additive markers, and source links (the official page and
//! the reprints kept beside it).

use std::collections::HashMap;
use std::path::Path;

use super::{check_unique, check_url, keyword, pos, resolve, text, Report, Vocab};
use crate::error::Diagnostic;
use crate::load::raw::*;
use crate::load::Parsed;
use crate::model::*;

/// A glossary term as the checks use it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub zh: String,
    pub en: String,
    /// Lower-cased renderings that must not be used for the term.
    pub avoid: Vec<String>,
}

/// Reads `glossary.yaml`, reporting a term listed twice with two English names.
pub(crate) fn glossary(r: &mut Report, p: &Parsed<Vec<RawTerm>>) -> Vec<Term> {
    let f = &p.file;
    let mut seen: HashMap<String, (String, u64)> = HashMap::new();
    let mut out = Vec::new();
    for (i, t) in p.value.iter().enumerate() {
        let zh = t.zh.value.trim().to_string();
        let en = t.en.value.trim().to_string();
        if let Some(note) = &t.note {
            text(r, f, &format!("[{i}].note"), note);
        }
        match seen.get(&zh) {
            Some((other, line)) if *other != en => r.warn(
                Diagnostic::new(
                    f,
                    pos(&t.en),
                    format!("[{i}].en"),
                    format!("term `{zh}` has two English names: `{other}` (line {line}) and `{en}`"),
                )
                .hint("keep one rendering per term; list the other under `avoid`"),
            ),
            _ => {
                seen.insert(zh.clone(), (en.clone(), pos(&t.en).line));
            }
        }
        out.push(Term {
            zh,
            en,
            avoid: t.avoid.iter().map(|a| a.value.trim().to_lowercase()).collect(),
        });
    }
    out
}

/// Warns when `en` renders a glossary term of `zh` in a way the glossary
/// says to avoid. `at` locates the English text.
pub(crate) fn check_terms(r: &mut Report, file: &Path, key: &str, zh: &str, en: &str, at: crate::error::Pos) {
    let lower = en.to_lowercase();
    let mut found = Vec::new();
    for t in r.terms.iter().filter(|t| zh.contains(t.zh.as_str())) {
        if let Some(a) = t.avoid.iter().find(|a| lower.contains(a.as_str())) {
            found.push((t.zh.clone(), t.en.clone(), a.clone()));
        }
    }
    for (zh, en, avoided) in found {
        r.warn(
            Diagnostic::new(
                file,
                at,
                key,
                format!("term `{zh}` has two English names: `{avoided}` here, `{en}` in the glossary"),
            )
            .hint("use the glossary's rendering (content/glossary.yaml), so that one term reads the same everywhere"),
        );
    }
}

/// Reads `units.yaml`.
pub(crate) fn units(r: &mut Report, p: &Parsed<Vec<RawUnit>>) -> Vec<Unit> {
    let f = &p.file;
    check_unique(
        r,
        f,
        p.value.iter().enumerate().map(|(i, u)| (format!("[{i}].id"), &u.id)),
        "unit",
    );
    p.value
        .iter()
        .map(|u| Unit {
            id: u.id.value.clone(),
            zh: u.zh.value.clone(),
            en: u.en.value.clone(),
            en_one: u.en_one.clone(),
            generic: u.generic.unwrap_or(false),
        })
        .collect()
}

/// For a figure in the generic unit `u`, a specific unit with the same
/// Chinese measure word whose English name is a word of `label` (what is
/// counted, in English): `item` + "Old residential communities renovated"
/// → `community`. `None` when `u` is specific or nothing fits.
pub(crate) fn specific_unit(units: &[Unit], u: UnitIdx, label: &str) -> Option<UnitIdx> {
    let generic = units.get(u).filter(|x| x.generic)?;
    let words: Vec<String> = label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    let has = |name: &str| {
        let name: Vec<String> = name.to_lowercase().split_whitespace().map(String::from).collect();
        !name.is_empty() && words.windows(name.len()).any(|w| w == name.as_slice())
    };
    units
        .iter()
        .enumerate()
        .filter(|(_, x)| !x.generic && x.zh == generic.zh)
        .filter(|(_, x)| has(&x.en) || x.en_one.as_deref().is_some_and(has))
        .max_by_key(|(_, x)| x.en.len())
        .map(|(i, _)| i)
}

/// Warns about a generic unit where a specific one exists for `label`.
pub(crate) fn check_generic(
    r: &mut Report,
    file: &Path,
    key: &str,
    at: crate::error::Pos,
    units: &[Unit],
    u: UnitIdx,
    label: &str,
) {
    if let Some(s) = specific_unit(units, u, label) {
        r.warn(
            Diagnostic::new(
                file,
                at,
                key,
                format!(
                    "generic unit `{}` where the specific unit `{}` exists",
                    units[u].id, units[s].id
                ),
            )
            .hint(format!(
                "write `unit: {}` so that the figure reads \"{} …\" rather than \"{} …\"",
                units[s].id, units[s].en, units[u].en
            )),
        );
    }
}

/// Reads a `not_additive` marker.
pub(crate) fn not_additive(r: &mut Report, f: &Path, key: &str, raw: &RawNotAdditive) -> Option<NotAdditive> {
    let kind = keyword(r, f, &format!("{key}.kind"), &raw.kind, &NotAdditiveKind::ALL)?;
    let reason = raw.reason.as_ref().map(|t| text(r, f, &format!("{key}.reason"), t));
    if kind == NotAdditiveKind::Other && reason.is_none() {
        r.error(
            Diagnostic::new(
                f,
                pos(&raw.kind),
                format!("{key}.reason"),
                "kind `other` needs a reason",
            )
            .hint("add `reason: {zh: …, en: …}` saying why the figures must not be added up"),
        );
    }
    Some(NotAdditive { kind, reason })
}

/// The official URL and the reprints of a source. For a plan (`official_host`),
/// `url` must be a government site (`.gov.cn`); a copy elsewhere belongs
/// under `reprints`.
pub(crate) fn source_links(
    r: &mut Report,
    f: &Path,
    url: Option<&S<String>>,
    reprints: &[RawReprint],
    official_host: bool,
) -> (Option<String>, Vec<Reprint>) {
    let url = url.map(|u| {
        let v = check_url(r, f, "source.url", u);
        if official_host && !is_government_url(&v) {
            r.warn(
                Diagnostic::new(f, pos(u), "source.url", format!("`{v}` is not a government website"))
                    .hint("`url` is the government's own page (…gov.cn); move a copy found elsewhere to `reprints`"),
            );
        }
        v
    });
    let reprints = reprints
        .iter()
        .enumerate()
        .map(|(i, x)| Reprint {
            name: text(r, f, &format!("source.reprints[{i}].name"), &x.name),
            url: check_url(r, f, &format!("source.reprints[{i}].url"), &x.url),
        })
        .collect();
    (url, reprints)
}

/// Whether `url`'s host is a Chinese government site (`*.gov.cn`).
pub fn is_government_url(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("").to_lowercase();
    host == "gov.cn" || host.ends_with(".gov.cn")
}

/// English names of government bodies, keyed by (region, Chinese name);
/// region `None` applies everywhere.
pub(crate) type Agencies = HashMap<(Option<RegionIdx>, String), String>;

/// Reads `agencies.yaml`: each body's English name, printed variants
/// resolved through `same_as`. Reports a body with two English names in one
/// region chain.
pub(crate) fn agencies(r: &mut Report, p: &Parsed<Vec<RawAgency>>, v: &Vocab, regions: &[Region]) -> Agencies {
    let f = &p.file;
    let mut out = Agencies::new();
    let mut line_of: HashMap<(Option<RegionIdx>, String), u64> = HashMap::new();
    let mut aliases = Vec::new();
    for (i, a) in p.value.iter().enumerate() {
        let region = a
            .region
            .as_ref()
            .and_then(|s| resolve(r, f, &format!("[{i}].region"), s, &v.regions, "region"));
        let k = (region, a.zh.value.trim().to_string());
        match (&a.en, &a.same_as) {
            (Some(en), None) => {
                line_of.insert(k.clone(), pos(en).line);
                if out.insert(k, en.value.trim().to_string()).is_some() {
                    r.error(
                        Diagnostic::new(
                            f,
                            pos(&a.zh),
                            format!("[{i}].zh"),
                            format!("`{}` is listed twice for the same region", a.zh.value),
                        )
                        .hint("keep one English name per body: remove the duplicate"),
                    );
                }
            }
            (None, Some(s)) => aliases.push((i, k, s)),
            _ => r.error(
                Diagnostic::new(f, pos(&a.zh), format!("[{i}]"), "give either `en` or `same_as`")
                    .hint("`same_as` names another printed form of the same body, whose English name is used"),
            ),
        }
    }
    for (i, k, s) in aliases {
        match lookup(&out, regions, k.0, s.value.trim()) {
            Some(en) => {
                out.insert(k, en);
            }
            None => r.error(
                Diagnostic::new(
                    f,
                    pos(s),
                    format!("[{i}].same_as"),
                    format!(
                        "`{}` has no entry with an English name in this region or above",
                        s.value
                    ),
                )
                .hint("`same_as` must name the `zh` of another entry of the same region (or a region above it)"),
            ),
        }
    }
    two_names(r, f, &out, &line_of, regions);
    out
}

/// The English name of `zh` for `region`, searching its ancestors, then
/// entries without a region.
pub(crate) fn lookup(map: &Agencies, regions: &[Region], region: Option<RegionIdx>, zh: &str) -> Option<String> {
    let mut at = region;
    for _ in 0..64 {
        if let Some(en) = map.get(&(at, zh.to_string())) {
            return Some(en.clone());
        }
        match at {
            Some(i) => at = regions.get(i).and_then(|x| x.parent),
            None => return None,
        }
        if at.is_none() {
            return map.get(&(None, zh.to_string())).cloned();
        }
    }
    None
}

/// Warns when a body (one Chinese name) gets a different English name in a
/// region above: the same body would read two ways.
fn two_names(
    r: &mut Report,
    f: &Path,
    map: &Agencies,
    line_of: &HashMap<(Option<RegionIdx>, String), u64>,
    regions: &[Region],
) {
    let mut keys: Vec<&(Option<RegionIdx>, String)> = line_of.keys().collect();
    keys.sort_by_key(|k| line_of[*k]);
    for k in keys {
        let Some(region) = k.0 else { continue };
        let above = regions.get(region).and_then(|x| x.parent);
        let Some(other) = lookup(map, regions, above, &k.1).or_else(|| map.get(&(None, k.1.clone())).cloned()) else {
            continue;
        };
        if other != map[k] {
            let at = crate::error::Pos::new(line_of[k], 1);
            r.warn(
                Diagnostic::new(
                    f,
                    at,
                    "",
                    format!("`{}` has two English names: `{}` here and `{other}` above", k.1, map[k]),
                )
                .hint("one body, one English name: remove the entry or use the same name"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, zh: &str, en: &str, one: Option<&str>, generic: bool) -> Unit {
        Unit {
            id: id.into(),
            zh: zh.into(),
            en: en.into(),
            en_one: one.map(Into::into),
            generic,
        }
    }

    #[test]
    fn a_specific_unit_is_found_by_its_english_name() {
        let units = vec![
            unit("item", "个", "items", Some("item"), true),
            unit("community", "个", "communities", Some("community"), false),
            unit("park", "个", "parks", Some("park"), false),
            unit("toilet", "座", "toilets", Some("toilet"), false),
        ];
        assert_eq!(
            specific_unit(&units, 0, "Old residential communities renovated"),
            Some(1)
        );
        assert_eq!(specific_unit(&units, 0, "One pocket park in each county"), Some(2));
        // Same measure word only: 座 toilets are no candidate for 个.
        assert_eq!(specific_unit(&units, 0, "Household toilets renovated"), None);
        // A specific unit is never questioned.
        assert_eq!(specific_unit(&units, 1, "parks"), None);
        // Whole words only.
        assert_eq!(specific_unit(&units, 0, "Parkside communitys"), None);
    }

    #[test]
    fn government_hosts() {
        assert!(is_government_url("http://www.xiongan.gov.cn/2023-04/14/c_1.htm"));
        assert!(is_government_url("https://gov.cn/x"));
        assert!(!is_government_url("http://jbnbyw.com/?id=64647&m=detail"));
        assert!(!is_government_url("https://gov.cn.example.com/"));
    }
}
