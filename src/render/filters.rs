//! What Rust gives the templates beyond Tera's own: the HTML escaper and
//! the two filters every page calls most, `tx` (bilingual text with its
//! fallback marking) and `link` (a link whose label is such a text).
//!
//! They were template components; as filters they print the same bytes at
//! a fraction of the cost (a component call builds a context and a state
//! per use, and a project page makes about a hundred). Keeping the
//! fallback markup here also keeps the accessibility rule it carries, the
//! Chinese text marked `lang="zh-CN"` with a visible note, out of reach of
//! a theme that overrides a template.

use std::io::Write;

use tera::{Kwargs, State, Value};

/// The bytes [`escape_html`] replaces, and by what.
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Escapes `&<>"'` like Tera's default escaper, byte for byte, but copies
/// the runs between them whole instead of writing one byte at a time.
pub fn escape_html(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(e) = entity(b) {
            out.write_all(&bytes[start..i])?;
            out.write_all(e.as_bytes())?;
            start = i + 1;
        }
    }
    out.write_all(&bytes[start..])
}

/// [`escape_html`] into a `String`: the entities are ASCII, so the runs
/// between them are slices of `text` at character boundaries (no UTF-8
/// check of the whole output on every call).
fn push_escaped(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&text[start..i]);
            out.push_str(e);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

/// The `tx` filter and the `link` filter of one language.
#[derive(Clone)]
pub struct TextFilters {
    /// The visible note after Chinese shown for missing English, escaped.
    untranslated: String,
}

impl TextFilters {
    /// `untranslated` is the UI string (`t["untranslated"]`), unescaped.
    pub fn new(untranslated: &str) -> TextFilters {
        let mut escaped = String::new();
        push_escaped(&mut escaped, untranslated);
        TextFilters { untranslated: escaped }
    }

    /// Registers `tx` and `link` on `tera`.
    pub fn register(&self, tera: &mut tera::Tera) {
        let tx = self.clone();
        tera.register_filter("tx", Safe(move |v: &Value| tx.text(v)));
        let link = self.clone();
        tera.register_filter("link", Safe(move |v: &Value| link.link(v)));
    }

    /// `{{ v | tx }}`: the text of a `{text, fallback}` value, escaped; a
    /// fallback is wrapped in `<span lang="zh-CN">` and followed by the note.
    fn text(&self, v: &Value) -> tera::TeraResult<Value> {
        let mut out = String::new();
        self.push_text(&mut out, v)?;
        Ok(Value::safe_string(&out))
    }

    /// `{{ l | link }}`: `<a href="…">` around the `tx` of the label.
    fn link(&self, l: &Value) -> tera::TeraResult<Value> {
        let href = field(l, "href", "link")?;
        let label = attr(l, "label").ok_or_else(|| filter_error("link", "a value with `label` and `href`"))?;
        let mut out = String::with_capacity(href.len() + 64);
        out.push_str("<a href=\"");
        push_escaped(&mut out, href);
        out.push_str("\">");
        self.push_text(&mut out, label)?;
        out.push_str("</a>");
        Ok(Value::safe_string(&out))
    }

    fn push_text(&self, out: &mut String, v: &Value) -> tera::TeraResult<()> {
        let text = field(v, "text", "tx")?;
        let fallback = attr(v, "fallback").is_some_and(Value::is_truthy);
        if fallback {
            out.push_str("<span lang=\"zh-CN\">");
            push_escaped(out, text);
            out.push_str("</span><small class=\"untranslated\">");
            out.push_str(&self.untranslated);
            out.push_str("</small>");
        } else {
            push_escaped(out, text);
        }
        Ok(())
    }
}

/// The field `key` of a map value (a view's maps are small: a scan).
fn attr<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    v.as_map()?
        .iter()
        .find_map(|(k, v)| (k.as_str() == Some(key)).then_some(v))
}

/// The string field `key` of a map value.
fn field<'v>(v: &'v Value, key: &str, filter: &str) -> tera::TeraResult<&'v str> {
    attr(v, key)
        .and_then(Value::as_str)
        .ok_or_else(|| filter_error(filter, &format!("a value with a text `{key}`")))
}

fn filter_error(filter: &str, wanted: &str) -> tera::Error {
    tera::Error::message(format!("the `{filter}` filter needs {wanted}"))
}

/// A filter whose output is HTML already escaped: Tera prints it as is.
struct Safe<F>(F);

impl<F> tera::Filter<&Value, tera::TeraResult<Value>> for Safe<F>
where
    F: Fn(&Value) -> tera::TeraResult<Value> + Sync + Send + 'static,
{
    fn call(&self, value: &Value, _: Kwargs, _: &State) -> tera::TeraResult<Value> {
        (self.0)(value)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, ctx: &tera::Context) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        TextFilters::new(" (not <yet> translated)").register(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", ctx).unwrap()
    }

    #[test]
    fn escapes_like_tera_byte_for_byte() {
        let input = "a&b<c>d\"e'f 中文 & end";
        let mut ours = Vec::new();
        escape_html(input, &mut ours).unwrap();
        let mut teras = Vec::new();
        tera::escape_html(input, &mut teras).unwrap();
        assert_eq!(ours, teras);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f 中文 &amp; end"
        );
    }

    #[test]
    fn tx_marks_a_fallback_and_escapes_the_text() {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "a",
            &serde_json::json!({"text": "Roads & <bridges>", "fallback": false}),
        );
        ctx.insert("b", &serde_json::json!({"text": "道路", "fallback": true}));
        assert_eq!(render("{{ a | tx }}", &ctx), "Roads &amp; &lt;bridges&gt;");
        assert_eq!(
            render("{{ b | tx }}", &ctx),
            "<span lang=\"zh-CN\">道路</span><small class=\"untranslated\"> (not &lt;yet&gt; translated)</small>"
        );
    }

    #[test]
    fn link_escapes_its_href_and_labels_it_with_tx() {
        let mut ctx = tera::Context::new();
        let label = serde_json::json!({"text": "道路", "fallback": true});
        ctx.insert("l", &serde_json::json!({"href": "../a?x=1&y=\"2\"", "label": label}));
        assert_eq!(
            render("{{ l | link }}", &ctx),
            "<a href=\"../a?x=1&amp;y=&quot;2&quot;\"><span lang=\"zh-CN\">道路</span><small class=\"untranslated\"> (not &lt;yet&gt; translated)</small></a>"
        );
    }

    #[test]
    fn a_value_without_text_is_an_error_not_a_panic() {
        let mut tera = tera::Tera::new();
        TextFilters::new("").register(&mut tera);
        tera.add_raw_template("t.html", "{{ 3 | tx }}{{ {} | link }}").unwrap();
        assert!(tera.render("t.html", &tera::Context::new()).is_err());
    }
}
