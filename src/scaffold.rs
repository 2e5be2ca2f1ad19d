//! `gongkai new plan`: a new plan folder with every field of `plan.yaml`
//! present and explained in comments, so an editor fills in blanks instead
//! of starting from nothing. Empty required texts are left as `""`: until
//! they are filled, `gongkai check` points at each one.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::{self, SourceSet};
use crate::schema::modeline;

const PLAN_TEMPLATE: &str = r#"{modeline}
# A plan: fill in every "" and delete what does not apply. Every field is
# described in docs/content-model.md; `gongkai check` points at what is left.

# The title as published, and its English translation.
title: {zh: "", en: ""}
# 文号, e.g. 冀政办字〔2023〕2号 (delete the line if there is none).
document_number: ""
# The issuing body.
issuer: {zh: "", en: ""}
# Dates as YYYY-MM-DD, or YYYY-MM when only the month is known.
issued: {year}-01
published: {year}-01
source:
  # Where the document was found (the government's own page if possible).
  name: {zh: "", en: ""}
  url: https://
  # The document's text, verbatim, beside this file.
  file: source.zh.txt
# government-notice, congress-vote, party-government-notice or other.
adoption: government-notice
# deadlines: {basic: {year}-10, full: {year}-12}
# derived_from: <region>/<year> of the plan this one implements.
# sections: [{id: province-set, title: {zh: "", en: ""}}]
# notes: [{zh: "", en: ""}]

# The projects, in the order printed.
projects:
  - id: first-project            # ASCII slug, part of the URL; never change it once published
    number: （一）               # as printed
    name: {zh: "", en: ""}
    category: ""                 # an id from content/categories.yaml
    programs: []                 # ids from content/programs.yaml
    summary: {zh: "", en: ""}
    targets:
      # One per figure: value in base units (12万 = 120000), the unit id
      # from content/units.yaml, and the exact source sentence as quote.
      - text: {zh: "", en: ""}
        value: 0
        unit: ""
        qualifier: exactly       # exactly, at-least, more-than, about, at-most
        quote: ""
    responsible_units: []        # 责任单位 in Chinese, as printed
    # lead_units: []             # 牵头单位
    # milestones: [{due: {year}-06, text: {zh: "", en: ""}, values: []}]
    source_text: ""              # the item's full wording from source.zh.txt
"#;

/// Creates `content/plans/<region>/<year>/` under `root` with a commented
/// `plan.yaml` and an empty `source.zh.txt`; returns the folder.
pub fn new_plan(root: &Path, region: &str, year: i32) -> Result<PathBuf> {
    if !(1949..=2100).contains(&year) {
        return Err(Error::Usage(format!("{year} is not a plausible plan year")));
    }
    known_region(root, region)?;
    let rel = format!("content/plans/{region}/{year}");
    let dir = root.join(&rel);
    if dir.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: edit its plan.yaml instead",
            dir.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    let plan = PLAN_TEMPLATE
        .replace("{modeline}", &modeline(&format!("{rel}/plan.yaml"), "plan.schema.json"))
        .replace("{year}", &year.to_string());
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| Error::io("writing", &p, e))
    };
    write("plan.yaml", &plan)?;
    write("source.zh.txt", "")?;
    Ok(dir)
}

/// The region must exist in `content/regions.yaml`; suggests a near id.
fn known_region(root: &Path, region: &str) -> Result<()> {
    let sources = SourceSet::read_dir(root)?;
    let regions = load::parse_file::<Vec<load::raw::RawRegion>>(&sources, "content/regions.yaml", true)
        .map_err(Error::Content)?
        .map(|p| p.value)
        .unwrap_or_default();
    let ids: Vec<&str> = regions.iter().map(|r| r.id.value.as_str()).collect();
    if ids.contains(&region) {
        return Ok(());
    }
    let hint = match load::shape::closest(region, &ids) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "add the region to content/regions.yaml first".into(),
    };
    Err(Error::Usage(format!(
        "unknown region `{region}` in content/regions.yaml: {hint}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_plan_parses_and_check_points_at_the_blanks() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("content/regions.yaml"),
            "- id: alpha\n  name: {zh: 甲省}\n  level: province\n",
        )
        .unwrap();
        assert!(new_plan(root, "alpah", 2024)
            .unwrap_err()
            .to_string()
            .contains("did you mean `alpha`?"));
        let dir = new_plan(root, "alpha", 2024).unwrap();
        let text = std::fs::read_to_string(dir.join("plan.yaml")).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=../../../../schemas/plan.schema.json"));
        let plan = load::parse_text::<load::raw::RawPlan>(Path::new("plan.yaml"), &text);
        assert!(plan.is_ok(), "{:?}", plan.err());
        assert!(new_plan(root, "alpha", 2024).is_err(), "never overwrites");
    }
}
