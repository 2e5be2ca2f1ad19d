//! The command line's side of `gongkai serve`: starts the preview and
//! prints what it does, one line per rebuild (errors always, the rest
//! unless `--quiet`).

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use gongkai::error::{Diagnostic, Error};
use gongkai::serve::{Event, Rebuilt, ServeOptions};

use crate::{print_warnings, render_error, MsgLang};

fn lang() -> gongkai::model::Lang {
    MsgLang::from_env().lang()
}

/// Warns that the preview will be reachable beyond this machine.
pub fn warn_bind(addr: IpAddr) {
    if !addr.is_loopback() {
        eprintln!(
            "warning: listening on {addr}, not only 127.0.0.1: other machines that can reach this one \
             can read the preview. Use this only on a network you trust, and stop the preview when done"
        );
    }
}

/// Serves until the process is stopped.
pub fn run(opts: &ServeOptions, quiet: bool, timings: bool) -> Result<(), Error> {
    let seen: Mutex<BTreeSet<Diagnostic>> = Mutex::new(BTreeSet::new());
    let root = opts.root.clone();
    let report = move |event: Event| match event {
        // The first build is reported once complete.
        Event::Served { changed, elapsed } if !quiet && !changed.is_empty() => {
            println!(
                "Serving the change to {} after {:.0} ms; re-rendering and indexing it",
                list(changed),
                elapsed.as_secs_f64() * 1000.0
            );
        }
        Event::Served { .. } => {}
        Event::Built {
            changed,
            report,
            elapsed,
        } => {
            if quiet {
                return;
            }
            if let Ok(mut seen) = seen.lock() {
                let new: Vec<Diagnostic> = report.warnings.iter().filter(|w| !seen.contains(*w)).cloned().collect();
                print_warnings(&root, &new);
                *seen = report.warnings.iter().cloned().collect();
            }
            println!("{}", built_line(changed, report, elapsed.as_secs_f64()));
            if timings {
                println!("{}", timings_line(report));
            }
        }
        Event::Failed { changed, error } => {
            if changed.is_empty() {
                eprintln!("{}", render_error(&root, error, lang()));
            } else {
                eprintln!(
                    "after a change to {}:\n{}",
                    list(changed),
                    render_error(&root, error, lang())
                );
            }
            eprintln!("The preview shows these errors on every page until they are fixed.");
        }
        Event::WriteFailed { error } => eprintln!("error: writing --output: {error}"),
        Event::WatchFailed { error } => eprintln!("error: {error}"),
        Event::Rescanned { reason } => {
            if !quiet {
                eprintln!("note: the file watcher lost track ({reason}); every source was read again");
            }
        }
        Event::Listening { url, theme } => {
            if let (Some(dir), false) = (theme, quiet) {
                println!(
                    "Theme read from {} and watched: template edits show at once \
                     (`gongkai build` uses the theme compiled into gongkai)",
                    dir.display()
                );
            }
            println!("Serving the site at {url} (Ctrl-C to stop)");
        }
    };
    gongkai::serve::start(opts, Arc::new(report))?.wait();
    Ok(())
}

fn built_line(changed: &[String], r: &Rebuilt, secs: f64) -> String {
    let [zh, en] = r.pages_per_lang;
    if changed.is_empty() {
        return format!(
            "Built {} pages ({zh} zh, {en} en), {} files, into memory in {secs:.2} s",
            r.pages, r.files
        );
    }
    let what = if r.full {
        format!("all {} pages re-rendered (templates or shared text changed)", r.pages)
    } else {
        format!("{} of {} pages re-rendered", r.rendered, r.pages)
    };
    format!(
        "Rebuilt after {}: {what}, {} files changed, in {:.0} ms",
        list(changed),
        r.files_changed,
        secs * 1000.0
    )
}

fn timings_line(r: &Rebuilt) -> String {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let t = &r.render;
    format!(
        "  timings: load+validate+derive {:.1} ms, templates {:.1} ms, views {:.1} ms, render {:.1} ms ({} pages), extras {:.1} ms",
        ms(r.validate),
        ms(r.engines),
        ms(t.views),
        ms(t.render),
        r.rendered,
        ms(t.extras)
    )
}

/// `a`, `a, b`, or `a, b and 3 more`.
fn list(files: &[String]) -> String {
    match files.len() {
        0..=2 => files.join(", "),
        n => format!("{}, {} and {} more", files[0], files[1], n - 2),
    }
}
