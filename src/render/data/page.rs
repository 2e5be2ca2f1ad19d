//! Views of the open data for pages: the `/data/` page (every file, what
//! it holds, its columns and the licence) and the downloads block of each
//! plan page. Data files are the same for both languages and both
//! variants, so their links carry no language or `care/` prefix.

use serde::Serialize;

use super::{column_description, contents, folder, Content};
use crate::derive::Page;
use crate::model::*;
use crate::render::view::{Ctx, Head, Link, T};

/// A downloadable file.
#[derive(Serialize)]
pub struct FileLink {
    pub href: String,
    /// The file name (`projects.csv`).
    pub name: &'static str,
    pub description: T,
}

/// The downloads of a plan (its page) or of the site.
#[derive(Serialize)]
pub struct Downloads {
    pub files: Vec<FileLink>,
    /// The `/data/` page, which explains the files.
    pub about: String,
}

pub fn downloads(c: &Ctx, plan: Option<PlanIdx>) -> Downloads {
    let dir = folder(c.model, plan);
    Downloads {
        files: contents(c.model, plan)
            .into_iter()
            .map(|f| FileLink {
                href: format!("{}{dir}{}", c.map.base_path, f.file()),
                name: f.file(),
                description: c.ui(&format!("data.file.{}", f.key())),
            })
            .collect(),
        about: c.href("data/"),
    }
}

#[derive(Serialize)]
pub struct ColumnView {
    pub name: &'static str,
    /// Table Schema type.
    pub kind: &'static str,
    pub description: String,
}

/// A CSV file and its columns.
#[derive(Serialize)]
pub struct TableView {
    pub name: &'static str,
    /// `id` of its heading, for the table of contents.
    pub anchor: String,
    pub description: T,
    pub columns: Vec<ColumnView>,
}

#[derive(Serialize)]
pub struct LicenceView {
    pub name: T,
    pub url: Option<String>,
}

/// A plan and its downloads.
#[derive(Serialize)]
pub struct PlanDownloads {
    pub plan: Link,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct DataPage {
    pub site: Downloads,
    pub plans: Vec<PlanDownloads>,
    pub tables: Vec<TableView>,
    pub licence: Option<LicenceView>,
}

pub fn data_page(c: &Ctx, page: &Page) -> (Head, DataPage) {
    let tables = [Content::Projects, Content::Targets, Content::ProgressZh]
        .into_iter()
        .map(|t| TableView {
            name: t.file(),
            anchor: format!("columns-{}", t.key()),
            description: c.ui(&format!("data.file.{}", t.key())),
            columns: t
                .columns()
                .into_iter()
                .map(|col| ColumnView {
                    name: col.name,
                    kind: col.kind,
                    description: column_description(c.strings, c.lang, col.name),
                })
                .collect(),
        })
        .collect();
    let data = DataPage {
        site: downloads(c, None),
        plans: c
            .map
            .indexes
            .plans_in_tree_order
            .iter()
            .map(|&p| PlanDownloads {
                plan: c.plan_short(p),
                downloads: downloads(c, Some(p)),
            })
            .collect(),
        tables,
        licence: c.model.site.data_licence.as_ref().map(|l| LicenceView {
            name: c.t(&l.name),
            url: l.url.clone(),
        }),
    };
    (c.head(page, c.ui("data.title"), None, vec![]), data)
}
