//! What follows a preview build once its pages are served: the search index
//! and the `--output` copy. Both take far longer than the rebuild itself on
//! a large site (indexing every page again), so after the first build they
//! run on their own thread: the next edit is rebuilt and served at once,
//! and a catch-up overtaken by a newer build stops between pages and is
//! dropped, so its index never replaces a newer site.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

use axum::body::Bytes;
use tokio::sync::watch as channel;

use super::site::{Content, Files, Snapshot};
use super::{Event, Reporter};
use crate::derive::{care_prefix, lang_prefix};
use crate::error::{Error, Result};
use crate::model::Lang;
use crate::search;
use crate::write::Staging;

/// One build's files, to be indexed and written.
pub(crate) struct Job {
    /// The build's number: a job is dropped once a newer build exists.
    pub seq: u64,
    /// The generation the pages were served under; the index is served
    /// under the same one, so open pages do not reload again.
    pub generation: String,
    pub files: Arc<Files>,
}

/// Runs catch-ups, now or on its thread.
#[derive(Clone)]
pub(crate) struct CatchUp {
    pub search: bool,
    pub output: Option<PathBuf>,
    pub snapshots: Arc<channel::Sender<Arc<Snapshot>>>,
    pub report: Reporter,
    /// The newest build's number; `u64::MAX` once the preview stops.
    pub latest: Arc<AtomicU64>,
}

impl CatchUp {
    fn superseded(&self, seq: u64) -> bool {
        self.latest.load(Ordering::SeqCst) != seq
    }

    /// Marks `seq` as the newest build, overtaking any catch-up running.
    pub fn announce(&self, seq: u64) {
        self.latest.store(seq, Ordering::SeqCst);
    }

    /// Stops the thread's work at its next page.
    pub fn stop(&self) {
        self.latest.store(u64::MAX, Ordering::SeqCst);
    }

    /// Starts the thread; it ends when the sender is dropped.
    pub fn spawn(self) -> Result<(mpsc::Sender<Job>, JoinHandle<()>)> {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("gongkai-catch-up".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    // Only the newest waiting build is worth indexing.
                    let job = rx.try_iter().last().unwrap_or(first);
                    self.run(job);
                }
            })
            .map_err(|e| Error::Search(format!("starting the search thread: {e}")))?;
        Ok((tx, thread))
    }

    /// Indexes and writes `job` unless a newer build overtakes it.
    pub fn run(&self, job: Job) {
        let mut files = job.files;
        if self.search {
            match with_index(&files, &|| self.superseded(job.seq)) {
                Ok(Some(indexed)) => {
                    let generation = job.generation;
                    let fresh = Arc::new(Snapshot {
                        generation: generation.clone(),
                        content: Content::Site(indexed.clone()),
                    });
                    // Replaced only if no newer build is served meanwhile.
                    self.snapshots.send_if_modified(|current| {
                        let same = current.generation == generation;
                        if same {
                            *current = fresh;
                        }
                        same
                    });
                    files = indexed;
                }
                Ok(None) => return,
                Err(error) => (self.report)(Event::WriteFailed { error: &error }),
            }
        }
        if let Some(out) = &self.output {
            if self.superseded(job.seq) {
                return;
            }
            if let Err(error) = write_output(out, &files) {
                (self.report)(Event::WriteFailed { error: &error });
            }
        }
    }
}

