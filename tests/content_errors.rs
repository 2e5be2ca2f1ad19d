//! One invalid fixture per error message: each case patches the minimal
//! fixture site, runs `check`, and asserts the file, the line and the
//! message of the error (and that every error of a run is reported).

mod common;

use std::fs;

use common::*;
use gongkai::validate::Checks;

/// A broken site: `file` gets `from` replaced by `to`; the error must point
/// at `file` on the line where `at` appears in the patched file (line 0 when
/// `at` is empty: the error concerns the whole file), saying `message`.
struct Case {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    at: &'static str,
    message: &'static str,
}

const PLAN: &str = "content/plans/alpha/2023/plan.yaml";
const REPORT: &str = "content/plans/alpha/2023/progress/2023-12-31.yaml";

const CASES: &[Case] = &[
    Case {
        file: "content/regions.yaml",
        from: "level: province",
        to: "levle: province",
        at: "levle",
        message: "unknown field `levle`",
    },
    Case {
        file: "content/categories.yaml",
        from: "- id: transport\n  name: {zh: 交通出行, en: Transport}",
        to: "- id: transport",
        at: "- id: transport",
        message: "missing field `name`",
    },
    Case {
        file: PLAN,
        from: "value: 7000",
        to: "value: 7千",
        at: "7千",
        message: "invalid",
    },
    Case {
        file: "content/site.yaml",
        from: "title: {zh: 民生工程公开（示例）, en: Livelihood Projects (example)}",
        to: "title: {zh: [民生",
        at: "description:",
        message: "",
    },
    Case {
        file: PLAN,
        from: "en: \"At least 120,000 units started\"}",
        to: "en: At least 120,000 units started}",
        at: "At least 120,000",
        message: "unknown field `000 units started`",
    },
    Case {
        file: "content/regions.yaml",
        from: "parent: alpha",
        to: "parent: alpah",
        at: "alpah",
        message: "unknown region `alpah`",
    },
    Case {
        file: "content/regions.yaml",
        from: "id: beta",
        to: "id: alpha",
        at: "id: alpha\n  name: {zh: 乙市",
        message: "duplicate region id `alpha`",
    },
    Case {
        file: "content/regions.yaml",
        from: "id: beta",
        to: "id: Beta_City",
        at: "Beta_City",
        message: "`Beta_City` is not a valid id",
    },
    Case {
        file: "content/regions.yaml",
        from: "level: prefecture-city",
        to: "level: city",
        at: "level: city",
        message: "unknown value `city`",
    },
    Case {
        file: "content/regions.yaml",
        from: "value: 1000000",
        to: "value: -5",
        at: "value: -5",
        message: "population must be a positive number",
    },
    Case {
        file: "content/regions.yaml",
        from: "year: 2022",
        to: "year: 22",
        at: "year: 22",
        message: "implausible year",
    },
    Case {
        file: "content/categories.yaml",
        from: "{zh: 住房保障, en: Housing}",
        to: "{zh: '', en: Housing}",
        at: "zh: ''",
        message: "Chinese text is empty",
    },
    Case {
        file: "content/site.yaml",
        from: "base_url: https://example.gov.cn/",
        to: "base_url: example.gov.cn",
        at: "base_url",
        message: "is not an absolute URL",
    },
    Case {
        file: "content/site.yaml",
        from: "languages: [zh, en]",
        to: "languages: [en, zh]",
        at: "languages",
        message: "unsupported languages",
    },
    Case {
        file: "content/programs.yaml",
        from: "category: transport",
        to: "category: transprt",
        at: "transprt",
        message: "unknown category `transprt`",
    },
    Case {
        file: "content/programs.yaml",
        from: "unit: km",
        to: "unit: kilometre",
        at: "kilometre",
        message: "unknown unit `kilometre`",
    },
    Case {
        file: "content/programs.yaml",
        from: "      unit: km\n",
        to: "      unit: km\n    - id: built\n      name: {zh: 重复, en: Duplicate}\n      unit: km\n",
        at: "- id: built\n      name: {zh: 重复",
        message: "duplicate metric id `built`",
    },
    Case {
        file: "content/units.yaml",
        from: "- id: km",
        to: "- id: housing-unit",
        at: "- id: housing-unit\n  zh: 公里",
        message: "duplicate unit id `housing-unit`",
    },
    Case {
        file: "content/agencies.yaml",
        from: "zh: 省住房城乡建设厅",
        to: "zh: 省交通运输厅",
        at: "zh: 省交通运输厅\n  en: Alpha Provincial Department of Housing",
        message: "is listed twice for the same region",
    },
    Case {
        file: "content/agencies.yaml",
        from: "region: alpha",
        to: "region: gamma",
        at: "gamma",
        message: "unknown region `gamma`",
    },
    Case {
        file: PLAN,
        from: "category: housing",
        to: "category: housng",
        at: "housng",
        message: "unknown category `housng`",
    },
    Case {
        file: PLAN,
        from: "programs: [shantytowns]",
        to: "programs: [shantytown]",
        at: "[shantytown]",
        message: "unknown program `shantytown`",
    },
    Case {
        file: PLAN,
        from: "unit: km",
        to: "unit: kms",
        at: "kms",
        message: "unknown unit `kms`",
    },
    Case {
        file: PLAN,
        from: "metric: built",
        to: "metric: build",
        at: "metric: build",
        message: "unknown metric `build`",
    },
    Case {
        file: PLAN,
        from: "unit: km",
        to: "unit: housing-unit",
        at: "unit: housing-unit\n        text: {zh: 建设改造",
        message: "does not match metric `built`, measured in `km`",
    },
    Case {
        file: PLAN,
        from: "        unit: km\n",
        to: "",
        at: "value: 7000",
        message: "a value needs a unit",
    },
    Case {
        file: PLAN,
        from: "        value: 7000\n",
        to: "",
        at: "unit: km",
        message: "a unit without a value",
    },
    Case {
        file: PLAN,
        from: "qualifier: at-least",
        to: "qualifier: minimum",
        at: "minimum",
        message: "unknown value `minimum`",
    },
    Case {
        file: PLAN,
        from: "issued: 2023-01-15",
        to: "issued: 2023-02-30",
        at: "issued",
        message: "`2023-02-30` is not a date",
    },
    Case {
        file: PLAN,
        from: "due: 2023-06",
        to: "due: June",
        at: "due: June",
        message: "`June` is not a date",
    },
    Case {
        file: PLAN,
        from: "deadlines: {basic: 2023-10, full: 2023-12-31}",
        to: "deadlines: {basic: 2023-10, full: 2023-12-31}\nstated_count: {value: 3, quote: 建设改造农村公路7000公里}",
        at: "stated_count",
        message: "the document states 3 projects but 2 are listed",
    },
    Case {
        file: PLAN,
        from: "value: 120000",
        to: "value: -120000",
        at: "-120000",
        message: "a target cannot be negative",
    },
    Case {
        file: PLAN,
        from: "      - due: 2023-06",
        to: "      - due: 2024-06",
        at: "2024-06",
        message: "due 2024-06, after the plan's final deadline 2023-12-31",
    },
    Case {
        file: PLAN,
        from: "      - due: 2023-06",
        to: "      - due: 2022-06",
        at: "2022-06",
        message: "due 2022-06, before the plan year 2023",
    },
    Case {
        file: REPORT,
        from: "status: complete",
        to: "status: done",
        at: "status: done",
        message: "unknown value `done`",
    },
    Case {
        file: REPORT,
        from: "  - project: rural-roads",
        to: "  - project: rural-road",
        at: "rural-road\n",
        message: "unknown project `rural-road`",
    },
    Case {
        file: REPORT,
        from: "  - project: rural-roads",
        to: "  - project: shantytowns",
        at: "  - project: shantytowns\n    status: behind",
        message: "project `shantytowns` appears twice in this report",
    },
    Case {
        file: REPORT,
        from: "quote: 已开工13万套，完成年度任务的108.3%\n",
        to: "quote: 已开工14万套，完成年度任务的108.3%\n",
        at: "已开工14万套，完成年度任务的108.3%\n",
        message: "the quote is not in the report's text",
    },
    Case {
        file: REPORT,
        from: "    status_word: 进度滞后\n",
        to: "",
        at: "status: behind",
        message: "a status needs the word the report printed",
    },
    Case {
        file: REPORT,
        from: "    status: behind\n",
        to: "",
        at: "status_word: 进度滞后",
        message: "a status word without a status",
    },
    Case {
        file: REPORT,
        from: "      - target: 1\n        value: 5100\n        unit: km",
        to: "      - target: 3\n        value: 5100\n        unit: km",
        at: "target: 3",
        message: "there is no target 3",
    },
    Case {
        file: REPORT,
        from: "      - target: 1\n        value: 5100\n        unit: km",
        to: "      - target: 1\n        value: 5100\n        unit: housing-unit",
        at: "unit: housing-unit\n        percent: 85",
        message: "unit `housing-unit` differs from the target's `km`",
    },
    Case {
        file: REPORT,
        from: "      - metric: started",
        to: "      - metric: built",
        at: "metric: built",
        message: "no target of project `shantytowns` measures metric `built`",
    },
    Case {
        file: REPORT,
        from: "as_of: 2023-12-31",
        to: "as_of: 2022-12-31",
        at: "as_of: 2022",
        message: "is before the plan year 2023",
    },
    Case {
        file: REPORT,
        from: "kind: completion",
        to: "kind: final",
        at: "kind: final",
        message: "unknown value `final`",
    },
    Case {
        file: REPORT,
        from: "file: 2023-12-31.zh.txt",
        to: "file: report.txt",
        at: "report.txt",
        message: "`report.txt` does not exist in the progress/ folder",
    },
    Case {
        file: REPORT,
        from: "url: https://www.example.org/progress-2023",
        to: "url: javascript:alert(1)",
        at: "javascript",
        message: "is not an http(s) URL",
    },
    Case {
        file: REPORT,
        from: "as_of: 2023-12-31",
        to: "as_of: 2023-12-31\nstatus: complete",
        at: "status: complete\n",
        message: "unknown field `status`",
    },
    Case {
        file: PLAN,
        from: "adoption: government-notice",
        to: "adoption: decree",
        at: "decree",
        message: "unknown value `decree`",
    },
    Case {
        file: PLAN,
        from: "quote: 开工不低于12万套",
        to: "quote: 开工不低于13万套",
        at: "quote: 开工不低于13万套",
        message: "the quote is not in the plan's source text",
    },
    Case {
        file: PLAN,
        from: "source_text: （一）棚户区改造工程。",
        to: "source_text: （一）棚户区改建工程。",
        at: "改建",
        message: "the project's source_text is not in the plan's source text",
    },
    Case {
        file: PLAN,
        from: "file: source.zh.txt",
        to: "file: original.txt",
        at: "original.txt",
        message: "`original.txt` does not exist beside plan.yaml",
    },
    Case {
        file: PLAN,
        from: "adoption: government-notice",
        to: "adoption: government-notice\nderived_from: alpha/2022",
        at: "alpha/2022",
        message: "unknown plan `alpha/2022`",
    },
    Case {
        file: PLAN,
        from: "adoption: government-notice",
        to: "adoption: government-notice\nderived_from: alpha/2023",
        at: "derived_from",
        message: "a plan cannot derive from itself",
    },
    Case {
        file: PLAN,
        from: "adoption: government-notice",
        to: "adoption: government-notice\nsections:\n  - id: main\n    title: {zh: 主要任务, en: Main tasks}",
        at: "- id: shantytowns",
        message: "this plan has sections but the project names none",
    },
    Case {
        file: PLAN,
        from: "  - id: rural-roads",
        to: "  - id: shantytowns",
        at: "  - id: shantytowns\n    number: （二）",
        message: "duplicate project id `shantytowns`",
    },
    Case {
        file: PLAN,
        from: "url: https://www.example.gov.cn/plan-2023",
        to: "url: www.example.gov.cn/plan-2023",
        at: "url: www",
        message: "is not an http(s) URL",
    },
];

