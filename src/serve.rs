//! `gongkai serve`: build the site for a local address and serve it on
//! 127.0.0.1, so anyone can look at it in a browser. The build goes through
//! the same pipeline and atomic write as `gongkai build`, into a temporary
//! folder removed on exit unless `--output` names one (never `public/` by
//! default, so a preview cannot overwrite a production build); files are
//! served from disk with their content type, and unknown paths get the 404 page.
//! (Rebuilding on change is the live preview's job, not this command's.)

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::build::{build, BuildOptions, BuildSummary};
use crate::error::{Error, Result};

/// What `gongkai serve` builds and where it listens.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Where to write the preview; `None`: a temporary folder.
    pub output: Option<PathBuf>,
    /// Replace a foreign non-empty `output` (see [`crate::write::guard`]).
    pub force: bool,
    pub port: u16,
    /// Path to serve under, e.g. `/minsheng/`.
    pub base_path: String,
    /// Build the search index (see [`BuildOptions::search`]).
    pub search: bool,
}

/// Builds for `http://127.0.0.1:<port><base_path>` and serves the result
/// until the process is stopped. `on_ready` receives the summary and the
/// address to open.
pub fn serve(opts: &ServeOptions, on_ready: impl FnOnce(&BuildSummary, &str)) -> Result<()> {
    let base_path = normalise_path(&opts.base_path);
    let addr = format!("127.0.0.1:{}", opts.port);
    let url = format!("http://{addr}{base_path}");
    // The temporary folder lives as long as the server and is removed after.
    let (output, _temp) = match &opts.output {
        Some(o) => (o.clone(), None),
        None => {
            let t = tempfile::Builder::new()
                .prefix("gongkai-preview-")
                .tempdir()
                .map_err(|e| Error::io("creating a temporary folder in", &std::env::temp_dir(), e))?;
            (t.path().join("site"), Some(t))
        }
    };
    let summary = build(&BuildOptions {
        root: opts.root.clone(),
        output: output.clone(),
        base_url: Some(url.clone()),
        force: opts.force,
        search: opts.search,
    })?;
    let server = tiny_http::Server::http(&addr).map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    on_ready(&summary, &url);
    for request in server.incoming_requests() {
        let (status, file) = resolve(&output, &base_path, request.url());
        let response = match fs::read(&file) {
            Ok(bytes) => tiny_http::Response::from_data(bytes)
                .with_status_code(status)
                .with_header(content_type(&file)),
            Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

fn normalise_path(p: &str) -> String {
    let trimmed = p.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Maps a request path to a file of the output folder, never outside it.
fn resolve(root: &Path, base_path: &str, url: &str) -> (u16, PathBuf) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let not_found = (404, root.join("404.html"));
    let Some(rel) = path
        .strip_prefix(base_path)
        .or_else(|| (path.to_string() + "/").eq(base_path).then_some(""))
    else {
        return not_found;
    };
    let rel = Path::new(rel);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return not_found;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    if file.is_file() {
        (200, file)
    } else {
        not_found
    }
}

fn content_type(file: &Path) -> tiny_http::Header {
    let ct = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    };
    tiny_http::Header::from_bytes("Content-Type", ct).expect("static header is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_map_to_files_inside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("en")).unwrap();
        fs::write(root.join("index.html"), "zh").unwrap();
        fs::write(root.join("en/index.html"), "en").unwrap();
        fs::write(root.join("404.html"), "404").unwrap();
        assert_eq!(resolve(root, "/sub/", "/sub/en/"), (200, root.join("en/index.html")));
        assert_eq!(resolve(root, "/sub/", "/sub"), (200, root.join("index.html")));
        assert_eq!(resolve(root, "/sub/", "/sub/../etc/passwd").0, 404);
        assert_eq!(resolve(root, "/sub/", "/other/").0, 404);
        assert_eq!(
            resolve(root, "/", "/en/index.html?x=1"),
            (200, root.join("en/index.html"))
        );
    }
}
