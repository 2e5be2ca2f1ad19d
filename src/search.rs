//! Stage 4b, **search index**: the rendered pages of the standard variant,
//! fed as they are rendered into Pagefind's library
//! ([`pagefind::api::PagefindIndex`], Extended build: Chinese is segmented
//! into words), which returns the static index files written under
//! `pagefind/` at the site root with the rest of the build. Browsers query
//! them with `pagefind/pagefind.js` from the theme's `search.js`; there is
//! no server.
//!
//! What is indexed, and with which filters and metadata, is decided by the
//! templates (`data-pagefind-body`, `-filter`, `-meta`, `-ignore`, from the
//! view built in `render::search`); this module only runs the indexer. One
//! index per `<html lang>` (`zh-CN`, `en`). Pagefind is async on tokio: a
//! small current-thread runtime lives as long as the indexer.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::error::{Error, Result};

/// The folder of the index below the site root.
pub const DIR: &str = "pagefind";

/// Files Pagefind writes that the site does not use: its prebuilt UIs (they
/// need inline styles) and the highlighting script.
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// A search index being filled page by page.
pub struct Indexer {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
    pages: usize,
}

fn search_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Search(format!("{what}: {e}"))
}

impl Indexer {
    pub fn new() -> Result<Indexer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| search_error("starting the indexer", e))?;
        // URLs are given whole (with the base path), so no index.html
        // stripping or site folder is involved.
        let config = PagefindServiceConfig::builder().keep_index_url(true).build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| search_error("configuring the indexer", e))?;
        Ok(Indexer {
            runtime,
            index,
            pages: 0,
        })
    }

    /// Indexes one rendered page published at `url` (below the site root,
    /// without the base path: `/plans/hebei/2023/`). Pages without a
    /// `data-pagefind-body` element are parsed but left out of the index.
    pub fn add(&mut self, url: &str, html: String) -> Result<()> {
        let index = &mut self.index;
        self.runtime
            .block_on(index.add_html_file(None, Some(url.to_string()), html))
            .map_err(|e| search_error(&format!("indexing {url}"), e))?;
        self.pages += 1;
        Ok(())
    }

    /// Pages given to [`Indexer::add`].
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Builds the index and returns its files, relative to the site root
    /// (`pagefind/pagefind.js`, `pagefind/index/zh-cn_….pf_index`…), sorted.
    pub fn finish(mut self) -> Result<Vec<(String, Vec<u8>)>> {
        let index = &mut self.index;
        let files = self
            .runtime
            .block_on(index.get_files())
            .map_err(|e| search_error("building the index", e))?;
        let mut out: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.contains(&name.as_str())).then(|| (format!("{DIR}/{name}"), f.contents))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"{lang}\"><head><title>t</title></head><body><main data-pagefind-body>{body}</main></body></html>")
    }

    #[test]
    fn writes_one_index_per_language_under_pagefind() {
        let mut ix = Indexer::new().unwrap();
        ix.add("/a/", page("zh-CN", "<h1>口袋公园</h1><p>新建口袋公园3个。</p>"))
            .unwrap();
        ix.add(
            "/en/a/",
            page("en", "<h1>Pocket parks</h1><p>Build 3 pocket parks.</p>"),
        )
        .unwrap();
        assert_eq!(ix.pages(), 2);
        let files = ix.finish().unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().all(|n| n.starts_with("pagefind/")));
        assert!(!names.contains(&"pagefind/pagefind-ui.js"));
        let entry = &files.iter().find(|f| f.0 == "pagefind/pagefind-entry.json").unwrap().1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.contains("\"zh-cn\""), "{entry}");
        assert!(entry.contains("\"en\""), "{entry}");
    }

    #[test]
    fn same_input_same_files() {
        let build = || {
            let mut ix = Indexer::new().unwrap();
            for i in 0..20 {
                ix.add(
                    &format!("/p{i}/"),
                    page("zh-CN", &format!("<h1>项目{i}</h1><p>托育服务 口袋公园 第{i}项</p>")),
                )
                .unwrap();
            }
            ix.finish().unwrap()
        };
        assert_eq!(build(), build());
    }
}
