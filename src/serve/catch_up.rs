//! What follows a preview build once its pages are served on request
//! ([`super::site::Prepared`]): rendering every page that changed and the
//! other files ([`Pages::update`]), the search index, and the `--output`
//! copy. All take far longer than preparing on a large site (the index
//! reads every page again), so after the first build they run on their own
//! thread, and its own pool of threads at a lower priority: the next edit
//! is prepared and served at once, ahead of it, and a catch-up overtaken
//! by a newer build stops between pages and is dropped, so its files never
//! replace a newer site.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::watch as channel;

use super::site::{Content, Files, Pages, Prepared, Snapshot};
use super::{diagnostics, Event, Reporter};
use crate::derive::{care_prefix, lang_prefix};
use crate::error::{Error, Result};
use crate::model::Lang;
use crate::search;
use crate::write::Staging;

/// One prepared build, to be rendered, indexed and written.
pub(crate) struct Job {
    /// The build's number: a job is dropped once a newer build exists.
    pub seq: u64,
    /// The generation the pages were served under; the files and index are
    /// served under the same one, so open pages do not reload again.
    pub generation: String,
    pub prepared: Arc<Prepared>,
    /// The source files whose change led to this build (none: the first).
    pub changed: Vec<String>,
    /// When the change was noticed.
    pub start: Instant,
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
    /// The last complete site: what a prepared build serves for its files
    /// that are not pages until its own are computed.
    pub last: Arc<Mutex<Arc<Files>>>,
    /// For the diagnostics page, when a template fails.
    pub base_path: String,
    pub reload: bool,
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

    /// The last complete site's files.
    pub fn last_files(&self) -> Arc<Files> {
        self.last.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Starts the thread, which keeps `pages`; it ends when the sender is dropped.
    pub fn spawn(self, mut pages: Pages) -> Result<(mpsc::Sender<Job>, JoinHandle<()>)> {
        let (tx, rx) = mpsc::channel::<Job>();
        // Its own threads, at a lower priority: the next edit is prepared
        // on the others and takes the cores first.
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("gongkai-catch-up-{i}"))
            .start_handler(|_| yield_to_edits())
            .build()
            .map_err(|e| Error::Search(format!("starting the catch-up threads: {e}")))?;
        let thread = std::thread::Builder::new()
            .name("gongkai-catch-up".into())
            .spawn(move || {
                yield_to_edits();
                while let Ok(first) = rx.recv() {
                    // Only the newest waiting build is worth doing.
                    let job = rx.try_iter().last().unwrap_or(first);
                    pool.install(|| self.run(&mut pages, job));
                }
            })
            .map_err(|e| Error::Search(format!("starting the search thread: {e}")))?;
        Ok((tx, thread))
    }

