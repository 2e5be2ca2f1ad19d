//! Lists that grow with the corpus are split over several pages, so that no
//! page grows with it: a national site of 300,000 projects keeps every page
//! small. A list page's first part keeps its address (`programs/roads/`);
//! the others follow it as `page/2/`, `page/3/`… The items are in their
//! usual order (plans in region-tree order, projects in plan order), so a
//! part holds the same items on every build of the same content. The full
//! lists stay available whole as data (`data/`, the program CSVs).
//!
//! Which kinds split, and over how many items a part holds, is decided here
//! ([`split`]); the views take their part's slice with [`Part::range`].

use std::ops::Range;

use super::{Indexes, PageKind};
use crate::model::Model;

/// Projects per part of a program or category page.
pub const PROJECTS: usize = 60;
/// Plans per part of the plans list, the sources list (about) and the
/// per-plan downloads (data).
pub const PLANS: usize = 100;
/// Plans (columns) per part of the programs × plans matrix.
pub const MATRIX_PLANS: usize = 40;
/// A program page compares its plans in tables and charts up to this many
/// plans; beyond it, the page says so and points to the CSV, which holds
/// every row, and to the plans' own comparisons.
pub const COMPARE_PLANS: usize = 60;
/// Region trees (home picker, regions list) show every level up to this
/// many regions; beyond it, provinces and cities, and each city's page
/// lists its districts.
pub const TREE_REGIONS: usize = 300;

/// Which part of its list a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part {
    /// From 0; part 0 is at the list's own address.
    pub index: usize,
    /// Parts of the list (1 when it is not split).
    pub count: usize,
    /// Items per part.
    pub per: usize,
}

impl Part {
    /// The page of a list that is not split.
    pub const WHOLE: Part = Part {
        index: 0,
        count: 1,
        per: usize::MAX,
    };

    /// The items of a list of `len` this part shows.
    pub fn range(&self, len: usize) -> Range<usize> {
        let start = self.index.saturating_mul(self.per).min(len);
        start..start.saturating_add(self.per).min(len)
    }

    pub fn is_first(&self) -> bool {
        self.index == 0
    }

    /// The path of part `index` of the list at `path` (`programs/roads/`).
    pub fn path(path: &str, index: usize) -> String {
        if index == 0 {
            path.to_string()
        } else {
            format!("{path}page/{}/", index + 1)
        }
    }
}

/// Over how many items, and how many per part, a page of `kind` splits:
/// `None` for kinds that do not grow with the corpus.
pub fn split(model: &Model, indexes: &Indexes, kind: PageKind) -> Option<(usize, usize)> {
    match kind {
        PageKind::Plans => Some((model.plans.len(), PLANS)),
        PageKind::About => Some((model.plans.len(), PLANS)),
        PageKind::Data => Some((model.plans.len(), PLANS)),
        PageKind::Matrix => Some((model.plans.len(), MATRIX_PLANS)),
        PageKind::Category(k) => Some((indexes.category_projects[k].len(), PROJECTS)),
        PageKind::Program(g) => Some((indexes.program_projects[g].len(), PROJECTS)),
        _ => None,
    }
}

/// The parts of a list of `len` items, `per` a part (at least one part).
pub fn parts(len: usize, per: usize) -> impl Iterator<Item = Part> {
    let count = len.div_ceil(per).max(1);
    (0..count).map(move |index| Part { index, count, per })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_item_once() {
        let all: Vec<Part> = parts(130, 60).collect();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].range(130), 0..60);
        assert_eq!(all[2].range(130), 120..130);
        assert_eq!(parts(0, 60).count(), 1, "an empty list still has its page");
        assert_eq!(parts(60, 60).count(), 1);
        assert_eq!(Part::WHOLE.range(7), 0..7);
    }

    #[test]
    fn later_parts_live_below_the_first() {
        assert_eq!(Part::path("programs/roads/", 0), "programs/roads/");
        assert_eq!(Part::path("programs/roads/", 1), "programs/roads/page/2/");
    }
}
