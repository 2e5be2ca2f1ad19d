//! UI strings of the theme (`i18n/zh.yaml`, `i18n/en.yaml`): flat maps from
//! key to text. Both languages must define the same keys.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::Lang;

#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub zh: BTreeMap<String, String>,
    pub en: BTreeMap<String, String>,
}

impl Strings {
    /// Parses the two files, checking they define the same keys.
    pub fn parse(zh: &str, en: &str) -> Result<Strings> {
        let parse = |name: &str, src: &str| {
            serde_saphyr::from_str::<BTreeMap<String, String>>(src).map_err(|e| Error::Template {
                name: format!("i18n/{name}.yaml"),
                message: e.without_snippet().to_string(),
            })
        };
        let s = Strings {
            zh: parse("zh", zh)?,
            en: parse("en", en)?,
        };
        let missing: Vec<String> =
            s.zh.keys()
                .filter(|k| !s.en.contains_key(*k))
                .map(|k| format!("en.yaml lacks `{k}`"))
                .chain(
                    s.en.keys()
                        .filter(|k| !s.zh.contains_key(*k))
                        .map(|k| format!("zh.yaml lacks `{k}`")),
                )
                .collect();
        if !missing.is_empty() {
            return Err(Error::Template {
                name: "i18n".into(),
                message: missing.join("; "),
            });
        }
        Ok(s)
    }

    pub fn map(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The string for `key`; the key itself when undefined, so a missing
    /// string is visible rather than silently empty.
    pub fn get<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.map(lang).get(key).map(String::as_str).unwrap_or(key)
    }
}
