//! Fragments of HTML that many pages share, rendered once per render run:
//! the table of a program's other projects on a project page
//! ([`Fragments::related`]).
//!
//! A project page lists the first [`MAX_RELATED`] other projects of each of
//! its programs, so every project of a program after those first ones shows
//! the very same rows: at 10,000 projects that table was two fifths of a
//! project page's bytes and of its rendering. It is rendered once per
//! (program, language, variant) by the theme's `related.html` and reused;
//! a project among the first rows gets a table of its own. Links in it are
//! still relative to [`super::PAGE_ROOT`], resolved with the rest of the
//! page, so the same HTML fits any page.
//!
//! The HTML is part of the page's view, so the live preview's fingerprints
//! still see every change the table shows.

use std::sync::{Arc, Mutex, OnceLock};

use serde::{Serialize, Serializer};

use super::pages::project_rows;
use super::view::Ctx;
use crate::derive::ProjectRef;
use crate::error::{Error, Result};
use crate::model::ProgramIdx;

/// How many projects of the same program a project page lists.
pub const MAX_RELATED: usize = 12;

/// The theme template that renders a related-projects table from `rows`
/// and `caption`.
pub const RELATED_TEMPLATE: &str = "related.html";

/// Rendered HTML, inserted as is (`| safe`) by the page's template.
#[derive(Clone, Debug, PartialEq)]
pub struct Fragment(Arc<str>);

impl Serialize for Fragment {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The fragments rendered so far in one run, and the first error.
#[derive(Default)]
pub struct FragmentCache {
    /// The table of a program's first projects, by
    /// `(program × 2 + language) × 2 + variant`.
    related: Vec<OnceLock<Fragment>>,
    error: Mutex<Option<Error>>,
}

impl FragmentCache {
    /// An empty cache for a model with `programs` programs.
    pub fn new(programs: usize) -> FragmentCache {
        FragmentCache {
            related: (0..programs * 4).map(|_| OnceLock::new()).collect(),
            error: Mutex::new(None),
        }
    }

    /// The first error met while rendering a fragment, if any (a view is
    /// built without errors; its caller asks here afterwards).
    pub fn check(&self) -> Result<()> {
        match self.error.lock().map(|mut e| e.take()) {
            Ok(Some(e)) => Err(e),
            _ => Ok(()),
        }
    }
}

/// The engines (by language) and the cache of one run.
#[derive(Clone, Copy)]
pub struct Fragments<'a> {
    pub engines: &'a [tera::Tera],
    pub cache: &'a FragmentCache,
}

/// A program's other projects as a project page shows them.
pub struct RelatedTable {
    /// `None` when the program has no other project.
    pub table: Option<Fragment>,
    /// Rows in the table.
    pub shown: usize,
}

impl Fragments<'_> {
    /// The table of the projects of `program` other than `this`: the first
    /// [`MAX_RELATED`] of the program (the program page lists them all).
    pub fn related(&self, c: &Ctx, program: ProgramIdx, this: ProjectRef) -> RelatedTable {
        let all = &c.map.indexes.program_projects[program];
        let refs: Vec<ProjectRef> = all.iter().copied().filter(|&r| r != this).take(MAX_RELATED).collect();
        let shown = refs.len();
        if refs.is_empty() {
            return RelatedTable { table: None, shown };
        }
        let caption = c.program_link(program).label.text;
        let common = !all.iter().take(MAX_RELATED).any(|&r| r == this);
        let slot = (program * 2 + c.lang as usize) * 2 + usize::from(c.care);
        let cached = common.then(|| self.cache.related.get(slot)).flatten();
        if let Some(fragment) = cached.and_then(OnceLock::get) {
            return RelatedTable {
                table: Some(fragment.clone()),
                shown,
            };
        }
        let fragment = self.render_table(c, &caption, refs);
        if let Some(slot) = cached {
            // Another thread may have rendered it meanwhile: the same HTML.
            let _ = slot.set(fragment.clone());
        }
        RelatedTable {
            table: Some(fragment),
            shown,
        }
    }

    fn render_table(&self, c: &Ctx, caption: &str, refs: Vec<ProjectRef>) -> Fragment {
        let mut context = tera::Context::new();
        context.insert("rows", &project_rows(c, refs));
        context.insert("caption", caption);
        match self.engines[c.lang as usize].render(RELATED_TEMPLATE, &context) {
            Ok(html) => Fragment(html.into()),
            Err(e) => {
                if let Ok(mut first) = self.cache.error.lock() {
                    first.get_or_insert_with(|| super::template_error(RELATED_TEMPLATE, &e));
                }
                Fragment(Arc::from(""))
            }
        }
    }
}
