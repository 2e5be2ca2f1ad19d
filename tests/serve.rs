//! `gongkai serve` in process: a copy of the minimal fixture served on an
//! ephemeral port of 127.0.0.1, fetched over HTTP; edits to the copy show
//! up (polled, never timed), broken content turns every page into the
//! diagnostics page, and the fix brings the site back.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gongkai::serve::{Event, ServeOptions, Server, SECURITY_HEADERS};
use scraper::Html;

use common::{sel, text_of};

const PLAN: &str = "content/plans/alpha/2023/plan.yaml";

/// A generous limit for a rebuild to show: only a hang fails it.
const PATIENCE: Duration = Duration::from_secs(60);

struct Page {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Page {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn fetch(url: &str) -> Page {
    page(agent().get(url).call().expect("the server answers"))
}

fn page(mut res: ureq::http::Response<ureq::Body>) -> Page {
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Page {
        status: res.status().as_u16(),
        headers,
        body: res.body_mut().read_to_string().unwrap_or_default(),
    }
}

/// Sends `request` as written (no client normalising the path) and returns
/// the status line and headers.
fn raw(addr: SocketAddr, request: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Fetches `url` until `ok` holds for the page, for at most [`PATIENCE`].
fn poll(url: &str, what: &str, ok: impl Fn(&Page) -> bool) -> Page {
    let start = Instant::now();
    loop {
        let p = fetch(url);
        if ok(&p) {
            return p;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "{what}: never happened; last answer {}:\n{}",
            p.status,
            p.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn h1(p: &Page) -> String {
    text_of(&p.html(), "h1").trim().to_string()
}

fn lang(p: &Page) -> String {
    p.html()
        .select(&sel("html"))
        .next()
        .and_then(|e| e.value().attr("lang"))
        .unwrap_or_default()
        .to_string()
}

/// Events, as "built N/M" or "failed", in order.
type Log = Arc<Mutex<Vec<String>>>;

fn start(site: &Path, output: Option<&Path>) -> (Server, Log) {
    let mut opts = ServeOptions::new(site);
    opts.port = 0;
    opts.base_path = "/minsheng/".into();
    opts.debounce = Duration::from_millis(50);
    opts.output = output.map(Path::to_path_buf);
    let log: Log = Arc::default();
    let sink = log.clone();
    let server = gongkai::serve::start(
        &opts,
        Arc::new(move |e: Event| {
            let line = match e {
                Event::Built { report, .. } => format!("built {}/{}", report.rendered, report.pages),
                Event::Failed { .. } => "failed".into(),
                _ => return,
            };
            sink.lock().unwrap().push(line);
        }),
    )
    .expect("the preview starts");
    (server, log)
}

/// Waits for the `n`th complete build and returns the last event.
fn wait_for_built(log: &Log, n: usize) -> String {
    let start = std::time::Instant::now();
    loop {
        let log = log.lock().unwrap().clone();
        if log.iter().filter(|l| l.starts_with("built")).count() >= n {
            return log.last().cloned().unwrap();
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no build {n}: {log:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    common::patch(root, rel, from, to);
}

#[test]
fn serves_the_built_site_with_headers_404s_and_405() {
    let site = common::copy_site(&common::fixture("minimal"));
    let (server, _) = start(site.path(), None);
    let base = server.url().to_string();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/minsheng/"),
        "{base}"
    );

    let home = fetch(&base);
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(home.header(name), Some(value), "{name}");
    }
    assert_eq!(lang(&home), "zh-CN");
    // The reload script is a file, loaded by a tag with no inline code.
    let doc = home.html();
    let reload: Vec<_> = doc
        .select(&sel("script"))
        .filter(|s| {
            s.value()
                .attr("src")
                .is_some_and(|v| v.ends_with("/assets/_preview/reload.js"))
        })
        .collect();
    assert_eq!(reload.len(), 1);
    assert!(doc
        .select(&sel("script"))
        .all(|s| s.value().attr("src").is_some() && s.inner_html().trim().is_empty()));
    let js = fetch(&format!("{base}assets/_preview/reload.js"));
    assert_eq!(js.status, 200);
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(js.body.contains("EventSource"));

    let en = fetch(&format!("{base}en/plans/alpha/2023/shantytowns/"));
    assert_eq!((en.status, h1(&en).as_str()), (200, "Shantytown renovation"));

    for (path, want) in [
        ("nothing/", "zh-CN"),
        ("en/nothing/", "en"),
        ("en/plans/alpha/1999/", "en"),
        ("care/nothing/", "zh-CN"),
        ("care/en/nothing/", "en"),
    ] {
        let p = fetch(&format!("{base}{path}"));
        assert_eq!(p.status, 404, "{path}");
        assert_eq!(lang(&p), want, "{path}");
        assert_eq!(p.header("x-frame-options"), Some("DENY"), "{path}");
        let care_css = p.html().select(&sel("link[rel=stylesheet]")).any(|l| {
            l.value()
                .attr("href")
                .is_some_and(|h| h.ends_with("/care/assets/style.css"))
        });
        assert_eq!(care_css, path.starts_with("care/"), "{path}: the variant's own 404");
    }

    for method in ["POST", "PUT", "DELETE"] {
        let head = raw(
            server.addr(),
            &format!("{method} /minsheng/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        );
        assert!(head.starts_with("HTTP/1.1 405"), "{method}: {head}");
        assert!(head.to_ascii_lowercase().contains("\r\nallow: get, head\r\n"), "{head}");
    }
    let head = raw(
        server.addr(),
        "HEAD /minsheng/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    for path in [
        "/minsheng/../../etc/passwd",
        "/minsheng/%2e%2e/%2e%2e/etc/passwd",
        "/minsheng/en/..%5c..%5cx",
    ] {
        let head = raw(
            server.addr(),
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        assert!(head.starts_with("HTTP/1.1 400"), "{path}: {head}");
    }

    let events = raw(
        server.addr(),
        "GET /minsheng/assets/_preview/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(events.starts_with("HTTP/1.1 200"), "{events}");
    assert!(events.contains("text/event-stream"), "{events}");
    assert!(!site.path().join("public").exists(), "serve writes nothing by default");
}

#[test]
fn edits_show_broken_content_shows_diagnostics_and_the_fix_recovers() {
    let site = common::copy_site(&common::fixture("minimal"));
    let (server, log) = start(site.path(), None);
    let base = server.url().to_string();
    let project = format!("{base}en/plans/alpha/2023/shantytowns/");
    assert_eq!(h1(&fetch(&project)), "Shantytown renovation");

    edit(site.path(), PLAN, "Shantytown renovation}", "Shantytown renewal}");
    poll(&project, "the edit shows", |p| {
        p.status == 200 && h1(p) == "Shantytown renewal"
    });
    // Served at once, rendered on request; the complete rebuild follows.
    let last = wait_for_built(&log, 2);
    let (rendered, total) = last
        .strip_prefix("built ")
        .and_then(|s| s.split_once('/'))
        .map(|(a, b)| (a.parse::<usize>().unwrap(), b.parse::<usize>().unwrap()))
        .unwrap_or_else(|| panic!("{last}"));
    assert!(
        rendered > 0 && rendered < total,
        "only what changed is rendered: {last}"
    );
    // A page that does not show the project was not touched, and still answers.
    assert_eq!(fetch(&format!("{base}en/about/")).status, 200);
    // Once the edit is in, the watcher falls quiet: the preview's own reads
    // of the sources are not changes (they once made it rebuild in a loop).
    let batches = server.batches();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(server.batches(), batches, "no changes reported while nothing is edited");

    edit(site.path(), PLAN, "category: housing", "category: housingg");
    let broken = poll(&project, "the diagnostics page", |p| p.status == 500);
    assert_eq!(broken.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(broken.header("content-security-policy"), Some(SECURITY_HEADERS[0].1));
    let doc = broken.html();
    let places: Vec<String> = doc.select(&sel("li .where code")).map(|c| c.text().collect()).collect();
    assert!(
        places.iter().any(|p| {
            p.strip_prefix(&format!("{PLAN}:"))
                .and_then(|lc| lc.split_once(':'))
                .is_some_and(|(l, c)| l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok())
        }),
        "{places:?}"
    );
    assert!(text_of(&doc, "li .what").contains("housingg"), "{}", broken.body);
    // Every page, in every language, shows the errors rather than stale output.
    assert_eq!(fetch(&base).status, 500);
    assert_eq!(fetch(&format!("{base}en/about/")).status, 500);
    // The diagnostics page reloads by itself and is styled from a file.
    assert!(doc
        .select(&sel("script"))
        .any(|s| s.value().attr("src").is_some_and(|v| v.ends_with("reload.js"))));
    assert_eq!(fetch(&format!("{base}assets/_preview/preview.css")).status, 200);

    edit(site.path(), PLAN, "category: housingg", "category: housing");
    poll(&project, "the fix recovers", |p| {
        p.status == 200 && h1(p) == "Shantytown renewal"
    });
    assert_eq!(fetch(&base).status, 200);
}

#[test]
fn a_template_that_fails_shows_its_error_and_the_fix_recovers() {
    let site = common::copy_site(&common::fixture("minimal"));
    let (server, log) = start(site.path(), None);
    let about = format!("{}en/about/", server.url());
    assert_eq!(fetch(&about).status, 200);
    let tpl = gongkai::theme::DEFAULT_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "about.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    let over = site.path().join("templates/about.html");
    fs::create_dir_all(over.parent().unwrap()).unwrap();
    fs::write(&over, format!("{tpl}\n{{{{ no_such_value }}}}\n")).unwrap();
    // Rendered on request from the new content, then the catch-up's
    // diagnostics page: a 500 naming the template either way.
    let broken = poll(&about, "the template error", |p| p.status == 500);
    assert!(broken.body.contains("about.html"), "{}", broken.body);
    let start = Instant::now();
    while !log.lock().unwrap().iter().any(|l| l == "failed") {
        assert!(start.elapsed() < PATIENCE, "the catch-up reports the failure");
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown = fetch(&about);
    assert_eq!(shown.status, 500);
    assert!(shown.body.contains("about.html"), "{}", shown.body);
    fs::remove_file(&over).unwrap();
    poll(&about, "the fix recovers", |p| p.status == 200);
}

#[test]
fn output_is_written_on_every_build_and_never_has_the_reload_script() {
    let site = common::copy_site(&common::fixture("minimal"));
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("preview");
    let (server, _) = start(site.path(), Some(&out));
    let project = out.join("en/plans/alpha/2023/shantytowns/index.html");
    assert!(out.join(gongkai::write::guard::MARKER).is_file());
    let on_disk = fs::read_to_string(&project).unwrap();
    assert!(
        !on_disk.contains("_preview"),
        "files on disk are the built site, no reload script"
    );
    assert!(
        fetch(server.url()).body.contains("_preview/reload.js"),
        "served pages get it"
    );

    edit(site.path(), PLAN, "Shantytown renovation}", "Shantytown renewal}");
    let start = Instant::now();
    loop {
        let doc = Html::parse_document(&fs::read_to_string(&project).unwrap_or_default());
        if text_of(&doc, "h1").trim() == "Shantytown renewal" {
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the edit never reached {}",
            project.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
}

#[test]
fn a_built_site_has_no_preview_files() {
    let site = common::copy_site(&common::fixture("minimal"));
    let out = tempfile::tempdir().unwrap();
    common::build_to(site.path(), out.path(), None).unwrap();
    for (path, bytes) in common::snapshot(out.path()) {
        assert!(!path.contains("_preview"), "{path}");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("_preview/reload.js"),
            "{path} loads the reload script"
        );
    }
}

#[test]
fn an_address_in_use_is_a_clear_error() {
    let site = common::copy_site(&common::fixture("minimal"));
    let (server, _) = start(site.path(), None);
    let mut opts = ServeOptions::new(site.path());
    opts.port = server.addr().port();
    let err = gongkai::serve::start(&opts, Arc::new(|_: Event| {}))
        .err()
        .expect("the port is taken");
    assert!(err.to_string().starts_with("cannot listen on 127.0.0.1:"), "{err}");
}