fn line_of(text: &str, needle: &str) -> u64 {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in patched file"));
    text[..i].matches('\n').count() as u64 + 1
}

#[test]
fn each_error_names_file_line_and_message() {
    for case in CASES {
        let site = copy_site(&fixture("minimal"));
        patch(site.path(), case.file, case.from, case.to);
        let patched = fs::read_to_string(site.path().join(case.file)).unwrap();
        let err = gongkai::check(site.path()).expect_err(case.to);
        let diags = err.diagnostics();
        let line = line_of(&patched, case.at);
        let found = diags
            .iter()
            .find(|d| d.file.to_string_lossy() == case.file && d.message.contains(case.message) && d.pos.line == line);
        assert!(
            found.is_some(),
            "case {:?}: expected {}:{line}: {:?}, got:\n{err}",
            case.to,
            case.file,
            case.message
        );
        let d = found.unwrap();
        assert!(!d.hint.is_empty(), "case {:?}: no hint", case.to);
        assert!(d.pos.column > 0, "case {:?}: no column", case.to);
    }
}

#[test]
fn errors_in_several_files_are_reported_in_one_run() {
    let site = copy_site(&fixture("minimal"));
    let root = site.path();
    patch(root, "content/regions.yaml", "parent: alpha", "parent: nowhere");
    patch(root, "content/programs.yaml", "unit: km", "unit: miles");
    patch(root, PLAN, "category: housing", "category: housng");
    patch(root, PLAN, "metric: built", "metric: build");
    let err = gongkai::check(root).unwrap_err();
    assert_eq!(err.diagnostics().len(), 4, "{err}");
    let text = err.to_string();
    assert!(text.ends_with("4 content errors found"), "{text}");
    assert!(text.contains("content/regions.yaml:"), "{text}");
}

