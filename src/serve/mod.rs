//! `gongkai serve`: the live preview. It builds the site into memory (never
//! into `public/`; `--output DIR` also writes each build there, with the
//! same folder rules as `gongkai build`), serves it on 127.0.0.1 (another
//! address only when asked with `--bind`), watches the sources and rebuilds
//! on change, and reloads open pages. After an edit the new content is
//! validated and served at once, each page rendered when it is asked for;
//! then every page whose view changed is rendered again, with the data
//! files and the search index, in the background. While the content is
//! broken every page answers with the diagnostics page, until the fix is
//! saved.
//!
//! - [`site`]: sources and the last good build in memory, prepared builds
//!   that render a page on request, incremental rebuilds;
//! - `catch_up`: the incremental render, search index and `--output` copy
//!   of each build, on their own thread once the pages are served;
//! - [`watch`]: the debounced file watcher;
//! - [`http`]: the axum server: files, 404 per language, 405, security
//!   headers ([`SECURITY_HEADERS`]), the reload script and its event stream;
//! - [`resolve`]: request path → file, refusing traversal;
//! - [`diagnostics`]: the page listing every error.

mod catch_up;
pub mod diagnostics;
pub mod http;
pub mod resolve;
pub mod site;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::watch as channel;

use crate::error::{Error, Result};
use crate::write::guard;
use catch_up::{CatchUp, Job};
pub use http::SECURITY_HEADERS;
use site::{Content, Pages, Preview, Snapshot};
pub use site::{Rebuilt, THEME_DIR};
use watch::{Changes, Watcher};

/// What `gongkai serve` builds, where it listens and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Also write each build here (same rules as `gongkai build`); `None`: memory only.
    pub output: Option<PathBuf>,
    /// Replace a foreign non-empty `output` (see [`crate::write::guard`]).
    pub force: bool,
    /// Address to listen on; 127.0.0.1 unless the user asked for another.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Path to serve under, e.g. `/minsheng/`.
    pub base_path: String,
    /// Reload open pages after each rebuild.
    pub reload: bool,
    /// Quiet time after the last change before rebuilding: long enough
    /// for an editor's save (write, rename, attributes) to arrive as one
    /// change. A save split across two is served twice, which costs one
    /// extra preparation (about 0.1 s at 100,000 projects).
    pub debounce: Duration,
    /// Index the site for search after each build (see
    /// [`crate::build::BuildOptions::search`]); pages are served first.
    pub search: bool,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1:1111 at `/`, memory only, live reload, 50 ms debounce.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            output: None,
            force: false,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            base_path: "/".into(),
            reload: true,
            debounce: Duration::from_millis(50),
            search: true,
        }
    }
}

