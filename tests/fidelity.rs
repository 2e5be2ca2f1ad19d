//! Fidelity of the shipped content: every plan has the number of projects
//! its document lists, every figure appears in the sentence it quotes, every
//! quote is in the stored source text, everything has English, and Chinese
//! is stored in Simplified characters. These fail if anyone edits a number
//! without its quote.

mod common;

use gongkai::load::{parse, SourceSet};
use gongkai::model::Model;
use gongkai::validate::{quote_mentions_value, squash, validate};

fn shipped() -> (Model, Vec<gongkai::error::Diagnostic>) {
    let sources = SourceSet::read_dir(&common::shipped_root()).unwrap();
    let v = validate(&parse(&sources)).unwrap_or_else(|e| panic!("shipped content does not validate:\n{e}"));
    (v.model, v.warnings)
}

#[test]
fn shipped_content_validates_without_warnings() {
    let (_, warnings) = shipped();
    let list: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(list.is_empty(), "warnings:\n{}", list.join("\n"));
}

#[test]
fn each_plan_has_the_projects_its_document_lists() {
    let (m, _) = shipped();
    let counts: Vec<(String, usize)> = m.plans.iter().map(|p| (m.plan_key(p), p.projects.len())).collect();
    let expected = [
        ("fengrun/2024", 10),
        ("hebei/2023", 20),
        ("tangshan/2024", 25),
        ("xiongan/2023", 20),
        ("zengcheng/2023", 10),
    ];
    let expected: Vec<(String, usize)> = expected.iter().map(|(k, n)| (k.to_string(), *n)).collect();
    assert_eq!(counts, expected);
}

#[test]
fn every_figure_is_in_its_quote_and_every_quote_in_the_source() {
    let (m, _) = shipped();
    let mut figures = 0;
    for plan in &m.plans {
        let source = squash(&plan.source.text);
        for p in &plan.projects {
            assert!(
                source.contains(&squash(&p.source_text)),
                "{}/{}: source_text not in source",
                m.plan_key(plan),
                p.id
            );
            for t in &p.targets {
                assert!(
                    source.contains(&squash(&t.quote)),
                    "{}/{}: quote {:?} not in source",
                    m.plan_key(plan),
                    p.id,
                    t.quote
                );
                if let Some(q) = t.quantity {
                    figures += 1;
                    assert!(
                        quote_mentions_value(q.value, &t.quote),
                        "{}/{}: {} not in {:?}",
                        m.plan_key(plan),
                        p.id,
                        q.value,
                        t.quote
                    );
                }
            }
        }
    }
    assert!(figures > 150, "only {figures} structured figures");
}

#[test]
fn editing_a_number_without_its_quote_is_caught() {
    common::assert_value_not_in_quote_warns(
        &common::shipped_root(),
        "content/plans/hebei/2023/plan.yaml",
        "value: 7000\n",
        "value: 7500\n",
        "7500",
    );
}

#[test]
fn everything_is_translated() {
    let (m, _) = shipped();
    for plan in &m.plans {
        for p in &plan.projects {
            assert!(p.name.en.is_some(), "{}/{} has no English name", m.plan_key(plan), p.id);
        }
    }
    for c in gongkai::coverage(&m) {
        assert_eq!(c.translated, c.total, "{} coverage {:.1}%", c.plan, c.percent());
    }
}

/// Characters that exist only in Traditional Chinese.
const TRADITIONAL: &str = "區縣務實農發開設們這個會學當與為辦產業動強進點體長門問間報場車際種據萬億醫療養護環衛戶廳號歲讓職壓廠線費機關劃隊滿層";

#[test]
fn chinese_is_stored_in_simplified_characters() {
    let (m, _) = shipped();
    for plan in &m.plans {
        let mut texts: Vec<&str> = vec![&plan.source.text];
        // Editorial notes may quote the damaged original on purpose.
        let mut notes: Vec<&str> = plan.notes.iter().map(|n| n.zh.as_str()).collect();
        notes.extend(plan.reports.iter().flat_map(|r| r.notes.iter().map(|n| n.zh.as_str())));
        for r in &plan.reports {
            texts.push(&r.source.text);
        }
        texts.extend(
            m.plan_texts(plan)
                .into_iter()
                .map(|t| t.zh.as_str())
                .filter(|t| !notes.contains(t)),
        );
        for p in &plan.projects {
            texts.push(&p.source_text);
            texts.extend(p.targets.iter().map(|t| t.quote.as_str()));
        }
        for t in texts {
            if let Some(c) = t.chars().find(|c| TRADITIONAL.contains(*c)) {
                panic!(
                    "{}: Traditional character {c} in {:?}",
                    m.plan_key(plan),
                    t.chars().take(40).collect::<String>()
                );
            }
        }
    }
}

