//! Stage 4b, **search index**: the rendered pages of the standard variant,
//! fed as they are rendered into Pagefind's library
//! ([`pagefind::api::PagefindIndex`], Extended build: Chinese is segmented
//! into words), which returns the static index files written under
//! `pagefind/` at the site root with the rest of the build. Browsers query
//! them with `pagefind/<lang>/pagefind.js` from the theme's `search.js`;
//! there is no server.
//!
//! What is indexed, and with which filters and metadata, is decided by the
//! templates (`data-pagefind-body`, `-filter`, `-meta`, `-ignore`, from the
//! view built in `render::search`); this module only runs the indexer.
//!
//! **Bundles and shards.** Pagefind keeps every page's words in memory until
//! the index is built (about 0.25 MB a page at its peak), and builds on one
//! thread. So each language gets its own bundle (`pagefind/zh/`,
//! `pagefind/en/`), and a bundle is cut into shards of at most
//! [`SHARD_PAGES`] pages: the first shard is the bundle folder itself, the
//! next ones its sub-folders `2/`, `3/`… listed in the bundle's
//! `shards.json`, which `search.js` merges into one search (Pagefind's
//! `mergeIndex`, results ordered by score across shards). Each shard is
//! filled and built on its own thread while the site goes on rendering, and
//! at most two shards of a language are held at once (one filling, one
//! being built), so memory stays bounded whatever the size of the site and
//! the two languages' indexes are built side by side. Pages reach a shard
//! in the order they are given, so the same site gives the same files.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::error::{Error, Result};
use crate::model::Lang;

/// The folder of the indexes below the site root.
pub const DIR: &str = "pagefind";

/// Pages in one shard of a language's index. A shard of 5,000 pages holds
/// about 1 GB while it is built; a search downloads a little of every shard
/// (its `pf_meta`, about 9 bytes a page, and the words' chunks), so a site of
/// 100,000 projects (about 120,000 indexed pages a language) is searched in
/// 24 shards.
pub const SHARD_PAGES: usize = 5_000;

/// The list of a bundle's further shards, read by `search.js`.
pub const SHARDS_FILE: &str = "shards.json";

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

/// Files only the first shard of a bundle needs: a merged shard is searched
/// with the first one's script and WebAssembly.
fn first_shard_only(name: &str) -> bool {
    name.ends_with(".js") || name.starts_with("wasm.")
}

/// The folder of `lang`'s index below the site root, with a trailing slash
/// (`pagefind/zh/`): the page loads `pagefind.js` from it.
pub fn bundle_dir(lang: Lang) -> String {
    format!("{DIR}/{}/", lang.code())
}

/// Files of the index, relative to the site root.
type Files = Vec<(String, Vec<u8>)>;

fn search_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Search(format!("{what}: {e}"))
}

/// A search index being filled page by page.
pub struct Indexer {
    shard_pages: usize,
    bundles: BTreeMap<&'static str, Bundle>,
    /// Files of built shards not yet taken.
    ready: Files,
    pages: usize,
    /// Set when the indexer is dropped unfinished: shards still filling
    /// stop taking pages and are not built.
    abandoned: Arc<AtomicBool>,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.abandoned.store(true, Ordering::SeqCst);
    }
}

/// One language's index: the shard being filled and the one being built.
struct Bundle {
    lang: Lang,
    filling: Option<Shard>,
    building: Option<JoinHandle<Result<Files>>>,
    shards: usize,
}

/// A shard on its own thread, receiving `(url, html)` pages.
struct Shard {
    pages: SyncSender<(String, String)>,
    thread: JoinHandle<Result<Files>>,
    count: usize,
}

impl Default for Indexer {
    fn default() -> Indexer {
        Indexer::new()
    }
}

impl Indexer {
    /// An indexer with shards of [`SHARD_PAGES`] pages.
    pub fn new() -> Indexer {
        Indexer::with_shard_pages(SHARD_PAGES)
    }

    /// An indexer whose shards hold at most `shard_pages` pages (at least 1).
    pub fn with_shard_pages(shard_pages: usize) -> Indexer {
        Indexer {
            shard_pages: shard_pages.max(1),
            bundles: BTreeMap::new(),
            ready: Vec::new(),
            pages: 0,
            abandoned: Arc::default(),
        }
    }

