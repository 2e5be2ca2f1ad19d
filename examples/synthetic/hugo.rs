//! Writes the corpus as an equivalent Hugo site: the project, plan and
//! region pages (and the plans, regions and home pages) in both languages,
//! Chinese at `/` and English under `/en/`, with the same tables and links
//! as gongkai's. Content files with JSON front matter (the fastest front
//! matter Hugo parses), one content folder per language; plans are nested
//! sections (`plans/<region>/<year>/_index.md`) whose projects are their
//! pages; related projects come from a `programs` taxonomy whose own pages
//! are not rendered. Formatted figures and dates are data in the front
//! matter, as gongkai's views are computed before its templates run.
//! The theme (`examples/synthetic/hugo/`) is minimal and uses no slow idioms.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::corpus::{Plan, Project, Report, SECTIONS};
use crate::regions::{Level, Tree};
use crate::text::{number_en, number_zh, plain, units, T};
use crate::vocab::vocab;

const LANGS: [(&str, bool); 2] = [("zh", false), ("en", true)];

static THEME: &[(&str, &str)] = &[
    ("hugo.toml", include_str!("hugo/hugo.toml")),
    ("layouts/baseof.html", include_str!("hugo/baseof.html")),
    ("layouts/home.html", include_str!("hugo/home.html")),
    ("layouts/project.html", include_str!("hugo/project.html")),
    ("layouts/plan.html", include_str!("hugo/plan.html")),
    ("layouts/plans.html", include_str!("hugo/plans.html")),
    ("layouts/region.html", include_str!("hugo/region.html")),
    ("layouts/regions.html", include_str!("hugo/regions.html")),
    (
        "layouts/_partials/project_table.html",
        include_str!("hugo/project_table.html"),
    ),
    ("layouts/_partials/plan_row.html", include_str!("hugo/plan_row.html")),
];

pub struct Writer {
    dir: PathBuf,
}

/// Writes `front` as JSON front matter followed by a Markdown body.
fn page(path: &Path, front: &Value, body: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut s = serde_json::to_string_pretty(front).map_err(io::Error::other)?;
    s.push_str("\n\n");
    s.push_str(body);
    s.push('\n');
    fs::write(path, s)
}

fn url(en: bool, path: &str) -> String {
    format!("/minsheng/{}{path}", if en { "en/" } else { "" })
}

fn level_name(l: Level) -> T {
    match l {
        Level::Province => T::new("省", "Province"),
        Level::AutonomousRegion => T::new("自治区", "Autonomous region"),
        Level::City => T::new("地级市", "Prefecture-level city"),
        Level::County => T::new("县", "County"),
        Level::District => T::new("市辖区", "District"),
        Level::CountyCity => T::new("县级市", "County-level city"),
    }
}

fn status_label(s: &str) -> (T, &'static str) {
    match s {
        "complete" => (T::new("已完成", "Complete"), "done"),
        "basically-complete" => (T::new("基本完成", "Basically complete"), "done"),
        "ahead" => (T::new("超序时", "Ahead of schedule"), "good"),
        "on-schedule" => (T::new("按序时", "On schedule"), "ok"),
        _ => (T::new("滞后", "Behind schedule"), "late"),
    }
}

/// A date as each language writes it: `2023年6月30日`, `30 June 2023`.
fn date(d: &str, en: bool) -> String {
    const M: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parts: Vec<u32> = d.split('-').filter_map(|p| p.parse().ok()).collect();
    match (parts.as_slice(), en) {
        ([y, m, day], false) => format!("{y}年{m}月{day}日"),
        ([y, m, day], true) => format!("{day} {} {y}", M[*m as usize - 1]),
        ([y, m], false) => format!("{y}年{m}月"),
        ([y, m], true) => format!("{} {y}", M[*m as usize - 1]),
        _ => d.to_string(),
    }
}