#[test]
fn missing_required_file_is_named() {
    let site = copy_site(&fixture("minimal"));
    fs::remove_file(site.path().join("content/categories.yaml")).unwrap();
    let err = gongkai::check(site.path()).unwrap_err();
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.file.to_string_lossy() == "content/categories.yaml" && d.message == "required file is missing"),
        "{err}"
    );
}

#[test]
fn plan_folders_name_a_region_and_a_year() {
    let site = copy_site(&fixture("minimal"));
    let plans = site.path().join("content/plans");
    fs::rename(plans.join("alpha"), plans.join("gamma")).unwrap();
    let err = gongkai::check(site.path()).unwrap_err();
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.file.to_string_lossy() == "content/plans/gamma/2023/plan.yaml"
                && d.message == "unknown region `gamma`"),
        "{err}"
    );
    fs::rename(plans.join("gamma"), plans.join("alpha")).unwrap();
    fs::rename(plans.join("alpha/2023"), plans.join("alpha/23")).unwrap();
    let err = gongkai::check(site.path()).unwrap_err();
    assert!(
        err.diagnostics().iter().any(|d| d.message == "`23` is not a year"),
        "{err}"
    );
    fs::create_dir_all(plans.join("alpha/extra/2023")).unwrap();
    fs::copy(
        plans.join("alpha/23/plan.yaml"),
        plans.join("alpha/extra/2023/plan.yaml"),
    )
    .unwrap();
    let err = gongkai::check(site.path()).unwrap_err();
    assert!(
        err.diagnostics().iter().any(|d| d
            .message
            .contains("is not in a `content/plans/<region>/<year>/` folder")),
        "{err}"
    );
}

