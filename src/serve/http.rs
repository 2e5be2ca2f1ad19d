//! The preview's HTTP side (axum): answers GET and HEAD from the current
//! [`Snapshot`] of the site in memory, 405 to any other method; sends the
//! [`SECURITY_HEADERS`] on every response; and, with live reload on, adds
//! the reload script (a file, [`RELOAD_JS`], never inline) to HTML answers
//! and streams the site's generation to it as server-sent events.

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::Stream;
use tokio::sync::watch;

use super::resolve::{resolve, Resolved};
use super::site::{Content, Snapshot};

/// The HTTP response headers every page of the site should be served with,
/// in `gongkai serve` and in production: scripts, styles and images only
/// from the site itself (`data:` images for inline SVG icons), no inline
/// script or style, no plugins, no framing, no MIME sniffing, and no full
/// URLs leaked to other sites. The deploy guide cites this list.
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; \
         base-uri 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
];

/// Folder of the preview's own files, below the base path. Never part of
/// a built site.
pub const PREVIEW_PREFIX: &str = "assets/_preview/";

/// The live-reload script, served at `PREVIEW_PREFIX` + `reload.js`.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// The diagnostics page's stylesheet, served at `PREVIEW_PREFIX` + `preview.css`.
pub const PREVIEW_CSS: &str = include_str!("preview.css");

/// What the handlers share: the latest snapshot and how to serve it.
#[derive(Clone)]
pub(crate) struct App {
    pub snapshots: watch::Receiver<Arc<Snapshot>>,
    /// `/` or `/minsheng/`.
    pub base_path: Arc<str>,
    /// Add the reload script to HTML answers.
    pub reload: bool,
}

pub(crate) fn router(app: App) -> Router {
    Router::new()
        .fallback(handle)
        .with_state(app)
        .layer(axum::middleware::map_response(with_headers))
}

async fn with_headers(mut res: Response) -> Response {
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    // A preview changes under the reader: never reuse an old answer.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: only GET and HEAD\n",
        );
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let path = uri.path();
    let preview = format!("{}{PREVIEW_PREFIX}", app.base_path);
    if let Some(name) = path.strip_prefix(&preview) {
        return preview_file(&app, name);
    }
    let snapshot = app.snapshots.borrow().clone();
    let (status, key, bytes) = match &snapshot.content {
        Content::Site(files) => {
            let (status, key) = match resolved(&app, path, |k| files.contains_key(k)) {
                Ok(found) => found,
                Err(res) => return *res,
            };
            let Some(bytes) = files.get(&key) else {
                return plain(status, "404 Not Found\n");
            };
            (status, key, bytes.clone())
        }
        Content::Prepared(prepared, files) => {
            // Pages and assets from the new content; other files (data,
            // feeds) from the last complete site until they are computed.
            let has = |k: &str| prepared.has(k) || (!k.ends_with(".html") && files.contains_key(k));
            let (status, key) = match resolved(&app, path, has) {
                Ok(found) => found,
                Err(res) => return *res,
            };
            let answer = {
                let (prepared, key) = (prepared.clone(), key.clone());
                tokio::task::spawn_blocking(move || prepared.file(&key)).await
            };
            match answer {
                Ok(Some(Ok(bytes))) => (status, key, Bytes::from(bytes)),
                Ok(Some(Err(error))) => {
                    let message = format!("500 Internal Server Error: {error}\n");
                    return typed(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "text/plain; charset=utf-8",
                        Bytes::from(message),
                    );
                }
                _ => match files.get(&key) {
                    Some(bytes) => (status, key, bytes.clone()),
                    None => return plain(status, "404 Not Found\n"),
                },
            }
        }
        Content::Broken(page) => {
            return typed(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                page.clone(),
            );
        }
    };
    let ct = content_type(&key);
    let body = if app.reload && ct.starts_with("text/html") {
        Bytes::from(inject_reload(&bytes, &app.base_path, &snapshot.generation))
    } else {
        bytes
    };
    typed(status, ct, body)
}

/// The file answering `path` and its status, or the answer itself (a
/// redirect, a refusal).
fn resolved(
    app: &App,
    path: &str,
    has: impl Fn(&str) -> bool,
) -> std::result::Result<(StatusCode, String), Box<Response>> {
    match resolve(has, &app.base_path, path) {
        Resolved::File(key) => Ok((StatusCode::OK, key)),
        Resolved::NotFound(key) => Ok((StatusCode::NOT_FOUND, key)),
        Resolved::Redirect(to) => Err(Box::new(redirect(&to))),
        Resolved::Refused => Err(Box::new(plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: not a path of this site\n",
        ))),
    }
}

/// The preview's own files: reload script, stylesheet, event stream.
fn preview_file(app: &App, name: &str) -> Response {
    match name {
        "reload.js" => typed(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            Bytes::from_static(RELOAD_JS.as_bytes()),
        ),
        "preview.css" => typed(
            StatusCode::OK,
            "text/css; charset=utf-8",
            Bytes::from_static(PREVIEW_CSS.as_bytes()),
        ),
        "events" => Sse::new(generations(app.snapshots.clone()))
            .keep_alive(KeepAlive::default())
            .into_response(),
        _ => plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
    }
}

/// The site's generation now, then after every rebuild, until the server stops.
fn generations(rx: watch::Receiver<Arc<Snapshot>>) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let generation = rx.borrow_and_update().generation.clone();
        Some((Ok(Event::default().event("generation").data(generation)), (rx, false)))
    })
}

/// The script tag that loads the reload script, carrying the generation the
/// page belongs to (an attribute: no inline script).
pub(crate) fn reload_tag(base_path: &str, generation: &str) -> String {
    format!(
        "<script src=\"{base_path}{PREVIEW_PREFIX}reload.js\" data-generation=\"{}\" defer></script>",
        crate::render::escape_xml(generation)
    )
}

/// `html` with the reload script tag before `</head>` (or at the end).
fn inject_reload(html: &[u8], base_path: &str, generation: &str) -> Vec<u8> {
    let tag = reload_tag(base_path, generation);
    let at = html
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn typed(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    typed(status, "text/plain; charset=utf-8", Bytes::from_static(text.as_bytes()))
}

fn redirect(to: &str) -> Response {
    let mut res = plain(StatusCode::PERMANENT_REDIRECT, "308 Permanent Redirect\n");
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The content type of a site file, by extension.
pub fn content_type(file: &str) -> &'static str {
    match file.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_tag_goes_before_the_end_of_head() {
        let out = inject_reload(b"<html><head><title>x</title></head><body></body></html>", "/m/", "g-1");
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "<html><head><title>x</title><script src=\"/m/assets/_preview/reload.js\" data-generation=\"g-1\" defer></script></head><body></body></html>"
        );
        let bare = String::from_utf8(inject_reload(b"<p>x</p>", "/", "1")).unwrap();
        assert!(bare.starts_with("<p>x</p><script src=\"/assets/_preview/reload.js\""));
    }

    #[test]
    fn security_headers_are_valid_header_values() {
        for (name, value) in SECURITY_HEADERS {
            HeaderName::from_static(name);
            HeaderValue::from_static(value);
            assert!(!value.contains("unsafe-inline"));
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("en/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("en/programs/rural-roads.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("assets/x"), "application/octet-stream");
    }
}
