//! Markdown to safe HTML. Prose goes through pulldown-cmark, then the
//! ammonia sanitiser, so no script, event handler or `javascript:` URL in
//! content can ever reach a page.

use pulldown_cmark::{html, Options, Parser};

/// Renders Markdown and sanitises the result.
pub fn to_safe_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    SANITISER.clean(&raw).to_string()
}

/// The sanitiser's rules, built once per process (their tables of allowed
/// tags and attributes cost more than cleaning a short summary).
static SANITISER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_script_handlers_and_js_urls() {
        let html = to_safe_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <a href=\"javascript:x\">b</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn keeps_ordinary_markdown() {
        assert_eq!(to_safe_html("**粗体**"), "<p><strong>粗体</strong></p>\n");
    }
}