#[test]
fn region_parents_cannot_loop() {
    let site = copy_site(&fixture("minimal"));
    patch(
        site.path(),
        "content/regions.yaml",
        "  level: province\n",
        "  level: province\n  parent: beta\n",
    );
    let err = gongkai::check(site.path()).unwrap_err();
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.message == "regions form a cycle of parents" && d.pos.line == 4),
        "{err}"
    );
}

#[test]
fn check_warns_when_a_value_is_not_in_its_quote() {
    assert_value_not_in_quote_warns(&fixture("minimal"), PLAN, "value: 7000", "value: 7500", "7500");
}

#[test]
fn check_warns_about_progress_figures_it_cannot_prove() {
    assert_value_not_in_quote_warns(&fixture("minimal"), REPORT, "value: 130000", "value: 131000", "131000");
    // A printed percentage that matches neither the plan's nor the revised target.
    let site = copy_site(&fixture("minimal"));
    patch(site.path(), REPORT, "percent: 108.3", "percent: 150");
    let report = gongkai::check(site.path()).unwrap();
    let w = report
        .warnings
        .iter()
        .find(|w| w.key == "projects[0].actuals[0].percent" && w.message.contains("prints 150%"))
        .unwrap_or_else(|| panic!("{:?}", report.warnings));
    assert!(w.message.contains("108.3%"), "{}", w.message);
    // 85% of the revised 6,000 km is consistent: no warning for it.
    let clean = gongkai::check(&fixture("minimal")).unwrap();
    assert!(clean.warnings.is_empty(), "{:?}", clean.warnings);
}

