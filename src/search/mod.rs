//! Stage 4b, **search index**: the rendered pages of the standard variant,
//! read as they are rendered into gongkai's own static index, written under
//! `search-index/<lang>/` at the site root with the rest of the build.
//! Browsers query it with the theme's `search.js`, which fetches the few
//! files a query needs; there is no server, and no WebAssembly.
//!
//! What is indexed, and with which filters and metadata, is decided by the
//! templates (`data-index-body`, `-filter`, `-meta`, `-ignore`, from the
//! view built in `render::search`); [`text`] reads those parts of a page
//! and cuts text into terms, [`index`] holds one language's postings and
//! lays out its files. Each language is filled on its own thread while the
//! site goes on rendering; result records are written as they fill, and the
//! terms (a few hundred bytes a page) when the build ends. Pages get their
//! numbers in the order they are given, so the same site gives the same
//! files.
//!
//! Why not a library: the previous index (Pagefind) took about 85% of the
//! CPU of a large build and most of its memory, parsing every page's HTML
//! again and compressing one file per page; the pages are our own, so
//! reading them costs a scan, and the index is laid out for the one search
//! page that uses it.

pub mod index;
pub mod text;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::error::{Error, Result};
use crate::model::Lang;
use index::{File, LangIndex, MAX_PAGES};

/// The folder of the indexes below the site root.
pub const DIR: &str = "search-index";

/// The folder of `lang`'s index below the site root, with a trailing slash
/// (`search-index/zh/`): the search page reads `index.json` from it.
pub fn bundle_dir(lang: Lang) -> String {
    format!("{DIR}/{}/", lang.code())
}

/// Files of the index, relative to the site root.
type Files = Vec<File>;

fn search_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Search(format!("{what}: {e}"))
}

/// A search index being filled page by page.
pub struct Indexer {
    langs: BTreeMap<&'static str, Worker>,
    /// Files finished by the workers, not yet taken.
    ready: Receiver<File>,
    ready_tx: Sender<File>,
    /// Files of the finished indexes, a few in flight at a time: they are
    /// written as they come, not piled up in memory.
    done: Receiver<File>,
    done_tx: SyncSender<File>,
    pages: usize,
    /// Set when the indexer is dropped unfinished: the workers stop taking
    /// pages and write nothing more.
    abandoned: Arc<AtomicBool>,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.abandoned.store(true, Ordering::SeqCst);
    }
}

/// One language's index on its own thread, receiving `(url, html)` pages
/// and sending its record files to the indexer's `ready` channel, and the
/// rest, when it finishes, to `done`.
struct Worker {
    pages: SyncSender<(String, Vec<u8>)>,
    thread: JoinHandle<Result<()>>,
}

impl Default for Indexer {
    fn default() -> Indexer {
        Indexer::new()
    }
}

impl Indexer {
    pub fn new() -> Indexer {
        let (ready_tx, ready) = channel();
        let (done_tx, done) = sync_channel(8);
        Indexer {
            langs: BTreeMap::new(),
            ready,
            ready_tx,
            done,
            done_tx,
            pages: 0,
            abandoned: Arc::default(),
        }
    }

    /// Indexes one rendered page in `lang` published at `url` (below the
    /// site root, without the base path: `/plans/hebei/2023/`). Pages
    /// without a `data-index-body` element are read but left out; a page
    /// that is not UTF-8 stops the index with an error naming it.
    pub fn add(&mut self, lang: Lang, url: &str, html: impl Into<Vec<u8>>) -> Result<()> {
        if !self.langs.contains_key(lang.code()) {
            let worker = Worker::start(
                lang,
                self.ready_tx.clone(),
                self.done_tx.clone(),
                self.abandoned.clone(),
            )?;
            self.langs.insert(lang.code(), worker);
        }
        let worker = self.langs.get(lang.code()).expect("the worker was just started");
        if worker.pages.send((url.to_string(), html.into())).is_err() {
            // The worker stopped: its result says why.
            let worker = self.langs.remove(lang.code()).expect("the worker is there");
            return Err(join(worker.thread)
                .err()
                .unwrap_or_else(|| search_error("indexing", "the indexer stopped")));
        }
        self.pages += 1;
        Ok(())
    }

    /// Pages given to [`Indexer::add`].
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// Files finished so far (result records), to be written while the
    /// rest is indexed.
    pub fn take_ready(&mut self) -> Files {
        self.ready.try_iter().collect()
    }

    /// Finishes every language's index, giving `sink` the files not yet
    /// taken (relative to the site root: `search-index/zh/index.json`…) a
    /// batch at a time while the languages finish side by side, so they
    /// are written as they come rather than held.
    pub fn finish_each(mut self, sink: &mut dyn FnMut(Files) -> Result<()>) -> Result<()> {
        let workers = std::mem::take(&mut self.langs);
        // The workers hold the only senders left: `done` ends when they
        // have all finished.
        let (_, done) = sync_channel(0);
        let done = std::mem::replace(&mut self.done, done);
        let (tx, _) = sync_channel(0);
        drop(std::mem::replace(&mut self.done_tx, tx));
        let mut threads = Vec::new();
        for (_, worker) in workers {
            drop(worker.pages);
            threads.push(worker.thread);
        }
        let mut batch = self.take_ready();
        for file in done {
            batch.push(file);
            if batch.len() >= 64 {
                sink(std::mem::take(&mut batch))?;
            }
        }
        threads.into_iter().try_for_each(join)?;
        batch.extend(self.take_ready());
        sink(batch)
    }

