//! The theme: templates, static files and UI strings. The default theme in
//! `themes/default/` is compiled into the binary; a site overrides it one
//! file at a time (`templates/plan.html`, `static/style.css`,
//! `i18n/en.yaml` keys), so nobody copies the whole theme to change a block.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::load::SourceSet;
use crate::render::strings::Strings;

macro_rules! embed {
    ($kind:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../themes/default/", $kind, "/", $name)))),*]
    };
}

/// Templates of the default theme, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embed!("templates":
    "base.html", "components.html", "home.html", "regions.html", "region.html", "plans.html",
    "plan.html", "project.html", "source.html", "report.html", "categories.html", "category.html",
    "programs.html", "program.html", "about.html", "404.html", "matrix.html",
    "data.html", "meta.html", "search.html", "related.html",
);

/// Static files of the default theme, by path below `static/`.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embed!("static": "style.css", "care.css", "sort.js", "search.js");

const DEFAULT_ZH: &str = include_str!("../themes/default/i18n/zh.yaml");
const DEFAULT_EN: &str = include_str!("../themes/default/i18n/en.yaml");

/// A theme ready to render with: the default merged with a site's overrides.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    /// Written below `assets/` in the output.
    pub statics: BTreeMap<String, Vec<u8>>,
    pub strings: Strings,
}

impl Theme {
    /// The default theme with the site's `templates/`, `static/` and `i18n/`
    /// files laid over it.
    pub fn resolve(sources: &SourceSet) -> Result<Theme> {
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, b)| (n.to_string(), String::from_utf8_lossy(b).into_owned()))
            .collect();
        for (path, bytes) in sources.under("templates/") {
            let name = path.trim_start_matches("templates/").to_string();
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| Error::Template {
                name: path.to_string(),
                message: "not valid UTF-8".into(),
            })?;
            templates.insert(name, text);
        }
        let mut statics: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        for (path, bytes) in sources.under("static/") {
            statics.insert(path.trim_start_matches("static/").to_string(), bytes.to_vec());
        }
        let mut strings = Strings::parse(DEFAULT_ZH, DEFAULT_EN)?;
        for (code, map) in [("zh", &mut strings.zh), ("en", &mut strings.en)] {
            let rel = format!("i18n/{code}.yaml");
            if let Some(bytes) = sources.get(&rel) {
                let text = String::from_utf8_lossy(bytes);
                let over: BTreeMap<String, String> = serde_saphyr::from_str(&text).map_err(|e| Error::Template {
                    name: rel.clone(),
                    message: e.without_snippet().to_string(),
                })?;
                map.extend(over);
            }
        }
        Ok(Theme {
            templates,
            statics,
            strings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded, "add new template files to DEFAULT_TEMPLATES");
    }

    #[test]
    fn a_site_overrides_one_template() {
        let mut s = SourceSet::default();
        s.insert("templates/404.html", "custom");
        let t = Theme::resolve(&s).unwrap();
        assert_eq!(t.templates["404.html"], "custom");
        assert!(t.templates["base.html"].contains("<html"));
    }
}
