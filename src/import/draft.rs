//! A drafted plan and how it is written: a `plan.yaml` in the layout of the
//! shipped plans, every string double-quoted (so no text can break the
//! YAML), English left out for the translator, and every undecided choice
//! as a `# REVIEW: …` comment just above the line it concerns.

use std::fmt::Write as _;

/// A figure: a target, or a milestone's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// `None` when the unit is missing from `units.yaml` (the figure is
    /// then written as a target without a number, marked for review).
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub qualifier: Option<&'static str>,
    /// The figure as printed (`12万套`).
    pub printed: String,
    pub quote: String,
    pub review: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    pub due: String,
    pub text: String,
    pub values: Vec<Figure>,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub id: String,
    pub number: String,
    pub section: Option<String>,
    pub name: String,
    pub category: String,
    pub programs: Vec<String>,
    pub targets: Vec<Figure>,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    pub leaders: Vec<String>,
    pub milestones: Vec<Milestone>,
    pub source_text: String,
    /// Notes on the whole project (numbering, category, program, id…).
    pub review: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub title: String,
    pub document_number: Option<String>,
    pub issuer: String,
    pub issued: Option<String>,
    pub source_name: String,
    pub adoption: String,
    pub adoption_note: Option<String>,
    pub deadlines: Option<(String, String)>,
    pub derived_from: Option<String>,
    pub sections: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub stated_count: Option<(u32, String)>,
    pub projects: Vec<Project>,
    /// `(field, note)` for plan-level fields.
    pub review: Vec<(&'static str, String)>,
}

impl Plan {
    /// Every figure of every project: targets with a value and milestone values.
    pub fn figures(&self) -> impl Iterator<Item = (&Project, &Figure)> {
        self.projects.iter().flat_map(|p| {
            p.targets
                .iter()
                .chain(p.milestones.iter().flat_map(|m| &m.values))
                .map(move |f| (p, f))
        })
    }
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// A number as YAML: `120000`, `30.79`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Lines of YAML with review comments.
#[derive(Default)]
pub struct Out(pub String);

impl Out {
    pub fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.0, "{:indent$}{text}", "");
    }
    pub fn review(&mut self, indent: usize, note: &str) {
        let one_line = note.replace('\n', " ");
        let _ = writeln!(self.0, "{:indent$}# REVIEW: {one_line}", "");
    }
    fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        if !items.is_empty() {
            let joined: Vec<String> = items.iter().map(|s| quoted(s)).collect();
            self.line(indent, &format!("{key}: [{}]", joined.join(", ")));
        }
    }
}

/// Writes `plan` as `plan.yaml`; `modeline` is the schema comment.
pub fn write_plan(plan: &Plan, modeline: &str) -> String {
    let mut o = Out::default();
    o.line(0, modeline);
    o.line(
        0,
        "# Drafted by `gongkai import plan`: read it beside source.zh.txt, settle every",
    );
    o.line(
        0,
        "# comment marked REVIEW (then delete it), add English, and run `gongkai check`.",
    );
    let review = |o: &mut Out, field: &str| {
        for (_, n) in plan.review.iter().filter(|(f, _)| *f == field) {
            o.review(0, n);
        }
    };
    review(&mut o, "title");
    o.line(0, &format!("title: {{zh: {}}}", quoted(&plan.title)));
    if let Some(n) = &plan.document_number {
        o.line(0, &format!("document_number: {}", quoted(n)));
    }
    review(&mut o, "issuer");
    o.line(0, &format!("issuer: {{zh: {}}}", quoted(&plan.issuer)));
    if let Some(d) = &plan.issued {
        o.line(0, &format!("issued: {d}"));
    }
    review(&mut o, "source");
    o.line(0, "source:");
    o.line(2, &format!("name: {{zh: {}}}", quoted(&plan.source_name)));
    o.line(2, "file: source.zh.txt");
    review(&mut o, "adoption");
    o.line(0, &format!("adoption: {}", plan.adoption));
    if let Some(n) = &plan.adoption_note {
        o.line(0, &format!("adoption_note: {{zh: {}}}", quoted(n)));
    }
    if let Some((b, f)) = &plan.deadlines {
        o.line(0, &format!("deadlines: {{basic: {b}, full: {f}}}"));
    }
    review(&mut o, "derived_from");
    if let Some(d) = &plan.derived_from {
        o.line(0, &format!("derived_from: {d}"));
    }
    review(&mut o, "sections");
    if !plan.sections.is_empty() {
        o.line(0, "sections:");
        for (id, title) in &plan.sections {
            o.line(2, &format!("- {{id: {id}, title: {{zh: {}}}}}", quoted(title)));
        }
    }
    if !plan.notes.is_empty() {
        o.line(0, "notes:");
        for n in &plan.notes {
            o.line(2, &format!("- {{zh: {}}}", quoted(n)));
        }
    }
    review(&mut o, "stated_count");
    if let Some((n, q)) = &plan.stated_count {
        o.line(0, &format!("stated_count: {{value: {n}, quote: {}}}", quoted(q)));
    }
    review(&mut o, "projects");
    o.line(0, "projects:");
    for p in &plan.projects {
        write_project(&mut o, p);
    }
    o.0
}