#[test]
fn plan_metadata_matches_the_documents() {
    let (m, _) = shipped();
    let plan = |key: &str| m.plans.iter().find(|p| m.plan_key(p) == key).unwrap();
    assert_eq!(
        plan("hebei/2023").document_number.as_deref(),
        Some("冀政办字〔2023〕2号")
    );
    let ts = plan("tangshan/2024");
    assert_eq!(ts.document_number.as_deref(), Some("唐政办字〔2024〕10号"));
    assert_eq!(ts.issued.map(|d| d.to_string()).as_deref(), Some("2024-02-02"));
    assert_eq!(ts.sections.len(), 2);
    let per_section: Vec<usize> = (0..2)
        .map(|s| ts.projects.iter().filter(|p| p.section == Some(s)).count())
        .collect();
    assert_eq!(per_section, [19, 6]);
    let xa = plan("xiongan/2023");
    assert_eq!(
        xa.derived_from.map(|d| m.plan_key(&m.plans[d])).as_deref(),
        Some("hebei/2023")
    );
    assert!(
        xa.projects.iter().all(|p| !p.programs.is_empty()),
        "every Xiong'an project maps to a Hebei program"
    );
    assert!(
        ts.projects
            .iter()
            .filter(|p| p.section == Some(0))
            .all(|p| !p.programs.is_empty()),
        "the 19 province-set projects map to programs"
    );
    // 一老一幼 covers elderly care and childcare: several programs, not one forced choice.
    let yilao = plan("fengrun/2024")
        .projects
        .iter()
        .find(|p| p.name.zh.contains("一老一幼"))
        .expect("一老一幼 item");
    let cats: Vec<&str> = yilao
        .programs
        .iter()
        .map(|&g| m.categories[m.programs[g].category].id.as_str())
        .collect();
    assert!(
        yilao.programs.len() >= 2 && cats.contains(&"elderly-care") && cats.contains(&"childcare"),
        "{cats:?}"
    );
    let zc = plan("zengcheng/2023");
    assert!(zc
        .projects
        .iter()
        .all(|p| !p.leaders.is_empty() && !p.lead_units.is_empty() && !p.milestones.is_empty()));
    assert!(
        zc.projects.last().unwrap().caveat.is_some(),
        "item 10 is marked partly unclear"
    );
}

/// Every quote of a progress report: totals, entries, figures, status words.
fn report_quotes(r: &gongkai::model::ProgressReport) -> Vec<(&str, Option<f64>)> {
    let mut out: Vec<(&str, Option<f64>)> = r
        .totals
        .iter()
        .map(|t| (t.quote.as_str(), Some(t.quantity.value)))
        .collect();
    for e in &r.entries {
        out.extend(e.quote.iter().map(|q| (q.as_str(), None)));
        out.extend(e.status.iter().map(|(_, w)| (w.as_str(), None)));
        let inv = [&e.investment.total, &e.investment.planned, &e.investment.spent];
        for f in e
            .actuals
            .iter()
            .chain(e.revised_target.iter())
            .chain(inv.into_iter().flatten())
        {
            out.push((f.quote.as_str(), Some(f.quantity.value)));
            if let Some(p) = f.percent {
                out.push((f.quote.as_str(), Some(p)));
            }
        }
        out.extend(e.works_percent.iter().map(|w| (w.quote.as_str(), Some(w.value))));
        out.extend(e.forecast.iter().map(|f| (f.quote.as_str(), None)));
    }
    out
}

#[test]
fn every_progress_figure_is_in_its_quote_and_every_quote_in_its_report() {
    let (m, _) = shipped();
    let mut plans_with_progress = 0;
    let mut figures = 0;
    for plan in &m.plans {
        if !plan.reports.is_empty() {
            plans_with_progress += 1;
        }
        for r in &plan.reports {
            let text = squash(&r.source.text);
            assert!(!text.is_empty(), "{}/{}: empty report text", m.plan_key(plan), r.id);
            for (quote, value) in report_quotes(r) {
                assert!(
                    text.contains(&squash(quote)),
                    "{}/{}: quote {quote:?} not in the report's text",
                    m.plan_key(plan),
                    r.id
                );
                if let Some(v) = value {
                    assert!(
                        quote_mentions_value(v, quote),
                        "{}/{}: {v} not in {quote:?}",
                        m.plan_key(plan),
                        r.id
                    );
                    figures += 1;
                }
            }
        }
    }
    assert!(
        plans_with_progress >= 2,
        "at least two shipped plans show real progress"
    );
    assert!(figures >= 8, "only {figures} progress figures");
}

#[test]
fn milestone_figures_keep_their_quotes_and_qualifiers() {
    let (m, _) = shipped();
    let mut qualified = 0;
    for plan in &m.plans {
        let source = squash(&plan.source.text);
        for p in &plan.projects {
            for ms in &p.milestones {
                for v in &ms.values {
                    let q = v
                        .quote
                        .as_deref()
                        .unwrap_or_else(|| panic!("{}/{}: milestone value without a quote", m.plan_key(plan), p.id));
                    assert!(source.contains(&squash(q)), "{q:?} not in the source");
                    assert!(
                        quote_mentions_value(v.quantity.value, q),
                        "{} not in {q:?}",
                        v.quantity.value
                    );
                    let exact = v.quantity.qualifier == gongkai::model::Qualifier::Exactly;
                    let says_at_least = ["以上", "不少于", "不低于", "至少"].iter().any(|w| q.contains(w));
                    assert!(
                        !(exact && says_at_least),
                        "{}/{}: {q:?} qualifies {} but the value has no qualifier",
                        m.plan_key(plan),
                        p.id,
                        v.quantity.value
                    );
                    qualified += usize::from(!exact);
                }
            }
        }
    }
    assert!(
        qualified >= 24,
        "Zengcheng's schedule qualifies 24 of its 45 figures; {qualified} kept"
    );
}

#[test]
fn editor_schemas_are_current_and_named_by_every_content_file() {
    let root = common::shipped_root();
    for (name, json) in gongkai::schema::schemas() {
        let on_disk = std::fs::read_to_string(root.join("schemas").join(name)).unwrap_or_default();
        assert!(
            on_disk == json,
            "schemas/{name} is out of date: run `cargo run -- schema`"
        );
    }
    let mut files = 0;
    for e in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap())
    {
        if e.path().extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let first = std::fs::read_to_string(e.path())
            .unwrap()
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} has no schema comment", e.path().display()));
        assert!(
            e.path().parent().unwrap().join(target).is_file(),
            "{}: {target} not found",
            e.path().display()
        );
        files += 1;
    }
    assert!(files >= 15);
}
