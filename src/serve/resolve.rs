//! Which file of the built site answers a request path. Pure: it sees only
//! the path and a lookup into the site's files, so it is tested without a
//! server. Paths that try to leave the site (`..`, `.`, backslashes, NUL,
//! invalid percent-encoding) are refused; a folder asked for without its
//! trailing slash is redirected; anything else not in the site gets the 404
//! page of the request's own language and variant (`/en/…` → `en/404.html`,
//! `/care/en/…` → `care/en/404.html`).

use percent_encoding::percent_decode_str;

/// The answer to a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Serve this file of the site (its key, e.g. `en/plans/index.html`).
    File(String),
    /// Redirect to this absolute path (a folder without its trailing slash).
    Redirect(String),
    /// Not in the site: serve this 404 page (a key of the site) with status 404.
    NotFound(String),
    /// The path tries to leave the site or is malformed: 400, nothing served.
    Refused,
}

/// Resolves `path` (the URL path, without query) for a site served under
/// `base_path` (`/` or `/minsheng/`); `has` tells whether the site has a file.
pub fn resolve(has: impl Fn(&str) -> bool, base_path: &str, path: &str) -> Resolved {
    let Some(raw) = path.strip_prefix(base_path) else {
        if path == "/" || format!("{path}/") == base_path {
            return Resolved::Redirect(base_path.to_string());
        }
        return not_found(&has, "");
    };
    let Ok(rel) = percent_decode_str(raw).decode_utf8() else {
        return Resolved::Refused;
    };
    if !is_safe(&rel) {
        return Resolved::Refused;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        if has(&index) {
            return Resolved::File(index);
        }
    } else if has(&rel) {
        return Resolved::File(rel.into_owned());
    } else if has(&format!("{rel}/index.html")) {
        return Resolved::Redirect(format!("{base_path}{raw}/"));
    }
    not_found(&has, &rel)
}

/// Whether a decoded relative path stays inside the site.
fn is_safe(rel: &str) -> bool {
    !rel.starts_with('/')
        && !rel.contains(['\\', '\0'])
        && rel.split('/').all(|segment| segment != ".." && segment != ".")
}

/// The 404 page of the language and variant `rel` is in.
fn not_found(has: &impl Fn(&str) -> bool, rel: &str) -> Resolved {
    let (care, rest) = match rel.strip_prefix("care/") {
        Some(rest) => ("care/", rest),
        None if rel == "care" => ("care/", ""),
        None => ("", rel),
    };
    let en = if rest.starts_with("en/") || rest == "en" {
        "en/"
    } else {
        ""
    };
    for page in [format!("{care}{en}404.html"), format!("{en}404.html")] {
        if has(&page) {
            return Resolved::NotFound(page);
        }
    }
    Resolved::NotFound("404.html".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &[&str] = &[
        "index.html",
        "404.html",
        "en/index.html",
        "en/404.html",
        "care/404.html",
        "care/en/404.html",
        "plans/index.html",
        "en/plans/hebei/2023/index.html",
        "assets/style.css",
    ];

    fn r(base: &str, path: &str) -> Resolved {
        resolve(|k| SITE.contains(&k), base, path)
    }

    fn file(k: &str) -> Resolved {
        Resolved::File(k.into())
    }

    fn nf(k: &str) -> Resolved {
        Resolved::NotFound(k.into())
    }

    #[test]
    fn pages_and_assets_resolve_under_the_base_path() {
        assert_eq!(r("/", "/"), file("index.html"));
        assert_eq!(r("/", "/en/"), file("en/index.html"));
        assert_eq!(r("/", "/en/index.html"), file("en/index.html"));
        assert_eq!(r("/minsheng/", "/minsheng/"), file("index.html"));
        assert_eq!(r("/minsheng/", "/minsheng/assets/style.css"), file("assets/style.css"));
        assert_eq!(
            r("/minsheng/", "/minsheng/en/plans/hebei/2023/"),
            file("en/plans/hebei/2023/index.html")
        );
    }

    #[test]
    fn folders_without_a_slash_redirect() {
        assert_eq!(r("/minsheng/", "/minsheng"), Resolved::Redirect("/minsheng/".into()));
        assert_eq!(r("/minsheng/", "/"), Resolved::Redirect("/minsheng/".into()));
        assert_eq!(r("/", "/plans"), Resolved::Redirect("/plans/".into()));
        assert_eq!(
            r("/m/", "/m/en/plans/hebei/2023"),
            Resolved::Redirect("/m/en/plans/hebei/2023/".into())
        );
    }

    #[test]
    fn each_language_and_variant_gets_its_own_404() {
        assert_eq!(r("/", "/nothing/"), nf("404.html"));
        assert_eq!(r("/", "/en/nothing/"), nf("en/404.html"));
        assert_eq!(r("/", "/en/plans/hebei/1999/"), nf("en/404.html"));
        assert_eq!(r("/", "/care/plans/x/"), nf("care/404.html"));
        assert_eq!(r("/", "/care/en/plans/x/"), nf("care/en/404.html"));
        assert_eq!(r("/m/", "/m/en/x"), nf("en/404.html"));
        // "english/" is not the English folder.
        assert_eq!(r("/", "/english/"), nf("404.html"));
        // Outside the base path: the default 404.
        assert_eq!(r("/m/", "/other/en/"), nf("404.html"));
    }

    #[test]
    fn a_missing_variant_404_falls_back_to_the_language_one() {
        let has = |k: &str| ["404.html", "en/404.html"].contains(&k);
        assert_eq!(resolve(has, "/", "/care/en/x/"), nf("en/404.html"));
    }

    #[test]
    fn traversal_and_malformed_paths_are_refused() {
        for path in [
            "/../etc/passwd",
            "/en/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/en/%2E%2E/%2e%2e/secret",
            "/./index.html",
            "/en\\..\\x",
            "/a%00b",
            "/%ff",
            "//etc/passwd",
        ] {
            assert_eq!(r("/", path), Resolved::Refused, "{path}");
        }
        assert_eq!(r("/m/", "/m/../x"), Resolved::Refused);
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        let has = |k: &str| k == "plans/河北/index.html";
        assert_eq!(
            resolve(has, "/", "/plans/%E6%B2%B3%E5%8C%97/"),
            file("plans/河北/index.html")
        );
    }
}
