//! What the index reads of one rendered page, and how text becomes terms.
//!
//! [`read_page`] scans the page's `<main data-index-body>` (the pages are
//! our own render, well-formed and escaped by the templates, so a scanner is
//! enough and costs far less than an HTML parser): its text, weighted by the
//! heading it sits in; its first `<h1>` as the result title; the hidden
//! `data-index-filter` and `data-index-meta` spans; everything inside an
//! element marked `data-index-ignore`, a `<script>`, `<style>` or `<svg>`
//! left out.
//!
//! [`each_term`] cuts text the way `search.js` cuts a query, so both agree:
//! lower-cased runs of letters and digits are words (one-letter words are
//! left out), and a run of Chinese characters gives its overlapping pairs
//! (`口袋公园` → `口袋`, `袋公`, `公园`), or the character itself when it
//! stands alone. Pairs need no dictionary, find any two-character word, and
//! a longer query matches when all its pairs are on the page.

use std::sync::LazyLock;

use memchr::{memchr, memmem};

/// The common start of the index's attributes, searched in every tag: one
/// searcher made once rather than one per tag.
static MARK: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("data-index-"));
static MAIN_END: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("</main>"));

/// What a page gives the index.
#[derive(Debug, Default, PartialEq)]
pub struct PageText {
    /// The first `<h1>`'s text.
    pub title: String,
    /// `(name, value)` of `data-index-filter="name:value"`.
    pub filters: Vec<(String, String)>,
    /// `(name, value)` of `data-index-meta="name:value"`.
    pub meta: Vec<(String, String)>,
    /// Text runs with their weight (5 in `<h1>`, 2 in `<h2>`–`<h4>`, else 1).
    pub runs: Vec<(String, u8)>,
}

impl PageText {
    /// The page's text, runs joined by spaces, for excerpts.
    pub fn plain(&self) -> String {
        self.plain_prefix(usize::MAX)
    }

    /// The first `max` characters of [`PageText::plain`], without joining
    /// the rest of the page.
    pub fn plain_prefix(&self, max: usize) -> String {
        let mut out = String::new();
        let mut chars = 0usize;
        for word in self.runs.iter().flat_map(|(text, _)| text.split_whitespace()) {
            if chars >= max {
                break;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += word.chars().count();
        }
        if chars > max {
            if let Some((i, _)) = out.char_indices().nth(max) {
                out.truncate(i);
            }
        }
        out
    }
}

/// What an element is to the index, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inside a sentence: does not separate words.
    Inline,
    /// Its content is never text of the page.
    Skipped,
    H1,
    /// `h2` to `h4`.
    Heading,
    /// Any other element: separates words.
    Block,
}

impl Kind {
    /// The kind of the element named `name`, in any ASCII case.
    fn of(name: &str) -> Kind {
        let mut lower = [0u8; 8];
        let Some(buf) = lower.get_mut(..name.len()) else {
            return Kind::Block;
        };
        buf.copy_from_slice(name.as_bytes());
        buf.make_ascii_lowercase();
        match &*buf {
            b"a" | b"abbr" | b"b" | b"bdi" | b"cite" | b"code" | b"data" | b"dfn" | b"em" | b"i" | b"mark" | b"q"
            | b"s" | b"small" | b"span" | b"strong" | b"sub" | b"sup" | b"time" | b"u" => Kind::Inline,
            b"script" | b"style" | b"svg" | b"template" => Kind::Skipped,
            b"h1" => Kind::H1,
            b"h2" | b"h3" | b"h4" => Kind::Heading,
            _ => Kind::Block,
        }
    }
}