/// `≥12万套`, `≥120,000 housing units`.
fn amount(value: f64, unit: &str, qualifier: Option<&str>, en: bool) -> String {
    let sym = match qualifier {
        Some("at-least") => "≥",
        Some("more-than") => ">",
        Some("about") => "≈",
        _ => "",
    };
    let (uz, ue) = units().names(unit, value);
    match (en, unit) {
        (false, _) => format!("{sym}{}{uz}", number_zh(value)),
        (true, "percent") => format!("{sym}{}%", number_en(value)),
        (true, _) => format!("{sym}{} {ue}", number_en(value)),
    }
}

impl Writer {
    pub fn new(dir: &Path) -> io::Result<Self> {
        for (file, text) in THEME {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().expect("theme files are in folders"))?;
            fs::write(path, text)?;
        }
        // gongkai's own stylesheet and UI strings, so both sites say and look the same.
        let theme = crate::text::shipped().join("../themes/default");
        fs::create_dir_all(dir.join("static"))?;
        fs::copy(theme.join("static/style.css"), dir.join("static/style.css"))?;
        fs::create_dir_all(dir.join("i18n"))?;
        for lang in ["zh", "en"] {
            fs::copy(
                theme.join(format!("i18n/{lang}.yaml")),
                dir.join(format!("i18n/{lang}.yaml")),
            )?;
        }
        Ok(Writer { dir: dir.to_path_buf() })
    }

    fn content(&self, lang: &str) -> PathBuf {
        self.dir.join("content").join(lang)
    }

    pub fn write_plan(&mut self, tree: &Tree, plan: &Plan) -> io::Result<()> {
        let key = plan.key(tree);
        for (lang, en) in LANGS {
            let dir = self.content(lang).join("plans").join(&key);
            let body = plan.intro.as_ref().map(|t| t.get(en)).unwrap_or_default();
            page(&dir.join("_index.md"), &plan_front(tree, plan, en), body)?;
            for (i, p) in plan.projects.iter().enumerate() {
                page(
                    &dir.join(format!("{}.md", p.id)),
                    &project_front(tree, plan, i, p, en),
                    p.summary.get(en),
                )?;
            }
        }
        Ok(())
    }

    /// Writes the region pages, the list pages and the section indexes.
    pub fn finish(&mut self, tree: &Tree) -> io::Result<()> {
        for (lang, en) in LANGS {
            let root = self.content(lang);
            let title = T::new("民生工程公开（合成数据）", "Livelihood Projects Open Data (synthetic)");
            page(&root.join("_index.md"), &json!({"title": title.get(en)}), "")?;
            page(
                &root.join("plans/_index.md"),
                &json!({"title": T::new("方案", "Plans").get(en), "layout": "plans"}),
                "",
            )?;
            page(
                &root.join("regions/_index.md"),
                &json!({"title": T::new("地区", "Regions").get(en), "layout": "regions"}),
                "",
            )?;
            for (i, r) in tree.regions.iter().enumerate().filter(|(_, r)| !r.years.is_empty()) {
                let weight = i + 1;
                // The region's folder of plans: a section, never rendered (gongkai has no such page).
                page(
                    &root.join(format!("plans/{}/_index.md", r.id)),
                    &json!({"title": r.name.get(en), "weight": weight, "build": {"render": "never"}}),
                    "",
                )?;
                page(
                    &root.join(format!("regions/{}.md", r.id)),
                    &region_front(tree, i, en),
                    "",
                )?;
            }
        }
        Ok(())
    }
}

fn region_front(tree: &Tree, i: usize, en: bool) -> Value {
    let r = &tree.regions[i];
    let parent = r.parent.map(
        |p| json!({"name": tree.regions[p].name.get(en), "url": url(en, &format!("regions/{}/", tree.regions[p].id))}),
    );
    let children: Vec<Value> = r
        .children
        .iter()
        .filter(|&&c| !tree.regions[c].years.is_empty())
        .map(|&c| json!({"name": tree.regions[c].name.get(en), "url": url(en, &format!("regions/{}/", tree.regions[c].id))}))
        .collect();
    let population = if en {
        number_en(r.population as f64)
    } else {
        number_zh(r.population as f64)
    };
    let source = T::new(
        format!("{}2022年国民经济和社会发展统计公报", r.name.zh),
        format!("{} Statistical Communiqué 2022", r.name.en),
    );
    json!({
        "title": r.name.get(en),
        "layout": "region",
        "weight": i + 1,
        "level": level_name(r.level).get(en),
        "parent": parent,
        "population": {"value": population, "year": 2022, "source": source.get(en)},
        "plans": r.years.iter().map(|y| format!("/plans/{}/{y}", r.id)).collect::<Vec<_>>(),
        "children": children,
    })
}