/// The site with its search index: the pages of the standard variant that
/// ask to be indexed (`data-index-body`), fed in path order. `None` when
/// `superseded` says so between two pages.
fn with_index(files: &Files, superseded: &dyn Fn() -> bool) -> Result<Option<Arc<Files>>> {
    let mut pages: Vec<(&String, &Bytes)> = files
        .iter()
        .filter(|(k, v)| {
            k.ends_with(".html")
                && !k.starts_with(care_prefix(true))
                && !k.starts_with(&format!("{}/", search::DIR))
                && v.windows(BODY_MARK.len()).any(|w| w == BODY_MARK)
        })
        .collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    let mut index = search::Indexer::new();
    for (key, bytes) in pages {
        if superseded() {
            return Ok(None);
        }
        let url = format!("/{}", key.strip_suffix("index.html").unwrap_or(key));
        let lang = if key.starts_with(lang_prefix(Lang::En)) {
            Lang::En
        } else {
            Lang::Zh
        };
        index.add(lang, &url, String::from_utf8_lossy(bytes).into_owned())?;
    }
    let mut out: Files = files
        .iter()
        .filter(|(k, _)| !k.starts_with(&format!("{}/", search::DIR)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.extend(index.finish()?.into_iter().map(|(k, v)| (k, Bytes::from(v))));
    Ok(Some(Arc::new(out)))
}

/// The attribute that marks a page for the index.
const BODY_MARK: &[u8] = b"data-index-body";

/// Writes the whole site to `out` atomically (see [`crate::write`]).
fn write_output(out: &std::path::Path, files: &Files) -> Result<()> {
    let list: Vec<(String, Vec<u8>)> = files.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    let mut staging = Staging::new(out)?;
    staging.write(&list)?;
    staging.commit().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><title>t</title></head>\
        <body><main data-index-body><h1>口袋公园</h1></main></body></html>";

    /// A catch-up whose served snapshot is `generation`'s plain files.
    fn setup(generation: &str, output: Option<PathBuf>) -> (CatchUp, Job, channel::Receiver<Arc<Snapshot>>) {
        let files: Arc<Files> = Arc::new(Files::from([("plans/a/index.html".to_string(), Bytes::from(PAGE))]));
        let (tx, rx) = channel::channel(Arc::new(Snapshot {
            generation: generation.to_string(),
            content: Content::Site(files.clone()),
        }));
        let catch_up = CatchUp {
            search: true,
            output,
            snapshots: Arc::new(tx),
            report: Arc::new(|_| {}),
            latest: Arc::default(),
        };
        catch_up.announce(1);
        let job = Job {
            seq: 1,
            generation: generation.to_string(),
            files,
        };
        (catch_up, job, rx)
    }

    fn served_index(rx: &channel::Receiver<Arc<Snapshot>>) -> bool {
        match &rx.borrow().content {
            Content::Site(files) => files.contains_key("search-index/zh/index.json"),
            Content::Broken(_) => false,
        }
    }

    #[test]
    fn the_newest_build_is_served_with_its_index_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let (catch_up, job, rx) = setup("g-1", Some(out.clone()));
        catch_up.run(job);
        assert!(served_index(&rx));
        assert_eq!(
            rx.borrow().generation,
            "g-1",
            "same generation: open pages do not reload"
        );
        assert!(out.join("plans/a/index.html").is_file());
        assert!(out.join("search-index/zh/index.json").is_file());
    }

    #[test]
    fn an_overtaken_build_is_neither_indexed_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let (catch_up, job, rx) = setup("g-1", Some(out.clone()));
        catch_up.announce(2);
        catch_up.run(job);
        assert!(!served_index(&rx));
        assert!(!out.exists());
    }

    #[test]
    fn an_index_never_replaces_a_newer_site() {
        let (catch_up, mut job, rx) = setup("g-2", None);
        job.generation = "g-1".into();
        catch_up.run(job);
        assert!(!served_index(&rx), "g-2 is served: g-1's index is dropped");
        assert_eq!(rx.borrow().generation, "g-2");
    }

    #[test]
    fn the_thread_indexes_what_it_is_sent_and_ends_with_its_sender() {
        let (catch_up, job, rx) = setup("g-1", None);
        let (jobs, thread) = catch_up.spawn().unwrap();
        jobs.send(job).unwrap();
        drop(jobs);
        thread.join().unwrap();
        assert!(served_index(&rx));
    }
}