/// Reads the indexed part of a page; `None` if it has no
/// `data-index-body` element.
pub fn read_page(html: &str) -> Option<PageText> {
    let open = find_tag_with(html, "data-index-body")?;
    let body_start = open.end;
    let body_end = MAIN_END
        .find(&html.as_bytes()[body_start..])
        .map_or(html.len(), |i| body_start + i);
    let body = &html[body_start..body_end];
    let mut page = PageText::default();
    let mut skip: Option<(&str, usize)> = None;
    let mut heading: Option<(&str, u8)> = None;
    let mut in_h1 = false;
    let mut title_done = false;
    let mut at = 0;
    let bytes = body.as_bytes();
    while let Some(lt) = memchr(b'<', &bytes[at..]).map(|i| at + i) {
        if skip.is_none() {
            push_text(&mut page, &body[at..lt], heading.as_ref().map_or(1, |h| h.1));
            if in_h1 && !title_done {
                page.title.push_str(&decode(&body[at..lt]));
            }
        }
        let Some(gt) = memchr(b'>', &bytes[lt..]).map(|i| lt + i) else {
            break;
        };
        let tag = Tag::parse(&body[lt + 1..gt]);
        at = gt + 1;
        if let Some((name, depth)) = skip.as_mut() {
            if tag.name.eq_ignore_ascii_case(name) && !tag.self_closing {
                if tag.closing {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    skip = None;
                }
            }
            continue;
        }
        if tag.closing {
            if heading.as_ref().is_some_and(|h| h.0.eq_ignore_ascii_case(tag.name)) {
                heading = None;
            }
            if tag.is("h1") && in_h1 {
                in_h1 = false;
                title_done = true;
            }
            continue;
        }
        // One search for the three attributes' common start: most tags
        // have none of them.
        let marked = MARK.find(tag.rest.as_bytes()).is_some();
        let kind = Kind::of(tag.name);
        if ((marked && tag.attr("data-index-ignore").is_some()) || kind == Kind::Skipped) && !tag.self_closing {
            skip = Some((tag.name, 1));
            continue;
        }
        for (attr, list) in [
            ("data-index-filter", &mut page.filters),
            ("data-index-meta", &mut page.meta),
        ] {
            if let Some((k, v)) = marked
                .then(|| tag.attr(attr))
                .flatten()
                .and_then(|v| v.split_once(':').map(|(k, v)| (k.to_string(), v.to_string())))
            {
                list.push((k, decode(&v)));
            }
        }
        // Block elements separate words; inline ones (a link in a
        // sentence) do not.
        if kind != Kind::Inline {
            push_text(&mut page, " ", heading.as_ref().map_or(1, |h| h.1));
        }
        if kind == Kind::H1 {
            heading = Some((tag.name, 5));
            in_h1 = !title_done;
        } else if kind == Kind::Heading {
            heading = Some((tag.name, 2));
        }
    }
    if skip.is_none() && at < body.len() {
        push_text(&mut page, &body[at..], 1);
    }
    page.title = page.title.split_whitespace().collect::<Vec<_>>().join(" ");
    page.runs.retain(|(t, _)| !t.trim().is_empty());
    Some(page)
}

/// Appends text to the last run when it has the same weight, so that a
/// word cut by an inline tag stays one word.
fn push_text(page: &mut PageText, raw: &str, weight: u8) {
    if raw.is_empty() {
        return;
    }
    match page.runs.last_mut() {
        Some(last) if last.1 == weight => decode_into(&mut last.0, raw),
        _ => page.runs.push((decode(raw), weight)),
    }
}

/// The span of the first start tag holding `attr`.
fn find_tag_with(html: &str, attr: &str) -> Option<std::ops::Range<usize>> {
    let at = memmem::find(html.as_bytes(), attr.as_bytes())?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')? + 1;
    Some(start..end)
}

/// A tag's name and attributes, as written between `<` and `>`.
struct Tag<'a> {
    /// As written: compared without regard to ASCII case.
    name: &'a str,
    closing: bool,
    self_closing: bool,
    rest: &'a str,
}

impl<'a> Tag<'a> {
    fn parse(inner: &'a str) -> Tag<'a> {
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let end = inner
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inner.len());
        Tag {
            name: &inner[..end],
            closing,
            self_closing: inner.ends_with('/') || inner.starts_with('!'),
            rest: &inner[end..],
        }
    }