    /// Indexes one rendered page in `lang` published at `url` (below the
    /// site root, without the base path: `/plans/hebei/2023/`). Pages
    /// without a `data-pagefind-body` element are parsed but left out.
    pub fn add(&mut self, lang: Lang, url: &str, html: String) -> Result<()> {
        let shard_pages = self.shard_pages;
        let bundle = self.bundles.entry(lang.code()).or_insert_with(|| Bundle {
            lang,
            filling: None,
            building: None,
            shards: 0,
        });
        if bundle.filling.as_ref().is_some_and(|s| s.count >= shard_pages) {
            self.ready.extend(bundle.rotate()?);
        }
        if bundle.filling.is_none() {
            bundle.shards += 1;
            let dir = shard_dir(lang, bundle.shards);
            bundle.filling = Some(Shard::start(dir, bundle.shards == 1, self.abandoned.clone())?);
        }
        let shard = bundle.filling.as_mut().expect("a shard was just started");
        if shard.pages.send((url.to_string(), html)).is_err() {
            // The shard's thread stopped: its result says why.
            let shard = bundle.filling.take().expect("the shard is there");
            return Err(join(shard.thread)
                .err()
                .unwrap_or_else(|| search_error("indexing", "the indexer stopped")));
        }
        shard.count += 1;
        self.pages += 1;
        Ok(())
    }

    /// Pages given to [`Indexer::add`].
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Files of the shards built so far, to be written while the rest is
    /// indexed.
    pub fn take_ready(&mut self) -> Files {
        std::mem::take(&mut self.ready)
    }

    /// Builds the remaining shards and returns their files (and each
    /// bundle's `shards.json`), relative to the site root
    /// (`pagefind/zh/pagefind.js`, `pagefind/en/2/index/…`), sorted.
    pub fn finish(mut self) -> Result<Files> {
        let mut out = std::mem::take(&mut self.ready);
        for bundle in self.bundles.values_mut() {
            out.extend(bundle.rotate()?);
            if let Some(building) = bundle.building.take() {
                out.extend(join(building)?);
            }
            out.push(bundle.shards_file());
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

impl Bundle {
    /// Sends the filling shard to be built, after waiting for the one
    /// built before it, whose files are returned.
    fn rotate(&mut self) -> Result<Files> {
        let done = match self.building.take() {
            Some(building) => join(building)?,
            None => Vec::new(),
        };
        if let Some(shard) = self.filling.take() {
            drop(shard.pages);
            self.building = Some(shard.thread);
        }
        Ok(done)
    }

    /// `shards.json`: the folders of the shards after the first, relative
    /// to the bundle (`["2/", "3/"]`).
    fn shards_file(&self) -> (String, Vec<u8>) {
        let more: Vec<String> = (2..=self.shards).map(|k| format!("{k}/")).collect();
        let json = serde_json::to_vec(&more).expect("a list of strings serialises");
        (format!("{}{SHARDS_FILE}", bundle_dir(self.lang)), json)
    }
}

/// The folder of shard `k` (from 1) of `lang`'s index.
fn shard_dir(lang: Lang, k: usize) -> String {
    match k {
        1 => bundle_dir(lang),
        _ => format!("{}{k}/", bundle_dir(lang)),
    }
}

fn join(thread: JoinHandle<Result<Files>>) -> Result<Files> {
    thread
        .join()
        .unwrap_or_else(|_| Err(search_error("indexing", "the indexer stopped unexpectedly")))
}

impl Shard {
    /// Starts a shard written to `dir` (`pagefind/zh/2/`); it gives up,
    /// with no files, once `abandoned` is set.
    fn start(dir: String, first: bool, abandoned: Arc<AtomicBool>) -> Result<Shard> {
        // A few pages in flight keep the renderer and the indexer busy
        // without holding many pages' HTML.
        let (pages, incoming) = sync_channel::<(String, String)>(32);
        let thread = std::thread::Builder::new()
            .name(format!("index {dir}"))
            .spawn(move || {
                let mut index = ShardIndex::new()?;
                for (url, html) in incoming {
                    if !abandoned.load(Ordering::SeqCst) {
                        index.add(&url, html)?;
                    }
                }
                if abandoned.load(Ordering::SeqCst) {
                    return Ok(Vec::new());
                }
                index.files(&dir, first)
            })
            .map_err(|e| search_error("starting the indexer", e))?;
        Ok(Shard {
            pages,
            thread,
            count: 0,
        })
    }
}

/// Pagefind's index of one shard, on a small current-thread runtime (the
/// library is async on tokio).
struct ShardIndex {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
}

impl ShardIndex {
    fn new() -> Result<ShardIndex> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| search_error("starting the indexer", e))?;
        // URLs are given whole (below the site root), so no index.html
        // stripping or site folder is involved.
        let config = PagefindServiceConfig::builder().keep_index_url(true).build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| search_error("configuring the indexer", e))?;
        Ok(ShardIndex { runtime, index })
    }

    fn add(&mut self, url: &str, html: String) -> Result<()> {
        let index = &mut self.index;
        self.runtime
            .block_on(index.add_html_file(None, Some(url.to_string()), html))
            .map_err(|e| search_error(&format!("indexing {url}"), e))
            .map(drop)
    }