fn write_project(o: &mut Out, p: &Project) {
    o.line(0, "");
    for n in &p.review {
        o.review(2, n);
    }
    o.line(2, &format!("- id: {}", p.id));
    o.line(4, &format!("number: {}", quoted(&p.number)));
    if let Some(s) = &p.section {
        o.line(4, &format!("section: {s}"));
    }
    o.line(4, &format!("name: {{zh: {}}}", quoted(&p.name)));
    o.line(4, &format!("category: {}", p.category));
    if !p.programs.is_empty() {
        o.line(4, &format!("programs: [{}]", p.programs.join(", ")));
    }
    if !p.targets.is_empty() {
        o.line(4, "targets:");
        for t in &p.targets {
            for n in &t.review {
                o.review(6, n);
            }
            match (t.value, &t.unit) {
                (Some(v), Some(u)) => {
                    o.line(6, &format!("- value: {}", number(v)));
                    o.line(8, &format!("unit: {u}"));
                    if let Some(q) = t.qualifier {
                        o.line(8, &format!("qualifier: {q}"));
                    }
                    o.line(8, &format!("text: {{zh: {}}}", quoted(&t.quote)));
                }
                _ => o.line(6, &format!("- text: {{zh: {}}}", quoted(&t.quote))),
            }
            o.line(8, &format!("quote: {}", quoted(&t.quote)));
        }
    }
    o.list(4, "lead_units", &p.lead_units);
    o.list(4, "responsible_units", &p.responsible_units);
    if !p.leaders.is_empty() {
        let l: Vec<String> = p.leaders.iter().map(|n| format!("{{zh: {}}}", quoted(n))).collect();
        o.line(4, &format!("leaders: [{}]", l.join(", ")));
    }
    if !p.milestones.is_empty() {
        o.line(4, "milestones:");
        for m in &p.milestones {
            o.line(6, &format!("- due: {}", m.due));
            o.line(8, &format!("text: {{zh: {}}}", quoted(&m.text)));
            let values: Vec<&Figure> = m
                .values
                .iter()
                .filter(|v| v.value.is_some() && v.unit.is_some())
                .collect();
            for v in m.values.iter().filter(|v| v.value.is_none() || v.unit.is_none()) {
                o.review(8, &format!("«{}»: {}", v.quote, v.review.join("; ")));
            }
            if !values.is_empty() {
                o.line(8, "values:");
            }
            for v in values {
                for n in &v.review {
                    o.review(10, n);
                }
                let q = v.qualifier.map(|q| format!(", qualifier: {q}")).unwrap_or_default();
                let (value, unit) = (v.value.unwrap_or_default(), v.unit.as_deref().unwrap_or_default());
                o.line(
                    10,
                    &format!(
                        "- {{value: {}, unit: {unit}{q}, quote: {}}}",
                        number(value),
                        quoted(&v.quote)
                    ),
                );
            }
        }
    }
    o.line(4, &format!("source_text: {}", quoted(&p.source_text)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_strings() {
        assert_eq!(number(120000.0), "120000");
        assert_eq!(number(30.79), "30.79");
        assert_eq!(quoted("“对接路”330公里"), "\"“对接路”330公里\"");
        assert_eq!(quoted("a\"b\nc"), "\"a\\\"b\\nc\"");
    }
}
