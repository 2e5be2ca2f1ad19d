//! The pager of a list split over several pages ([`crate::derive::paging`]):
//! "page 2 of 5", the previous and next parts and a window of numbered
//! links, as a `<nav>` below the list. Its view lives in the page's head so
//! that every list template shows it the same way (`base.html`).

use serde::Serialize;

use super::view::{Ctx, T};
use crate::derive::paging::Part;
use crate::derive::Page;

/// Numbered links shown on each side of the current part.
const WINDOW: usize = 2;

#[derive(Debug, Serialize)]
pub struct PagerView {
    /// "第2页，共5页" / "Page 2 of 5".
    pub label: T,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Numbered links: the first, the last and a window around the current
    /// part; `None` marks a gap.
    pub links: Vec<Option<PagerLink>>,
}

#[derive(Debug, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

/// "第2页，共5页" for part 2 of 5 (1-based).
pub fn part_label(c: &Ctx, part: Part) -> T {
    let text = c
        .ui("pager.page_of")
        .text
        .replace("{n}", &(part.index + 1).to_string())
        .replace("{count}", &part.count.to_string());
    T { text, fallback: false }
}

/// The pager of `page`, when its list is split.
pub fn pager(c: &Ctx, page: &Page) -> Option<PagerView> {
    let part = page.part;
    if part.count < 2 {
        return None;
    }
    let list = list_path(page);
    let href = |i: usize| c.href(&Part::path(&list, i));
    let mut links = Vec::new();
    let mut last_shown = None;
    for i in 0..part.count {
        let near = i.abs_diff(part.index) <= WINDOW;
        if i == 0 || i + 1 == part.count || near {
            if last_shown.is_some_and(|l: usize| i > l + 1) {
                links.push(None);
            }
            links.push(Some(PagerLink {
                number: i + 1,
                href: href(i),
                current: i == part.index,
            }));
            last_shown = Some(i);
        }
    }
    Some(PagerView {
        label: part_label(c, part),
        prev: (part.index > 0).then(|| href(part.index - 1)),
        next: (part.index + 1 < part.count).then(|| href(part.index + 1)),
        links,
    })
}

/// The address of the list's first part (`programs/roads/`).
pub fn list_path(page: &Page) -> String {
    if page.part.index == 0 {
        return page.path.clone();
    }
    let suffix = format!("page/{}/", page.part.index + 1);
    page.path.strip_suffix(&suffix).unwrap_or(&page.path).to_string()
}