    /// [`Indexer::finish_each`], returning the files, sorted.
    pub fn finish(self) -> Result<Files> {
        let mut out = Vec::new();
        self.finish_each(&mut |files| {
            out.extend(files);
            Ok(())
        })?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

fn join(thread: JoinHandle<Result<()>>) -> Result<()> {
    thread
        .join()
        .unwrap_or_else(|_| Err(search_error("indexing", "the indexer stopped unexpectedly")))
}

impl Worker {
    /// Starts `lang`'s index; finished record files go to `ready`. It gives
    /// up, with no more files, once `abandoned` is set.
    fn start(lang: Lang, ready: Sender<File>, done: SyncSender<File>, abandoned: Arc<AtomicBool>) -> Result<Worker> {
        // A few pages in flight keep the renderer and the indexer busy
        // without holding many pages' HTML.
        let (pages, incoming) = sync_channel::<(String, Vec<u8>)>(64);
        let thread = std::thread::Builder::new()
            .name(format!("index {}", lang.code()))
            .spawn(move || {
                let mut index = LangIndex::new(bundle_dir(lang));
                for (url, html) in incoming {
                    if abandoned.load(Ordering::SeqCst) {
                        continue;
                    }
                    // Checked here, on the index's thread, with SIMD: the
                    // renderer hands over bytes.
                    let html = simdutf8::basic::from_utf8(&html)
                        .map_err(|_| search_error("indexing", format!("the page {url} is not UTF-8")))?;
                    let Some(page) = text::read_page(html) else { continue };
                    if index.pages() >= MAX_PAGES {
                        return Err(search_error(
                            "indexing",
                            format!("more than {MAX_PAGES} pages in one language"),
                        ));
                    }
                    if let Some(file) = index.add(&url, page) {
                        // The receiver outlives the worker unless the build
                        // was dropped, when nothing more is wanted.
                        let _ = ready.send(file);
                    }
                }
                if !abandoned.load(Ordering::SeqCst) {
                    index.finish(&mut |file| {
                        let _ = done.send(file);
                    });
                }
                Ok(())
            })
            .map_err(|e| search_error("starting the indexer", e))?;
        Ok(Worker { pages, thread })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, body: &str) -> String {
        format!("<!DOCTYPE html><html lang=\"{lang}\"><head><title>t</title></head><body><main data-index-body>{body}</main></body></html>")
    }

    fn names(files: &Files) -> Vec<&str> {
        files.iter().map(|f| f.0.as_str()).collect()
    }

    fn file(files: &Files, name: &str) -> serde_json::Value {
        let found = files.iter().find(|f| f.0 == name);
        serde_json::from_slice(&found.unwrap_or_else(|| panic!("{name} missing")).1).unwrap()
    }

    #[test]
    fn writes_one_index_per_language_under_search_index() {
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
        ix.add(Lang::En, "/en/b/", "<main><h1>Not marked</h1></main>").unwrap();
        assert_eq!(ix.pages(), 3);
        let files = ix.finish().unwrap();
        let names = names(&files);
        assert!(names
            .iter()
            .all(|n| n.starts_with("search-index/zh/") || n.starts_with("search-index/en/")));
        assert_eq!(file(&files, "search-index/zh/index.json")["docs"], 1);
        // The unmarked page is read but not indexed.
        assert_eq!(file(&files, "search-index/en/index.json")["docs"], 1);
        assert_eq!(file(&files, "search-index/en/docs/0.json")[0]["title"], "Pocket parks");
        assert_eq!(file(&files, "search-index/zh/docs/0.json")[0]["url"], "/a/");
    }

    #[test]
    fn a_page_that_is_not_utf8_is_an_error_naming_it() {
        let mut ix = Indexer::new();
        let mut bytes = page("zh-CN", "<h1>口袋公园</h1>").into_bytes();
        bytes.push(0xFF);
        // The worker may stop before or after the next page is sent: the
        // error comes from `add` or from `finish`, never a panic.
        let err = match ix.add(Lang::Zh, "/bad/", bytes) {
            Err(e) => e,
            Ok(()) => ix.finish().unwrap_err(),
        };
        assert!(err.to_string().contains("/bad/ is not UTF-8"), "{err}");
    }

    #[test]
    fn an_abandoned_indexer_writes_nothing_more() {
        let abandoned = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let (done_tx, done) = sync_channel(8);
        let worker = Worker::start(Lang::Zh, tx, done_tx, abandoned.clone()).unwrap();
        worker
            .pages
            .send(("/a/".into(), page("zh-CN", "<h1>口袋公园</h1>").into_bytes()))
            .unwrap();
        abandoned.store(true, Ordering::SeqCst);
        drop(worker.pages);
        join(worker.thread).unwrap();
        assert!(rx.try_iter().next().is_none());
        assert!(done.try_iter().next().is_none());
    }

    #[test]
    fn same_input_same_files() {
        let build = || {
            let mut ix = Indexer::new();
            let mut files = Vec::new();
            for i in 0..100 {
                let lang = if i % 3 == 0 { Lang::En } else { Lang::Zh };
                ix.add(
                    lang,
                    &format!("/p{i}/"),
                    page(
                        "zh-CN",
                        &format!("<h1>项目{i}</h1><p>托育服务 口袋公园 第{i}项 park{i}</p>"),
                    ),
                )
                .unwrap();
                files.extend(ix.take_ready());
            }
            files.extend(ix.finish().unwrap());
            files.sort();
            files
        };
        let first = build();
        assert!(first.iter().any(|f| f.0 == "search-index/zh/docs/1.json"));
        assert_eq!(first, build());
    }
}