    /// Renders, indexes and writes `job` unless a newer build overtakes it.
    pub fn run(&self, pages: &mut Pages, job: Job) {
        let cancelled = || self.superseded(job.seq);
        let (mut files, report) = match pages.update(&job.prepared, &cancelled) {
            Ok(Some(done)) => done,
            Ok(None) => return,
            Err(error) => {
                let page = diagnostics::page(&error, &self.base_path, &job.generation, self.reload);
                self.replace(&job.generation, Content::Broken(Bytes::from(page)));
                (self.report)(Event::Failed {
                    changed: &job.changed,
                    error: &error,
                });
                return;
            }
        };
        self.replace(&job.generation, Content::Site(files.clone()));
        (self.report)(Event::Built {
            changed: &job.changed,
            report: &report,
            elapsed: job.start.elapsed(),
        });
        if self.search {
            match with_index(&files, &cancelled) {
                Ok(Some(indexed)) => {
                    self.replace(&job.generation, Content::Site(indexed.clone()));
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

    /// Serves `content` under `generation` unless a newer build is served
    /// meanwhile; keeps a complete site's files for the next build.
    fn replace(&self, generation: &str, content: Content) {
        if let (Content::Site(files), Ok(mut last)) = (&content, self.last.lock()) {
            *last = files.clone();
        }
        let fresh = Arc::new(Snapshot {
            generation: generation.to_string(),
            content,
        });
        self.snapshots.send_if_modified(|current| {
            let same = current.generation == generation;
            if same {
                *current = fresh;
            }
            same
        });
    }
}

/// The site with its search index: the pages of the standard variant that
/// ask to be indexed (`data-index-body`), fed in path order. `None` when
/// `superseded` says so between two pages.
fn with_index(files: &Files, superseded: &dyn Fn() -> bool) -> Result<Option<Arc<Files>>> {
    let search_dir = format!("{}/", search::DIR);
    let mut pages: Vec<(&String, &Bytes)> = files
        .iter()
        .filter(|(k, _)| k.ends_with(".html") && !k.starts_with(care_prefix(true)) && !k.starts_with(&search_dir))
        .collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    let mut index = search::Indexer::new();
    for (key, bytes) in pages {
        // Checked before reading the page at all: at 100,000 projects the
        // pages are gigabytes, and a newer edit must not wait for them.
        if superseded() {
            return Ok(None);
        }
        if !bytes.windows(BODY_MARK.len()).any(|w| w == BODY_MARK) {
            continue;
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
    let staging = Staging::new(out)?;
    staging.write(&list)?;
    staging.commit().map(|_| ())
}

/// Lowers the calling thread's priority (nice 10), so that preparing a
/// newer edit, on threads of normal priority, is not slowed by the
/// catch-up of the last one. Linux keeps a nice value per thread; on
/// other systems the catch-up keeps normal priority.
pub(super) fn yield_to_edits() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes the scheduling of the calling thread
    // (`who` 0 is the caller); it touches no memory of ours.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::site::Preview;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_catch_up_yields_to_the_next_edit() {
        // SAFETY: getpriority only reads the calling thread's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let before = nice();
        let after = std::thread::spawn(move || {
            yield_to_edits();
            nice()
        })
        .join()
        .unwrap();
        assert_eq!(after, before.max(10), "the catch-up thread runs at nice 10 or lower");
        assert_eq!(nice(), before, "other threads keep their priority");
    }

    /// A catch-up whose served snapshot is `generation`'s prepared minimal
    /// fixture, and a job for it; the reporter counts complete builds.
    fn setup(
        generation: &str,
        output: Option<PathBuf>,
    ) -> (CatchUp, Job, channel::Receiver<Arc<Snapshot>>, Arc<AtomicU64>) {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let mut preview = Preview::new(&fixture, "http://127.0.0.1/").unwrap();
        let prepared = preview.prepare().unwrap();
        let (tx, rx) = channel::channel(Arc::new(Snapshot {
            generation: generation.to_string(),
            content: Content::Prepared(prepared.clone(), Arc::default()),
        }));
        let built = Arc::new(AtomicU64::new(0));
        let count = built.clone();
        let catch_up = CatchUp {
            search: true,
            output,
            snapshots: Arc::new(tx),
            report: Arc::new(move |e| {
                if let Event::Built { .. } = e {
                    count.fetch_add(1, Ordering::SeqCst);
                }
            }),
            latest: Arc::default(),
            last: Arc::default(),
            base_path: "/".into(),
            reload: true,
        };
        catch_up.announce(1);
        let job = Job {
            seq: 1,
            generation: generation.to_string(),
            prepared,
            changed: Vec::new(),
            start: Instant::now(),
        };
        (catch_up, job, rx, built)
    }

    /// Whether the served snapshot is a complete site with `key`.
    fn served(rx: &channel::Receiver<Arc<Snapshot>>, key: &str) -> bool {
        match &rx.borrow().content {
            Content::Site(files) => files.contains_key(key),
            Content::Prepared(..) | Content::Broken(_) => false,
        }
    }

    const INDEX: &str = "search-index/zh/index.json";
    const PAGE: &str = "en/about/index.html";

    #[test]
    fn the_newest_build_is_served_whole_with_its_index_and_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let (catch_up, job, rx, built) = setup("g-1", Some(out.clone()));
        catch_up.run(&mut Pages::default(), job);
        assert!(served(&rx, PAGE) && served(&rx, INDEX));
        assert_eq!(
            rx.borrow().generation,
            "g-1",
            "same generation: open pages do not reload"
        );
        assert_eq!(built.load(Ordering::SeqCst), 1);
        assert!(catch_up.last_files().contains_key(INDEX), "kept for the next build");
        assert!(out.join(PAGE).is_file());
        assert!(out.join(INDEX).is_file());
    }

    #[test]
    fn an_overtaken_build_is_neither_rendered_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("preview");
        let (catch_up, job, rx, built) = setup("g-1", Some(out.clone()));
        catch_up.announce(2);
        catch_up.run(&mut Pages::default(), job);
        assert!(matches!(rx.borrow().content, Content::Prepared(..)));
        assert_eq!(built.load(Ordering::SeqCst), 0);
        assert!(!out.exists());
    }

    #[test]
    fn files_never_replace_a_newer_site() {
        let (catch_up, mut job, rx, _) = setup("g-2", None);
        job.generation = "g-1".into();
        catch_up.run(&mut Pages::default(), job);
        assert!(!served(&rx, PAGE), "g-2 is served: g-1's files are dropped");
        assert_eq!(rx.borrow().generation, "g-2");
    }

    #[test]
    fn the_thread_does_what_it_is_sent_and_ends_with_its_sender() {
        let (catch_up, job, rx, _) = setup("g-1", None);
        let (jobs, thread) = catch_up.spawn(Pages::default()).unwrap();
        jobs.send(job).unwrap();
        drop(jobs);
        thread.join().unwrap();
        assert!(served(&rx, INDEX));
    }
}
