//! Writes the corpus in gongkai's own content format (docs/content-model.md):
//! `site.yaml`, the vocabularies, `regions.yaml`, `agencies.yaml` and per
//! plan `plan.yaml`, `source.zh.txt`, optional intros and `progress/`.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use crate::corpus::{Plan, SECTIONS};
use crate::regions::{agency, Tree};
use crate::text::{plain, q, qt, shipped};
use crate::vocab::vocab;

/// Writes the site-wide files once the region tree is known.
pub fn write_site(content: &Path, tree: &Tree) -> io::Result<()> {
    fs::create_dir_all(content)?;
    for f in ["categories.yaml", "units.yaml"] {
        fs::copy(shipped().join(f), content.join(f))?;
    }
    fs::write(
        content.join("site.yaml"),
        "title: {zh: 民生工程公开（合成数据）, en: Livelihood Projects Open Data (synthetic)}\n\
         description:\n  zh: 用于测量构建速度的合成站点，数据均为虚构。\n  en: A synthetic site for measuring build speed; all data is made up.\n\
         base_url: https://example.gov.cn/minsheng/\nlanguages: [zh, en]\n",
    )?;
    fs::write(content.join("programs.yaml"), programs())?;
    let mut regions = String::new();
    let mut agencies = String::new();
    let mut generic = std::collections::BTreeMap::new();
    for (i, r) in tree.regions.iter().enumerate().filter(|(_, r)| !r.years.is_empty()) {
        let _ = write!(
            regions,
            "- id: {}\n  name: {}\n  level: {}\n",
            r.id,
            qt(&r.name),
            r.level.id()
        );
        if let Some(p) = r.parent {
            let _ = writeln!(regions, "  parent: {}", tree.regions[p].id);
        }
        let _ = write!(
            regions,
            "  population:\n    value: {}\n    year: 2022\n    source: {{zh: {}2022年国民经济和社会发展统计公报, en: {} Statistical Communiqué 2022}}\n",
            r.population, r.name.zh, r.name.en
        );
        if r.level.generic_bodies() {
            generic.insert(r.level.prefix(), i);
            continue;
        }
        for a in &vocab().agencies {
            let t = agency(tree, i, &a.0);
            let _ = write!(agencies, "- zh: {}\n  en: {}\n  region: {}\n", t.zh, q(&t.en), r.id);
        }
    }
    // Bodies of counties and districts, named once for all of them.
    for i in generic.into_values() {
        for a in &vocab().agencies {
            let t = agency(tree, i, &a.0);
            let _ = write!(agencies, "- zh: {}\n  en: {}\n", t.zh, q(&t.en));
        }
    }
    fs::write(content.join("regions.yaml"), regions)?;
    fs::write(content.join("agencies.yaml"), agencies)
}

fn programs() -> String {
    let mut s = String::new();
    for g in &vocab().programs {
        let _ = write!(
            s,
            "- id: {}\n  name: {{zh: {}, en: {}}}\n  category: {}\n  description: {{zh: {}, en: {}}}\n  metrics:\n",
            g.id,
            q(&g.zh),
            q(&g.en),
            g.category,
            q(&g.desc.0),
            q(&g.desc.1)
        );
        for m in &g.metrics {
            let _ = write!(
                s,
                "    - id: {}\n      name: {{zh: {}, en: {}}}\n      unit: {}\n",
                m.id,
                q(&m.zh),
                q(&m.en),
                m.unit
            );
        }
    }
    s
}

/// Writes one plan's folder.
pub fn write_plan(content: &Path, tree: &Tree, plan: &Plan) -> io::Result<()> {
    let dir = content.join("plans").join(plan.key(tree));
    fs::create_dir_all(&dir)?;
    fs::write(dir.join("source.zh.txt"), &plan.source)?;
    if let Some(intro) = &plan.intro {
        fs::write(dir.join("intro.zh.md"), &intro.zh)?;
        fs::write(dir.join("intro.en.md"), &intro.en)?;
    }
    fs::write(dir.join("plan.yaml"), plan_yaml(tree, plan))?;
    if !plan.reports.is_empty() {
        let pdir = dir.join("progress");
        fs::create_dir_all(&pdir)?;
        for r in &plan.reports {
            fs::write(pdir.join(format!("{}.zh.txt", r.id)), &r.text)?;
            fs::write(pdir.join(format!("{}.yaml", r.id)), report_yaml(tree, plan, r))?;
        }
    }
    Ok(())
}

