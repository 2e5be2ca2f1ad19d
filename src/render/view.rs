//! Views: the small, language-resolved data each template receives. A view
//! is built per page from the model and the site map, holding only what that
//! page shows (never the whole site), with every number and date already
//! formatted for its language and every text marked when it fell back to
//! Chinese. Templates only lay views out.

use serde::Serialize;

use super::format;
use super::markdown::to_safe_html;
use super::strings::Strings;
use crate::derive::{paths, Page, PageKind, SiteMap};
use crate::model::*;

/// Text in the page's language; `fallback` when English was missing and
/// Chinese is shown instead (templates mark it `lang="zh-CN"`).
#[derive(Debug, Clone, Serialize)]
pub struct T {
    pub text: String,
    pub fallback: bool,
}

/// Sanitised HTML from Markdown, with the same fallback flag.
#[derive(Debug, Clone, Serialize)]
pub struct Html {
    pub html: String,
    pub fallback: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: T,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub hreflang: &'static str,
    pub href: String,
}

/// The parts of a page every template shares.
#[derive(Debug, Serialize)]
pub struct Head {
    /// Plain text for `<title>`.
    pub title: String,
    pub h1: T,
    pub description: String,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    /// The same page in the other language.
    pub switch_href: String,
    pub switch_lang: &'static str,
    /// The same page in the 关怀版 and in the standard variant; both links
    /// are in every page, and each variant's stylesheet shows one.
    pub care_on_href: String,
    pub care_off_href: String,
    pub breadcrumbs: Vec<Link>,
    /// Which main navigation entry is current.
    pub section: &'static str,
    /// Government metas, Open Graph and content dates.
    pub meta: super::meta::PageMeta,
    /// When the page's content was published and last changed.
    pub dates: super::dates::PageDates,
    /// What the search index records of the page (nothing for most lists).
    pub search: super::search::IndexView,
    /// Links to the other parts of a list split over several pages.
    pub pager: Option<super::pager::PagerView>,
}

/// Where a document is published: the publisher's own page (when found)
/// and the copies found elsewhere.
#[derive(Debug, Serialize)]
pub struct SourceLinks {
    /// The official page, or `None` when it was not found.
    pub official: Option<String>,
    pub name: T,
    pub reprints: Vec<Link>,
}

/// Everything a view builder needs, for one language.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub map: &'a SiteMap,
    pub lang: Lang,
    /// Rendering the elderly-friendly variant.
    pub care: bool,
    pub strings: &'a Strings,
    /// Where shared fragments are rendered and kept; set by whoever renders
    /// pages ([`Ctx::with_fragments`]).
    pub fragments: Option<super::fragment::Fragments<'a>>,
}