fn plan_front(tree: &Tree, p: &Plan, en: bool) -> Value {
    let r = &tree.regions[p.region];
    let adoption = match p.adoption {
        "congress-vote" => T::new("人大票决", "Voted by the people's congress"),
        _ => T::new("政府印发", "Government notice"),
    };
    let derived = p.derived_from.map(|d| {
        let dr = &tree.regions[d];
        json!({"name": format!("{} {}", dr.name.get(en), p.year), "url": url(en, &format!("plans/{}/{}/", dr.id, p.year))})
    });
    let latest = p.reports.last();
    let mut counts: Vec<(String, &str, usize)> = Vec::new();
    for e in latest.map(|r| r.entries.as_slice()).unwrap_or_default() {
        let (label, tone) = status_label(e.status);
        match counts.iter_mut().find(|c| c.0 == label.get(en)) {
            Some(c) => c.2 += 1,
            None => counts.push((label.get(en).to_string(), tone, 1)),
        }
    }
    let reports: Vec<Value> = p
        .reports
        .iter()
        .map(|rep| {
            json!({
                "title": rep.title.get(en),
                "url": url(en, &format!("plans/{}/progress/{}/", p.key(tree), rep.id)),
                "kind": if rep.kind == "completion" { T::new("完成情况", "Completion report") } else { T::new("定期进展", "Periodic progress") }.get(en),
                "as_of": date(&rep.as_of, en),
                "datetime": rep.as_of,
                "projects": rep.entries.len(),
            })
        })
        .collect();
    let totals: Vec<Value> = latest
        .map(|rep| {
            rep.totals
                .iter()
                .map(|(v, u, q, t)| json!({"label": t.get(en), "figure": amount(*v, u, None, en), "quote": q}))
                .collect()
        })
        .unwrap_or_default();
    let sentence = match latest {
        Some(rep) => T::new(
            format!(
                "截至{}，{}份进展报告涉及{}个项目。",
                date(&rep.as_of, false),
                p.reports.len(),
                rep.entries.len()
            ),
            format!(
                "As of {}, {} progress reports cover {} projects.",
                date(&rep.as_of, true),
                p.reports.len(),
                rep.entries.len()
            ),
        ),
        None => T::new("尚无进展报告。", "No progress report yet."),
    };
    json!({
        "title": p.title.get(en),
        "layout": "plan",
        "weight": p.year,
        "region": {"name": r.name.get(en), "url": url(en, &format!("regions/{}/", r.id))},
        "year": p.year,
        "document_number": p.document_number,
        "issuer": p.issuer.get(en),
        "issued": date(&p.issued, en),
        "adoption": adoption.get(en),
        "deadline_basic": date(&format!("{}-10", p.year), en),
        "deadline_full": date(&format!("{}-12-31", p.year), en),
        "derived_from": derived,
        "source": {"url": url(en, &format!("plans/{}/source/", p.key(tree))), "name": T::new(format!("{}人民政府网站", r.name.zh), format!("{} People's Government website", r.name.en)).get(en), "link": format!("https://www.example.gov.cn/{}/{}/plan.html", r.id, p.year)},
        "progress": {"sentence": sentence.get(en), "counts": counts.iter().map(|c| json!({"label": c.0, "tone": c.1, "count": c.2})).collect::<Vec<_>>(), "totals": totals, "reports": reports, "csv": url(en, &format!("plans/{}/progress.csv", p.key(tree)))},
        "sections": if p.sections { SECTIONS.iter().map(|s| json!({"id": s.0, "title": T::new(s.1, s.2).get(en)})).collect::<Vec<_>>() } else { Vec::new() },
    })
}

