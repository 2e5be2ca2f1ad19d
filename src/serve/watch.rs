//! Watching the sources (notify, through its full debouncer): the site's
//! `content/`, `templates/`, `static/` and `i18n/` and the theme folder are
//! watched recursively, the site folder itself only for folders appearing
//! or disappearing. A burst of events (an editor's save is often several)
//! becomes one [`Changes`] after `debounce` of quiet. Events that only say a
//! file was opened or read are dropped: the preview reads the files it is
//! told about, and must not hear of its own reads (that would loop).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::error::{Error, Result};

/// What the watcher reports.
#[derive(Debug)]
pub(crate) enum Changes {
    /// These paths changed (files or folders, created, written or removed).
    Paths(Vec<PathBuf>),
    /// The watcher lost track (e.g. its event queue overflowed): read everything again.
    Rescan(String),
}

/// The running watcher; stops when dropped.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Folders watched recursively now.
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watches `root` (its direct entries) and `folders` (recursively),
    /// sending changes to `tx`.
    pub fn start(root: &Path, folders: &[PathBuf], debounce: Duration, tx: Sender<Changes>) -> Result<Watcher> {
        let handler = move |res: DebounceEventResult| {
            let msg = match res {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.event.paths)
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Changes::Paths(paths)
                }
                Err(errors) => Changes::Rescan(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")),
            };
            let _ = tx.send(msg);
        };
        let mut debouncer = new_debouncer(debounce, None, handler).map_err(|e| watch_error(root, e))?;
        debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        let mut w = Watcher {
            debouncer,
            watched: BTreeSet::new(),
        };
        w.follow(folders)?;
        Ok(w)
    }

    /// Watches those of `folders` that exist and are not watched yet (a
    /// folder created, or removed and created again, since the last call).
    pub fn follow(&mut self, folders: &[PathBuf]) -> Result<()> {
        self.watched.retain(|d| d.is_dir());
        for dir in folders {
            if dir.is_dir() && !self.watched.contains(dir) {
                self.debouncer
                    .watch(dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(dir, e))?;
                self.watched.insert(dir.clone());
            }
        }
        Ok(())
    }
}

fn watch_error(path: &Path, e: notify_debouncer_full::notify::Error) -> Error {
    Error::Usage(format!(
        "cannot watch {} for changes: {e}. On Linux, the number of watches may be raised with \
         `sysctl fs.inotify.max_user_watches=524288`",
        path.display()
    ))
}