impl<'a> Ctx<'a> {
    /// The context of pages in `lang`, in the elderly-friendly variant when
    /// `care`.
    pub fn new(model: &'a Model, map: &'a SiteMap, strings: &'a Strings, lang: Lang, care: bool) -> Ctx<'a> {
        Ctx {
            model,
            map,
            lang,
            care,
            strings,
            fragments: None,
        }
    }

    /// The same context, rendering shared fragments with `fragments`.
    pub fn with_fragments(self, fragments: super::fragment::Fragments<'a>) -> Ctx<'a> {
        Ctx {
            fragments: Some(fragments),
            ..self
        }
    }

    pub fn t(&self, text: &Text) -> T {
        let (s, fallback) = text.get(self.lang);
        T {
            text: s.to_string(),
            fallback,
        }
    }

    /// A UI string from the theme's i18n file.
    pub fn ui(&self, key: &str) -> T {
        T {
            text: self.strings.get(self.lang, key).to_string(),
            fallback: false,
        }
    }

    /// A unit's name as printed after a number in this language (`公里`, `km`).
    pub fn unit_name(&self, u: UnitIdx) -> String {
        let unit = &self.model.units[u];
        match self.lang {
            Lang::Zh => unit.zh.clone(),
            Lang::En => unit.en.clone(),
        }
    }

    pub fn md(&self, text: &Text) -> Html {
        let (s, fallback) = text.get(self.lang);
        Html {
            html: to_safe_html(s),
            fallback,
        }
    }

    pub fn href(&self, path: &str) -> String {
        self.map.href(self.lang, path)
    }

    pub fn link(&self, label: T, path: &str) -> Link {
        Link {
            label,
            href: self.href(path),
        }
    }

    pub fn region_link(&self, r: RegionIdx) -> Link {
        self.link(self.t(&self.model.regions[r].name), &paths::region(self.model, r))
    }

    pub fn plan_link(&self, p: PlanIdx) -> Link {
        self.link(self.t(&self.model.plans[p].title), &paths::plan(self.model, p))
    }

    /// "河北省 2023年" / "Hebei Province 2023": a plan named by region and year.
    pub fn plan_short(&self, p: PlanIdx) -> Link {
        let plan = &self.model.plans[p];
        let region = self.t(&self.model.regions[plan.region].name);
        let sep = if self.lang == Lang::Zh { "" } else { " " };
        let label = T {
            text: format!("{}{sep}{}", region.text, format::year(self.lang, plan.year)),
            fallback: region.fallback,
        };
        self.link(label, &paths::plan(self.model, p))
    }

    pub fn project_link(&self, p: PlanIdx, i: usize) -> Link {
        self.link(
            self.t(&self.model.plans[p].projects[i].name),
            &paths::project(self.model, p, i),
        )
    }

    pub fn category_link(&self, c: CategoryIdx) -> Link {
        self.link(self.t(&self.model.categories[c].name), &paths::category(self.model, c))
    }

    pub fn program_link(&self, p: ProgramIdx) -> Link {
        self.link(self.t(&self.model.programs[p].name), &paths::program(self.model, p))
    }

    pub fn date(&self, d: &PartialDate) -> String {
        format::date(self.lang, d)
    }

    /// A quantity in the reading form (`不少于12万套`).
    pub fn quantity(&self, q: &Quantity) -> String {
        format::quantity(self.lang, q, &self.model.units[q.unit])
    }

    /// A quantity in a column of figures formatted with `digits`.
    pub fn quantity_in(&self, q: &Quantity, digits: format::Digits) -> String {
        format::quantity_with(self.lang, q, &self.model.units[q.unit], digits)
    }

    pub fn amount(&self, value: f64, unit: UnitIdx) -> String {
        format::amount(self.lang, value, &self.model.units[unit])
    }

    /// A project's item number as this language reads it: as printed on
    /// Chinese pages (`（十一）`), an Arabic numeral on English pages (`11`).
    pub fn item_number(&self, project: &Project) -> String {
        match (self.lang, project.ordinal) {
            (Lang::En, Some(n)) => n.to_string(),
            _ => project.number.clone(),
        }
    }

    /// `text` in parentheses of this language: `（2023年）`, ` (2023)`.
    pub fn paren(&self, text: &str) -> String {
        match self.lang {
            Lang::Zh => format!("（{text}）"),
            Lang::En => format!(" ({text})"),
        }
    }

    /// The links of a document's source: its official page and reprints.
    pub fn source_links(&self, s: &Source) -> SourceLinks {
        SourceLinks {
            official: s.url.clone(),
            name: self.t(&s.name),
            reprints: s
                .reprints
                .iter()
                .map(|r| Link {
                    label: self.t(&r.name),
                    href: r.url.clone(),
                })
                .collect(),
        }
    }

    pub fn metric_name(&self, m: MetricRef) -> T {
        self.t(&self.model.programs[m.program].metrics[m.metric].name)
    }

    /// The shared head of `page`, titled `h1`.
    pub fn head(&self, page: &Page, h1: T, description: Option<String>, crumbs: Vec<Link>) -> Head {
        let site_title = self.t(&self.model.site.title).text;
        let title = match page.kind {
            PageKind::Home => site_title,
            _ if page.part.index > 0 => format!(
                "{}{} - {}",
                h1.text,
                self.paren(&super::pager::part_label(self, page.part).text),
                site_title
            ),
            _ => format!("{} - {}", h1.text, site_title),
        };
        let other = self.lang.other();
        let mut breadcrumbs = vec![self.link(self.ui("nav.home"), "")];
        breadcrumbs.extend(crumbs);
        Head {
            title,
            description: description.unwrap_or_else(|| self.t(&self.model.site.description).text),
            canonical: self.map.absolute(self.lang, &page.path),
            alternates: Lang::ALL
                .iter()
                .map(|&l| Alternate {
                    hreflang: l.tag(),
                    href: self.map.absolute(l, &page.path),
                })
                .chain(std::iter::once(Alternate {
                    hreflang: "x-default",
                    href: self.map.absolute(Lang::Zh, &page.path),
                }))
                .collect(),
            switch_href: self.map.href(other, &page.path),
            care_on_href: self.map.variant_href(true, self.lang, &page.path),
            care_off_href: self.map.variant_href(false, self.lang, &page.path),
            switch_lang: other.tag(),
            breadcrumbs: if page.kind == PageKind::Home {
                Vec::new()
            } else {
                breadcrumbs
            },
            section: section(page.kind),
            meta: super::meta::page_meta(self, page, &h1.text, section(page.kind)),
            dates: super::dates::page_dates(self, page),
            // Later parts of a list repeat its title: the first one is found.
            search: if page.part.is_first() {
                super::search::index_view(self, page.kind)
            } else {
                Default::default()
            },
            pager: super::pager::pager(self, page),
            h1,
        }
    }
}

fn section(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home | PageKind::NotFound => "home",
        PageKind::Regions | PageKind::Region(_) => "regions",
        PageKind::Plans | PageKind::Plan(_) | PageKind::Project(..) | PageKind::Source(_) | PageKind::Report(..) => {
            "plans"
        }
        PageKind::Categories | PageKind::Category(_) => "categories",
        PageKind::Programs | PageKind::Program(_) => "programs",
        PageKind::About => "about",
        PageKind::Matrix => "compare",
        PageKind::Data => "data",
        PageKind::Search => "search",
    }
}