/// What the preview tells its user (the command line prints these).
pub enum Event<'a> {
    /// The content changed by `changed` is validated and its pages are
    /// served, each rendered when asked for; `elapsed` from noticing the
    /// change. [`Event::Built`] follows once every file is up to date.
    Served { changed: &'a [String], elapsed: Duration },
    /// A build finished: the first one (`changed` empty) or after `changed`
    /// source files; `elapsed` from noticing the change to serving the result.
    Built {
        changed: &'a [String],
        report: &'a Rebuilt,
        elapsed: Duration,
    },
    /// A build failed; every page shows the diagnostics page until fixed.
    Failed { changed: &'a [String], error: &'a Error },
    /// Writing the `--output` folder failed (the preview itself is fine).
    WriteFailed { error: &'a Error },
    /// The watcher lost track of changes; every source was read again.
    Rescanned { reason: &'a str },
    /// A folder created since the start cannot be watched.
    WatchFailed { error: &'a Error },
    /// The server is listening at this address; `theme` is the theme folder
    /// read from disk (and watched), when the site folder has one.
    Listening { url: &'a str, theme: Option<&'a Path> },
}

/// A running preview; stopped when dropped.
pub struct Server {
    url: String,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    batches: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// The address of the site, e.g. `http://127.0.0.1:1111/minsheng/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many batches of changes the watcher has reported so far (a
    /// quiet folder reports none: the preview's own reads are not changes).
    pub fn batches(&self) -> u64 {
        self.batches.load(Ordering::SeqCst)
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// How events reach the user.
pub type Reporter = Arc<dyn Fn(Event) + Send + Sync>;

/// Builds the site, starts serving and watching, and returns at once.
/// Fails only for what a user must fix before a preview makes sense (the
/// address is taken, no `content/` folder, an `--output` gongkai may not
/// replace); broken content is served as the diagnostics page.
pub fn start(opts: &ServeOptions, report: Reporter) -> Result<Server> {
    let base_path = normalise_path(&opts.base_path);
    let listener = TcpListener::bind((opts.bind, opts.port))
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port)))?;
    let url = format!("http://{}{base_path}", display_addr(addr));
    if let Some(out) = &opts.output {
        guard::check_output(&opts.root, out, opts.force)?;
    }
    let preview = Preview::new(&opts.root, &url)?;
    let (tx, rx) = mpsc::channel();
    let watcher = Watcher::start(preview.root(), &preview.watched(), opts.debounce, tx)?;
    let catch_up = CatchUp {
        search: opts.search,
        output: opts.output.clone(),
        snapshots: Arc::new(
            channel::channel(Arc::new(Snapshot {
                generation: String::new(),
                content: Content::Site(Arc::default()),
            }))
            .0,
        ),
        report: report.clone(),
        latest: Arc::default(),
        last: Arc::default(),
        base_path: base_path.clone(),
        reload: opts.reload,
    };
    let mut rebuilder = Rebuilder {
        preview,
        watcher,
        generation: Generation::new(),
        base_path: base_path.clone(),
        reload: opts.reload,
        catch_up: catch_up.clone(),
        jobs: None,
        worker: None,
    };
    // The first build is rendered, indexed and written before serving starts.
    let mut pages = Pages::default();
    if let Some(job) = rebuilder.rebuild(&[], Instant::now()) {
        catch_up.run(&mut pages, job);
    }
    let (jobs, worker) = catch_up.spawn(pages)?;
    rebuilder.jobs = Some(jobs);
    rebuilder.worker = Some(worker);
    let app = http::App {
        snapshots: rebuilder.catch_up.snapshots.subscribe(),
        base_path: base_path.into(),
        reload: opts.reload,
    };
    let runtime = serve_http(listener, app)?;
    report(Event::Listening {
        url: &url,
        theme: rebuilder.preview.theme_dir(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let batches = Arc::new(AtomicU64::new(0));
    let thread = {
        let (stop, batches) = (stop.clone(), batches.clone());
        std::thread::Builder::new()
            .name("gongkai-rebuild".into())
            .spawn(move || rebuilder.run(rx, &stop, &batches))
            .map_err(|e| Error::io("starting the rebuild thread for", &opts.root, e))?
    };
    Ok(Server {
        url,
        addr,
        stop,
        batches,
        thread: Some(thread),
        runtime: Some(runtime),
    })
}

/// Starts the HTTP server on its own small runtime.
fn serve_http(listener: TcpListener, app: http::App) -> Result<tokio::runtime::Runtime> {
    let io_error = |e: std::io::Error| Error::Usage(format!("cannot start the server: {e}"));
    listener.set_nonblocking(true).map_err(io_error)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("gongkai-http")
        .enable_all()
        .build()
        .map_err(io_error)?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(io_error)?
    };
    runtime.spawn(async move {
        let _ = axum::serve(listener, http::router(app)).await;
    });
    Ok(runtime)
}

/// Owns the sources and rebuilds on every change the watcher reports.
struct Rebuilder {
    preview: Preview,
    watcher: Watcher,
    generation: Generation,
    base_path: String,
    reload: bool,
    /// Search and `--output` after each build ([`catch_up`]); also holds
    /// the served snapshots and the reporter.
    catch_up: CatchUp,
    jobs: Option<mpsc::Sender<Job>>,
    worker: Option<JoinHandle<()>>,
}

impl Rebuilder {
    fn run(mut self, rx: mpsc::Receiver<Changes>, stop: &AtomicBool, batches: &AtomicU64) {
        while !stop.load(Ordering::SeqCst) {
            let first = match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(c) => c,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            let start = Instant::now();
            batches.fetch_add(1, Ordering::SeqCst);
            let mut paths = Vec::new();
            let mut rescan = None;
            for changes in std::iter::once(first).chain(rx.try_iter()) {
                match changes {
                    Changes::Paths(p) => paths.extend(p),
                    Changes::Rescan(reason) => rescan = Some(reason),
                }
            }
            let changed = match rescan {
                Some(reason) => {
                    (self.catch_up.report)(Event::Rescanned { reason: &reason });
                    if let Err(e) = self.preview.rescan() {
                        let generation = self.generation.next();
                        self.fail(generation, &e, &["(all)".into()]);
                        continue;
                    }
                    vec!["(all)".to_string()]
                }
                None => self.preview.apply(&paths),
            };
            if let Err(error) = self.watcher.follow(&self.preview.watched()) {
                (self.catch_up.report)(Event::WatchFailed { error: &error });
            }
            if !changed.is_empty() {
                if let (Some(job), Some(jobs)) = (self.rebuild(&changed, start), &self.jobs) {
                    let _ = jobs.send(job);
                }
            }
        }
        self.catch_up.stop();
        self.jobs = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }

    /// Prepares the new content and serves it; after a success, returns
    /// what the catch-up still has to do with it.
    fn rebuild(&mut self, changed: &[String], start: Instant) -> Option<Job> {
        // Announced first: a catch-up still rendering or indexing the last
        // build stops and leaves both cores to this one.
        let generation = self.generation.next();
        let seq = self.generation.n;
        self.catch_up.announce(seq);
        match self.preview.prepare() {
            Ok(prepared) => {
                let files = self.catch_up.last_files();
                drop_later(self.catch_up.snapshots.send_replace(Arc::new(Snapshot {
                    generation: generation.clone(),
                    content: Content::Prepared(prepared.clone(), files),
                })));
                (self.catch_up.report)(Event::Served {
                    changed,
                    elapsed: start.elapsed(),
                });
                Some(Job {
                    seq,
                    generation,
                    prepared,
                    changed: changed.to_vec(),
                    start,
                })
            }
            Err(error) => {
                self.fail(generation, &error, changed);
                None
            }
        }
    }

    /// Serves the diagnostics page of `error` under `generation`.
    fn fail(&self, generation: String, error: &Error, changed: &[String]) {
        let page = diagnostics::page(error, &self.base_path, &generation, self.reload);
        self.catch_up.snapshots.send_replace(Arc::new(Snapshot {
            generation,
            content: Content::Broken(Bytes::from(page)),
        }));
        (self.catch_up.report)(Event::Failed { changed, error });
    }
}

/// Drops `value` on a thread of its own, at the catch-up's priority: the
/// last site's model and page list, once replaced, take tens of
/// milliseconds to free at 100,000 projects, which an edit being served
/// should not wait for.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new().name("gongkai-drop".into()).spawn(move || {
        catch_up::yield_to_edits();
        drop(value);
    });
    // Without a thread, it is simply dropped here.
    drop(spawned);
}

/// Names the site's versions: a per-process part, so pages left open over
/// a restart reload, and a counter.
struct Generation {
    process: String,
    n: u64,
}

impl Generation {
    fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Generation {
            process: format!("{:x}{:x}", nanos, std::process::id()),
            n: 0,
        }
    }

    fn next(&mut self) -> String {
        self.n += 1;
        format!("{}-{}", self.process, self.n)
    }
}

/// `minsheng` → `/minsheng/`; `` → `/`.
fn normalise_path(p: &str) -> String {
    let trimmed = p.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// The host part of the site's URL: the listening address, or 127.0.0.1
/// when listening on every interface.
fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_and_addresses() {
        assert_eq!(normalise_path(""), "/");
        assert_eq!(normalise_path("minsheng"), "/minsheng/");
        assert_eq!(normalise_path("/a/b/"), "/a/b/");
        assert_eq!(display_addr("0.0.0.0:80".parse().unwrap()), "127.0.0.1:80");
        assert_eq!(display_addr("[::]:80".parse().unwrap()), "[::1]:80");
        assert_eq!(display_addr("192.0.2.1:8080".parse().unwrap()), "192.0.2.1:8080");
    }
}
