//! The page the preview shows, for every page of the site, while the
//! content (or a template) is broken: every error with `file:line:column`,
//! key path, what is wrong and how to fix it, headed in Chinese and English.
//! Built in Rust rather than with the theme, so a broken template cannot
//! hide its own error; every text is escaped. The page loads the reload
//! script, so it turns back into the site as soon as the fix is saved.

use std::fmt::Write as _;

use super::http::{reload_tag, PREVIEW_PREFIX};
use crate::error::{Diagnostic, Error};
use crate::render::escape_xml;

/// The diagnostics page for `error`.
pub fn page(error: &Error, base_path: &str, generation: &str, reload: bool) -> String {
    let mut out = String::with_capacity(4096);
    let script = if reload {
        reload_tag(base_path, generation)
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>内容有错误 · Content errors — gongkai serve</title>\n\
         <link rel=\"stylesheet\" href=\"{base_path}{PREVIEW_PREFIX}preview.css\">\n{script}\n</head>\n<body>\n<main>\n\
         <h1><span lang=\"zh-Hans\">内容有错误，网站没有更新</span> · The content has errors; the site was not rebuilt</h1>\n\
         <p class=\"lead\" lang=\"zh-Hans\">请逐一修改下列错误并保存文件，本页会自动刷新。</p>\n\
         <p class=\"lead\">Fix each mistake below and save the file: this page reloads by itself.</p>\n"
    );
    let items = items(error);
    let n = items.len();
    let _ = write!(
        out,
        "<h2><span lang=\"zh-Hans\">{n} 处错误</span> · {n} error{}</h2>\n<ol class=\"diagnostics\">\n",
        if n == 1 { "" } else { "s" }
    );
    for item in items {
        out.push_str(&item);
    }
    out.push_str("</ol>\n</main>\n</body>\n</html>\n");
    out
}

/// One `<li>` per mistake.
fn items(error: &Error) -> Vec<String> {
    match error {
        Error::Content(list) => list.iter().map(diagnostic).collect(),
        Error::Template { name, message } => vec![format!(
            "<li><p class=\"where\"><span lang=\"zh-Hans\">模板</span> · template <code>{}</code></p>\n\
             <p class=\"what\">{}</p></li>\n",
            escape_xml(name),
            escape_xml(message)
        )],
        other => vec![format!(
            "<li><p class=\"what\">{}</p></li>\n",
            escape_xml(&other.to_string())
        )],
    }
}

fn diagnostic(d: &Diagnostic) -> String {
    let mut place = d.file.display().to_string().replace('\\', "/");
    if d.pos.line > 0 {
        let _ = write!(place, ":{}:{}", d.pos.line, d.pos.column);
    }
    let mut li = format!("<li><p class=\"where\"><code>{}</code>", escape_xml(&place));
    if !d.key.is_empty() {
        let _ = write!(li, " <span class=\"key\">· <code>{}</code></span>", escape_xml(&d.key));
    }
    let _ = write!(li, "</p>\n<p class=\"what\">{}</p>\n", escape_xml(&d.message));
    if !d.hint.is_empty() {
        let _ = writeln!(
            li,
            "<p class=\"hint\"><span lang=\"zh-Hans\">提示</span> · Hint: {}</p>",
            escape_xml(&d.hint)
        );
    }
    li.push_str("</li>\n");
    li
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pos;
    use std::path::Path;

    #[test]
    fn every_diagnostic_is_listed_and_escaped() {
        let e = Error::Content(vec![
            Diagnostic::new(
                Path::new("content/plans/x/2023/plan.yaml"),
                Pos::new(12, 7),
                "projects[0].unit",
                "unknown unit `<b>`",
            )
            .hint("did you mean `km`?"),
            Diagnostic::new(Path::new("content/site.yaml"), Pos::default(), "", "bad & worse"),
        ]);
        let html = page(&e, "/m/", "g-2", true);
        assert!(html.contains("<code>content/plans/x/2023/plan.yaml:12:7</code>"));
        assert!(html.contains("<code>projects[0].unit</code>"));
        assert!(html.contains("unknown unit `&lt;b&gt;`"));
        assert!(html.contains("bad &amp; worse"));
        assert!(html.contains("did you mean `km`?"));
        assert!(html.contains("2 errors"));
        assert!(html.contains("src=\"/m/assets/_preview/reload.js\" data-generation=\"g-2\""));
        assert!(!html.contains("<script>"), "no inline script");
        assert!(!html.contains("style="), "no inline style");
        assert!(!page(&e, "/", "g", false).contains("<script"));
    }

    #[test]
    fn template_errors_name_the_template() {
        let e = Error::Template {
            name: "plan.html".into(),
            message: "unexpected `}}` at line 3".into(),
        };
        let html = page(&e, "/", "g", false);
        assert!(html.contains("<code>plan.html</code>"));
        assert!(html.contains("1 error<"));
    }
}
