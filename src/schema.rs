//! JSON Schemas of the content files, for editors: `gongkai schema` writes
//! one per file type, and the content files name theirs in a first-line
//! comment (`# yaml-language-server: $schema=…`), so VS Code and other
//! editors complete keys and flag mistakes as people type. The schemas are
//! generated from the same raw types the loader parses, and the loader
//! checks every file's shape against them ([`crate::load::shape`]), so
//! what the editor says and what `gongkai check` says cannot drift apart.

use std::path::Path;

use crate::error::{Error, Result};
use crate::load::raw::*;
use crate::load::raw_progress::RawProgress;
use crate::load::schema_of;

/// Every content file type: the schema's file name and the files it covers.
pub const SCHEMAS: [(&str, &str); 9] = [
    ("site.schema.json", "content/site.yaml"),
    ("regions.schema.json", "content/regions.yaml"),
    ("categories.schema.json", "content/categories.yaml"),
    ("programs.schema.json", "content/programs.yaml"),
    ("units.schema.json", "content/units.yaml"),
    ("agencies.schema.json", "content/agencies.yaml"),
    ("glossary.schema.json", "content/glossary.yaml"),
    ("plan.schema.json", "content/plans/<region>/<year>/plan.yaml"),
    (
        "progress.schema.json",
        "content/plans/<region>/<year>/progress/<name>.yaml",
    ),
];

/// The schemas as `(file name, pretty JSON)`.
pub fn schemas() -> Vec<(&'static str, String)> {
    let all = [
        schema_of::<RawSite>(),
        schema_of::<Vec<RawRegion>>(),
        schema_of::<Vec<RawCategory>>(),
        schema_of::<Vec<RawProgram>>(),
        schema_of::<Vec<RawUnit>>(),
        schema_of::<Vec<RawAgency>>(),
        schema_of::<Vec<RawTerm>>(),
        schema_of::<RawPlan>(),
        schema_of::<RawProgress>(),
    ];
    SCHEMAS
        .iter()
        .zip(all)
        .map(|((name, covers), schema)| {
            let mut v = (*schema).clone();
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "description".into(),
                    format!("gongkai content file: {covers} (see docs/content-model.md)").into(),
                );
            }
            (*name, serde_json::to_string_pretty(&v).unwrap_or_default() + "\n")
        })
        .collect()
}

/// Writes every schema into `dir`; returns how many.
pub fn write_schemas(dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    let list = schemas();
    for (name, json) in &list {
        let path = dir.join(name);
        std::fs::write(&path, json).map_err(|e| Error::io("writing", &path, e))?;
    }
    Ok(list.len())
}

/// The comment that makes editors validate `rel` (a path below the site
/// root) against the schema in `<root>/schemas/`.
pub fn modeline(rel: &str, schema: &str) -> String {
    let depth = rel.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}schemas/{schema}",
        "../".repeat(depth)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_close_every_mapping_and_know_the_keys() {
        let list = schemas();
        assert_eq!(list.len(), 9);
        let plan: serde_json::Value = serde_json::from_str(&list[7].1).unwrap();
        assert_eq!(plan["additionalProperties"], false);
        assert!(plan["properties"]["projects"].is_object());
        assert_eq!(
            modeline("content/plans/a/2023/plan.yaml", "plan.schema.json"),
            "# yaml-language-server: $schema=../../../../schemas/plan.schema.json"
        );
    }
}