    /// Whether this is a `name` tag (`name` in lower case).
    fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// The value of attribute `name` (`""` when it has none).
    fn attr(&self, name: &str) -> Option<&'a str> {
        let mut from = 0;
        while let Some(i) = memmem::find(&self.rest.as_bytes()[from..], name.as_bytes()).map(|i| from + i) {
            from = i + name.len();
            let before = self.rest[..i].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let after = &self.rest[from..];
            if let Some(value) = after.strip_prefix("=\"") {
                return value.find('"').map(|e| &value[..e]);
            }
            if after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || c == '/') {
                return Some("");
            }
        }
        None
    }
}

/// Replaces the character references the templates write (`&amp;`,
/// `&#x27;`…) by their characters.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(&mut out, s);
    out
}

/// [`decode`], appending to `out`.
pub fn decode_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Whether `c` is a Chinese character (CJK unified ideographs and their
/// extensions and compatibility forms).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A term as the index counts it: one or two Chinese characters packed in
/// a number ([`han_key`]), or a lower-cased word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'a> {
    Han(u64),
    Word(&'a str),
}

/// Two Chinese characters, or one (`second` absent), as one number: each
/// character takes 21 bits, and no Chinese character is 0.
pub fn han_key(first: char, second: Option<char>) -> u64 {
    (u64::from(u32::from(first)) << 21) | second.map_or(0, |c| u64::from(u32::from(c)))
}

/// The characters of a [`han_key`].
pub fn han_text(key: u64) -> String {
    [key >> 21, key & 0x1f_ffff]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// The punctuation of Chinese text that [`is_word_char`] answers for
/// before looking in Unicode's tables, which is slow beyond ASCII.
const PUNCTUATION: [char; 21] = [
    '，', '。', '、', '：', '；', '（', '）', '“', '”', '‘', '’', '《', '》', '「', '」', '！', '？', '—', '…', '·',
    '％',
];

/// Whether `c` belongs in a word ([`char::is_alphanumeric`]), ASCII and
/// the common [`PUNCTUATION`] answered first.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !PUNCTUATION.contains(&c) && c.is_alphanumeric()
}

/// Calls `each` with every term of `text` (repeats included), Chinese
/// terms as numbers, so that counting them needs no string.
pub fn each_term(text: &str, mut each: impl FnMut(Term)) {
    let mut word = String::new();
    // The previous character of the current Chinese run, and the run's length.
    let mut han: Option<char> = None;
    let mut run = 0usize;
    let flush_word = |word: &mut String, each: &mut dyn FnMut(Term)| {
        if word.chars().nth(1).is_some() {
            each(Term::Word(word));
        }
        word.clear();
    };
    let flush_han = |han: &mut Option<char>, run: &mut usize, each: &mut dyn FnMut(Term)| {
        if let (Some(c), 1) = (*han, *run) {
            each(Term::Han(han_key(c, None)));
        }
        *han = None;
        *run = 0;
    };
    for c in text.chars() {
        if is_han(c) {
            flush_word(&mut word, &mut each);
            if let Some(previous) = han {
                each(Term::Han(han_key(previous, Some(c))));
            }
            han = Some(c);
            run += 1;
        } else if is_word_char(c) {
            flush_han(&mut han, &mut run, &mut each);
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
        } else {
            flush_word(&mut word, &mut each);
            flush_han(&mut han, &mut run, &mut each);
        }
    }
    flush_word(&mut word, &mut each);
    flush_han(&mut han, &mut run, &mut each);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of `text` as text.
    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_term(text, |t| {
            out.push(match t {
                Term::Word(w) => w.to_string(),
                Term::Han(key) => han_text(key),
            })
        });
        out
    }

    #[test]
    fn chinese_runs_become_pairs_and_words_are_lower_cased() {
        assert_eq!(all("口袋公园"), ["口袋", "袋公", "公园"]);
        assert_eq!(
            all("新建3个口袋公园，HPV疫苗 a 路"),
            ["新建", "个口", "口袋", "袋公", "公园", "hpv", "疫苗", "路"]
        );
        assert_eq!(all("Pocket-parks: 2024"), ["pocket", "parks", "2024"]);
        assert_eq!(all("Café"), ["café"]);
    }

    #[test]
    fn elements_are_known_by_name_in_any_case() {
        assert_eq!(Kind::of("span"), Kind::Inline);
        assert_eq!(Kind::of("SPAN"), Kind::Inline);
        assert_eq!(Kind::of("Script"), Kind::Skipped);
        assert_eq!(Kind::of("template"), Kind::Skipped);
        assert_eq!(Kind::of("H1"), Kind::H1);
        assert_eq!(Kind::of("h4"), Kind::Heading);
        assert_eq!(Kind::of("h5"), Kind::Block);
        assert_eq!(Kind::of("p"), Kind::Block);
        assert_eq!(Kind::of("blockquote"), Kind::Block);
        assert_eq!(Kind::of(""), Kind::Block);
    }

    #[test]
    fn the_punctuation_answered_early_is_not_part_of_words() {
        for c in PUNCTUATION {
            assert!(!c.is_alphanumeric() && !is_han(c), "{c}");
            assert!(!is_word_char(c), "{c}");
        }
        for c in ['a', 'Z', '7', 'é', 'Ｆ', '３', 'Ⅻ'] {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c}");
        }
    }

    #[test]
    fn chinese_terms_pack_into_numbers_and_back() {
        let mut keyed = Vec::new();
        each_term("路 口袋 park", |t| {
            keyed.push(match t {
                Term::Han(key) => Ok(key),
                Term::Word(w) => Err(w.to_string()),
            })
        });
        assert_eq!(
            keyed,
            [
                Ok(han_key('路', None)),
                Ok(han_key('口', Some('袋'))),
                Err("park".to_string())
            ]
        );
        assert_eq!(han_text(han_key('口', Some('袋'))), "口袋");
        assert_eq!(han_text(han_key('路', None)), "路");
        assert_ne!(han_key('口', Some('袋')), han_key('袋', Some('口')));
    }

    #[test]
    fn the_plain_text_can_be_cut_short() {
        let page = PageText {
            runs: vec![
                ("口袋公园  新建".into(), 5),
                (" 3 个 ".into(), 1),
                ("Pocket\u{3000}parks".into(), 2),
                ("公园".into(), 1),
                ("  ".into(), 1),
            ],
            ..PageText::default()
        };
        // Words of every run, joined by single spaces; runs never join words.
        assert_eq!(page.plain(), "口袋公园 新建 3 个 Pocket parks 公园");
        for max in 0..40 {
            let want: String = page.plain().chars().take(max).collect();
            assert_eq!(page.plain_prefix(max), want, "{max}");
        }
    }

    #[test]
    fn references_are_decoded() {
        assert_eq!(decode("a &amp; b &lt;c&gt; &#x27;d&#39; &quot;"), "a & b <c> 'd' \"");
        assert_eq!(decode("AT&T & &bogus; &"), "AT&T & &bogus; &");
    }

    #[test]
    fn reads_the_body_title_filters_and_meta_but_not_ignored_parts() {
        let html = r#"<html><head><title>x</title></head><body><nav>菜单</nav>
<main id="main" data-index-body><span hidden data-index-filter="region:tangshan"></span><span hidden data-index-meta="type:项目 &amp; 计划"></span>
<h1>口袋<span lang="zh-CN">公园</span></h1><p>新建 &lt;3&gt; 个</p>
<section data-index-ignore><h2>相关</h2><section><p>别处</p></section><p>还是别处</p></section>
<h2>目标</h2><svg><text>图</text></svg><br/><p>完成</p></main><footer>页脚</footer></body></html>"#;
        let page = read_page(html).unwrap();
        assert_eq!(page.title, "口袋公园");
        assert_eq!(page.filters, [("region".to_string(), "tangshan".to_string())]);
        assert_eq!(page.meta, [("type".to_string(), "项目 & 计划".to_string())]);
        assert_eq!(page.plain(), "口袋公园 新建 <3> 个 目标 完成");
        let weights: Vec<_> = page.runs.iter().map(|r| (r.0.trim(), r.1)).collect();
        assert!(
            weights.contains(&("口袋公园", 5)) && weights.contains(&("目标", 2)),
            "{weights:?}"
        );
    }

    #[test]
    fn a_page_without_a_body_is_not_read() {
        assert_eq!(read_page("<main><h1>x</h1></main>"), None);
    }
}