    /// Builds the shard and returns its files below `dir`.
    fn files(mut self, dir: &str, first: bool) -> Result<Files> {
        let index = &mut self.index;
        let files = self
            .runtime
            .block_on(index.get_files())
            .map_err(|e| search_error("building the index", e))?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let used = !UNUSED.contains(&name.as_str()) && (first || !first_shard_only(&name));
                used.then(|| (format!("{dir}{name}"), f.contents))
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"{lang}\"><head><title>t</title></head><body><main data-pagefind-body>{body}</main></body></html>")
    }

    fn names(files: &Files) -> Vec<&str> {
        files.iter().map(|f| f.0.as_str()).collect()
    }

    fn file(files: &Files, name: &str) -> String {
        let found = files.iter().find(|f| f.0 == name);
        String::from_utf8_lossy(&found.unwrap_or_else(|| panic!("{name} missing")).1).into_owned()
    }

    #[test]
    fn writes_one_bundle_per_language_under_pagefind() {
        let mut ix = Indexer::new();
        ix.add(
            Lang::Zh,
            "/a/",
            page("zh-CN", "<h1>口袋公园</h1><p>新建口袋公园3个。</p>"),
        )
        .unwrap();
        ix.add(
            Lang::En,
            "/en/a/",
            page("en", "<h1>Pocket parks</h1><p>Build 3 pocket parks.</p>"),
        )
        .unwrap();
        assert_eq!(ix.pages(), 2);
        let files = ix.finish().unwrap();
        let names = names(&files);
        for lang in ["zh", "en"] {
            assert!(
                names.contains(&format!("pagefind/{lang}/pagefind.js").as_str()),
                "{names:?}"
            );
            assert_eq!(file(&files, &format!("pagefind/{lang}/shards.json")), "[]");
        }
        assert!(names
            .iter()
            .all(|n| n.starts_with("pagefind/zh/") || n.starts_with("pagefind/en/")));
        assert!(!names.iter().any(|n| n.ends_with("pagefind-ui.js")));
        assert!(file(&files, "pagefind/zh/pagefind-entry.json").contains("\"zh-cn\""));
        assert!(file(&files, "pagefind/en/pagefind-entry.json").contains("\"en\""));
        assert!(!file(&files, "pagefind/en/pagefind-entry.json").contains("\"zh-cn\""));
    }

    #[test]
    fn a_large_bundle_is_cut_into_shards_listed_in_shards_json() {
        let mut ix = Indexer::with_shard_pages(3);
        let mut files = Vec::new();
        for i in 0..7 {
            ix.add(
                Lang::Zh,
                &format!("/p{i}/"),
                page("zh-CN", &format!("<h1>项目{i}</h1><p>托育服务</p>")),
            )
            .unwrap();
            files.extend(ix.take_ready());
        }
        assert!(!files.is_empty(), "the first shard is written while the third fills");
        files.extend(ix.finish().unwrap());
        assert_eq!(file(&files, "pagefind/zh/shards.json"), r#"["2/","3/"]"#);
        let names = names(&files);
        assert!(names.contains(&"pagefind/zh/3/pagefind-entry.json"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("pagefind/zh/4/")));
        // Merged shards use the first shard's script and WebAssembly.
        assert!(!names.contains(&"pagefind/zh/2/pagefind.js"));
        assert!(!names.iter().any(|n| n.starts_with("pagefind/zh/2/wasm.")));
        let count = |k: &str| {
            let entry: serde_json::Value =
                serde_json::from_str(&file(&files, &format!("pagefind/zh/{k}pagefind-entry.json"))).unwrap();
            entry["languages"]["zh-cn"]["page_count"].as_u64().unwrap()
        };
        assert_eq!([count(""), count("2/"), count("3/")], [3, 3, 1]);
    }

    #[test]
    fn an_abandoned_shard_is_not_built() {
        let abandoned = Arc::new(AtomicBool::new(false));
        let shard = Shard::start(shard_dir(Lang::Zh, 1), true, abandoned.clone()).unwrap();
        shard
            .pages
            .send(("/a/".into(), page("zh-CN", "<h1>口袋公园</h1>")))
            .unwrap();
        abandoned.store(true, Ordering::SeqCst);
        drop(shard.pages);
        assert!(join(shard.thread).unwrap().is_empty());
    }

    #[test]
    fn same_input_same_files() {
        let build = || {
            let mut ix = Indexer::with_shard_pages(8);
            let mut files = Vec::new();
            for i in 0..20 {
                ix.add(
                    Lang::Zh,
                    &format!("/p{i}/"),
                    page("zh-CN", &format!("<h1>项目{i}</h1><p>托育服务 口袋公园 第{i}项</p>")),
                )
                .unwrap();
                files.extend(ix.take_ready());
            }
            files.extend(ix.finish().unwrap());
            files.sort();
            files
        };
        assert_eq!(build(), build());
    }
}