fn project_front(tree: &Tree, plan: &Plan, i: usize, p: &Project, en: bool) -> Value {
    let targets: Vec<Value> = p
        .targets
        .iter()
        .map(|t| {
            let metric = t.metric.map(|(g, m)| vocab().programs[g].metrics[m].name());
            json!({
                "text": t.text.get(en),
                "metric": metric.as_ref().map(|m| m.get(en)),
                "figure": t.value.zip(t.unit).map(|(v, u)| amount(v, u, t.qualifier, en)),
                "quote": t.quote,
            })
        })
        .collect();
    let sep = if en { ": " } else { "：" };
    let headline: Vec<String> = p
        .targets
        .iter()
        .filter_map(|t| {
            let fig = amount(t.value?, t.unit?, t.qualifier, en);
            Some(match t.metric {
                Some((g, m)) => format!("{}{sep}{fig}", vocab().programs[g].metrics[m].name().get(en)),
                None => fig,
            })
        })
        .collect();
    let milestones: Vec<Value> = p
        .milestones
        .iter()
        .map(|m| {
            let values: Vec<String> = m
                .value
                .iter()
                .map(|(t, v, _)| amount(*v, p.targets[*t].unit.unwrap_or_default(), None, en))
                .collect();
            json!({"due": date(&m.due, en), "datetime": m.due, "text": m.text.get(en), "values": values})
        })
        .collect();
    let progress: Vec<Value> = plan
        .reports
        .iter()
        .rev()
        .filter_map(|rep| entry(rep, i, p, en))
        .collect();
    let status = progress.first().map(|e| json!({"label": e["status"], "word": e["status_word"], "tone": e["tone"], "as_of": e["as_of"], "datetime": e["datetime"]}));
    let program = p.program.map(|g| json!({"name": vocab().programs[g].name().get(en), "url": url(en, &format!("programs/{}/", vocab().programs[g].id))}));
    let section = p
        .section
        .and_then(|s| SECTIONS.iter().find(|x| x.0 == s))
        .map(|s| T::new(s.1, s.2).get(en).to_string());
    json!({
        "title": p.name.get(en),
        "layout": "project",
        "weight": i + 1,
        "number": p.number,
        "section": p.section,
        "section_title": section,
        "category": {"name": units().category(p.category).get(en), "url": url(en, &format!("categories/{}/", p.category))},
        "program": program,
        "programs": p.program.map(|g| vec![vocab().programs[g].id.as_str()]).unwrap_or_default(),
        "targets": targets,
        "headline": headline,
        "units": p.units.iter().map(|u| u.get(en)).collect::<Vec<_>>(),
        "milestones": milestones,
        "progress": progress,
        "status": status,
        "source_text": p.source_text,
        "source_page": url(en, &format!("plans/{}/source/", plan.key(tree))),
    })
}

/// What one report says of project `i`, as shown on its page.
fn entry(rep: &Report, i: usize, p: &Project, en: bool) -> Option<Value> {
    let e = rep.entries.iter().find(|e| e.project == i)?;
    let (label, tone) = status_label(e.status);
    let figures: Vec<Value> = e
        .actuals
        .iter()
        .map(|a| {
            let t = &p.targets[a.target];
            json!({
                "figure": amount(a.value, a.unit, None, en),
                "target": t.value.zip(t.unit).map(|(v, u)| amount(v, u, t.qualifier, en)),
                "percent": format!("{}%", plain(a.percent)),
                "bar": a.percent.min(100.0),
                "quote": a.quote,
            })
        })
        .collect();
    let period = rep.period.get(en);
    Some(json!({
        "status": label.get(en),
        "status_word": e.status_word,
        "tone": tone,
        "as_of": date(&rep.as_of, en),
        "datetime": rep.as_of,
        "period": period,
        "kind": if rep.kind == "completion" { T::new("完成情况", "Completion report") } else { T::new("定期进展", "Periodic progress") }.get(en),
        "figures": figures,
        "investment": e.investment.as_ref().map(|(v, q)| json!({"figure": amount(*v, "yuan", None, en), "quote": q})),
        "update": e.update.as_ref().map(|u| u.get(en)),
    }))
}