/// The build and `check` validate plan by plan, dropping each raw parse
/// (`validate_sources`); a whole parse can be validated at once
/// (`validate_all`); the preview keeps each plan's check between edits
/// (`validate_kept`), here once from nothing and once with `kept`, the
/// checks of the site before the edit, told which file changed. All must
/// find the same errors, warnings and model.
fn assert_same_outcome(root: &std::path::Path, what: &str, kept: Option<(&mut Checks, &str)>) {
    let sources = gongkai::load::SourceSet::read_dir(root).unwrap();
    let streamed = gongkai::validate::validate_sources(&sources);
    let whole = gongkai::validate::validate_all(&gongkai::load::parse(&sources));
    let fresh = gongkai::validate::validate_kept(&sources, &mut Checks::default()).into_outcome();
    let mut outcomes = vec![("whole", whole), ("fresh", fresh)];
    if let Some((checks, changed)) = kept {
        checks.forget(changed);
        let kept = gongkai::validate::validate_kept(&sources, checks);
        // Merged when asked for (`fresh` merges them as it is taken apart).
        assert_eq!(
            streamed.warnings,
            kept.warnings.all(),
            "{what}: warnings merged on demand"
        );
        outcomes.push(("kept", kept.into_outcome()));
    }
    for (how, other) in outcomes {
        assert_eq!(streamed.errors, other.errors, "{what}: errors ({how})");
        assert_eq!(streamed.warnings, other.warnings, "{what}: warnings ({how})");
        assert_eq!(
            format!("{:?}", streamed.model),
            format!("{:?}", other.model),
            "{what}: model ({how})"
        );
    }
}

/// The checks of the minimal fixture, as a preview keeps them.
fn minimal_checks() -> Checks {
    let sources = gongkai::load::SourceSet::read_dir(&fixture("minimal")).unwrap();
    let mut checks = Checks::default();
    gongkai::validate::validate_kept(&sources, &mut checks);
    checks
}

#[test]
fn validating_plan_by_plan_finds_what_a_whole_parse_finds() {
    assert_same_outcome(&shipped_root(), "shipped content", None);
    for case in CASES {
        let site = copy_site(&fixture("minimal"));
        patch(site.path(), case.file, case.from, case.to);
        assert_same_outcome(site.path(), case.to, Some((&mut minimal_checks(), case.file)));
    }
    // A plan that fails to parse: its folder is marked as failed.
    let site = copy_site(&fixture("minimal"));
    patch(site.path(), PLAN, "category: housing", "category: [housing");
    assert_same_outcome(site.path(), "unparsable plan", Some((&mut minimal_checks(), PLAN)));
}

#[test]
fn the_preview_checks_again_only_the_plan_an_edit_touched() {
    let site = copy_site(&shipped_root());
    let read = || gongkai::load::SourceSet::read_dir(site.path()).unwrap();
    let mut checks = Checks::default();
    let first = gongkai::validate::validate_kept(&read(), &mut checks).model.unwrap();
    assert_eq!(checks.len(), first.plans.len());
    let edited = "content/plans/hebei/2023/plan.yaml";
    patch(site.path(), edited, "Shantytown renovation}", "Shantytown renewal}");
    checks.forget(edited);
    assert_eq!(checks.len(), first.plans.len() - 1, "only the edited plan is forgotten");
    let second = gongkai::validate::validate_kept(&read(), &mut checks).model.unwrap();
    assert_eq!(second.plans.len(), first.plans.len());
    for (a, b) in first.plans.iter().zip(&second.plans) {
        let is_edited = first.regions[a.region].id == "hebei" && a.year == 2023;
        assert_eq!(
            std::sync::Arc::ptr_eq(a, b),
            !is_edited,
            "{} {}: a kept plan is shared, not copied",
            first.regions[a.region].id,
            a.year
        );
    }
    // A shared file's change is noticed without being told: every plan is
    // checked against it.
    fs::write(
        site.path().join("content/units.yaml"),
        fs::read_to_string(site.path().join("content/units.yaml")).unwrap() + "\n# edited\n",
    )
    .unwrap();
    let third = gongkai::validate::validate_kept(&read(), &mut checks).model.unwrap();
    assert!(first
        .plans
        .iter()
        .zip(&third.plans)
        .all(|(a, b)| !std::sync::Arc::ptr_eq(a, b)));
}