fn plan_yaml(tree: &Tree, p: &Plan) -> String {
    let r = &tree.regions[p.region];
    let mut s = format!(
        "title: {}\ndocument_number: {}\nissuer: {}\nissued: {}\nsource:\n  name: {{zh: {}人民政府网站, en: {}}}\n  url: https://www.example.gov.cn/{}/{}/plan.html\n  file: source.zh.txt\nadoption: {}\ndeadlines: {{basic: {}-10, full: {}-12-31}}\n",
        qt(&p.title),
        q(&p.document_number),
        qt(&p.issuer),
        p.issued,
        r.name.zh,
        q(&format!("{} People's Government website", r.name.en)),
        r.id,
        p.year,
        p.adoption,
        p.year,
        p.year
    );
    if let Some(d) = p.derived_from {
        let _ = writeln!(s, "derived_from: {}/{}", tree.regions[d].id, p.year);
    }
    if p.sections {
        s.push_str("sections:\n");
        for (id, zh, en) in SECTIONS {
            let _ = writeln!(s, "  - {{id: {id}, title: {{zh: {zh}, en: {en}}}}}");
        }
    }
    let _ = writeln!(
        s,
        "stated_count: {{value: {}, quote: {}}}\nprojects:",
        p.projects.len(),
        q(&p.stated_quote)
    );
    for pr in &p.projects {
        let _ = write!(s, "  - id: {}\n    number: {}\n", pr.id, pr.number);
        if let Some(sec) = pr.section {
            let _ = writeln!(s, "    section: {sec}");
        }
        let _ = write!(s, "    name: {}\n    category: {}\n", qt(&pr.name), pr.category);
        if let Some(g) = pr.program {
            let _ = writeln!(s, "    programs: [{}]", vocab().programs[g].id);
        }
        let _ = write!(
            s,
            "    summary:\n      zh: {}\n      en: {}\n    targets:\n",
            q(&pr.summary.zh),
            q(&pr.summary.en)
        );
        for t in &pr.targets {
            s.push_str("      - ");
            if let Some((g, m)) = t.metric {
                let _ = write!(s, "metric: {}\n        ", vocab().programs[g].metrics[m].id);
            }
            if let (Some(v), Some(u)) = (t.value, t.unit) {
                let _ = write!(s, "value: {}\n        unit: {u}\n        ", plain(v));
            }
            if let Some(qu) = t.qualifier {
                let _ = write!(s, "qualifier: {qu}\n        ");
            }
            let _ = write!(s, "text: {}\n        quote: {}\n", qt(&t.text), q(&t.quote));
        }
        let units: Vec<String> = pr.units.iter().map(|u| q(&u.zh)).collect();
        let _ = writeln!(s, "    responsible_units: [{}]", units.join(", "));
        if !pr.milestones.is_empty() {
            s.push_str("    milestones:\n");
            for m in &pr.milestones {
                let _ = write!(s, "      - due: {}\n        text: {}\n", m.due, qt(&m.text));
                if let Some((t, v, quote)) = &m.value {
                    let t = &pr.targets[*t];
                    let metric = t
                        .metric
                        .map(|(g, m)| format!("metric: {}, ", vocab().programs[g].metrics[m].id))
                        .unwrap_or_default();
                    let _ = writeln!(
                        s,
                        "        values: [{{{metric}value: {}, unit: {}, quote: {}}}]",
                        plain(*v),
                        t.unit.unwrap_or_default(),
                        q(quote)
                    );
                }
            }
        }
        let _ = writeln!(s, "    source_text: {}", q(&pr.source_text));
    }
    s
}

fn report_yaml(tree: &Tree, p: &Plan, rep: &crate::corpus::Report) -> String {
    let r = &tree.regions[p.region];
    let mut s = format!(
        "title: {}\nissuer: {}\nkind: {}\npublished: {}\nas_of: {}\nperiod: {}\nsource:\n  name: {{zh: {}人民政府网站, en: {}}}\n  url: https://www.example.gov.cn/{}/{}/{}.html\n  file: {}.zh.txt\n",
        qt(&rep.title),
        qt(&p.issuer),
        rep.kind,
        rep.published,
        rep.as_of,
        qt(&rep.period),
        r.name.zh,
        q(&format!("{} People's Government website", r.name.en)),
        r.id,
        p.year,
        rep.id,
        rep.id
    );
    if !rep.totals.is_empty() {
        s.push_str("totals:\n");
        for (v, unit, quote, text) in &rep.totals {
            let _ = writeln!(
                s,
                "  - {{text: {}, value: {}, unit: {unit}, quote: {}}}",
                qt(text),
                plain(*v),
                q(quote)
            );
        }
    }
    s.push_str("projects:\n");
    for e in &rep.entries {
        let _ = write!(
            s,
            "  - project: {}\n    status: {}\n    status_word: {}\n    quote: {}\n",
            p.projects[e.project].id,
            e.status,
            e.status_word,
            q(&e.quote)
        );
        if !e.actuals.is_empty() {
            s.push_str("    actuals:\n");
            for a in &e.actuals {
                let _ = writeln!(
                    s,
                    "      - {{target: {}, value: {}, unit: {}, percent: {}, quote: {}}}",
                    a.target + 1,
                    plain(a.value),
                    a.unit,
                    plain(a.percent),
                    q(&a.quote)
                );
            }
        }
        if let Some((v, quote)) = &e.investment {
            let _ = writeln!(
                s,
                "    investment:\n      total: {{value: {}, unit: yuan, quote: {}}}",
                plain(*v),
                q(quote)
            );
        }
        if let Some(u) = &e.update {
            let _ = writeln!(s, "    update: {}", qt(u));
        }
    }
    s
}
