//! One language's index, filled page by page and written as static files
//! that `search.js` fetches a few at a time. Below the language's folder
//! (`search-index/zh/`):
//!
//! - `index.json`: the format version, the number of pages (`docs`), and
//!   how many files each part is cut into (`buckets`, `vocab`, `chunk`).
//! - `terms/<b>.json`: `{term: [doc, weight, doc, weight…]}`, for the terms
//!   whose FNV-1a hash modulo `buckets` is `b`. Document numbers are
//!   ascending and written as the gap from the previous one; a weight is the
//!   term's BM25 term-frequency part (k1 = 1.2, b = 0.75, headings counting
//!   more) times 100, so that a browser only multiplies it by the term's
//!   rarity (from the length of its list) to rank pages.
//! - `vocab/<v>.json`: `{prefix: [[term, pages]…]}`, the terms by their
//!   first Chinese character or first two letters (most frequent first), so
//!   that a query word can be completed (`park` → `parks`) and a single
//!   Chinese character finds the pairs it starts.
//! - `filters/<name>/<value>.json`: the pages with that filter value,
//!   gap-coded like the terms.
//! - `docs/<k>.json`: the result records of pages `k × chunk` to
//!   `(k + 1) × chunk − 1`: address, title, metadata and the first
//!   [`TEXT_CHARS`] characters of text for the excerpt. These are written as
//!   soon as a chunk is full, so only the postings stay in memory.
//!
//! Files hold about [`FILE_BYTES`] each, so a search fetches a few small
//! files whatever the size of the site.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::text::{each_term, han_text, is_han, PageText, Term};

/// Pages per `docs/` file: a result list of ten fetches at most ten of
/// them, about 40 KB each before compression.
pub const CHUNK: usize = 16;

/// Characters of a page's text kept for its excerpt (a match further on
/// is excerpted from the start of the page).
pub const TEXT_CHARS: usize = 3_000;

/// About how many bytes a `terms/` or `vocab/` file holds.
pub const FILE_BYTES: usize = 48 * 1024;

/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A file below the site root and its bytes.
pub type File = (String, Vec<u8>);

/// The index of one language being filled.
pub struct LangIndex {
    dir: String,
    /// Each word's number: a page's words are counted by number, so a
    /// word is copied once for the whole index, not once per page. Hashed
    /// with FxHash: the keys are the site's own words, not chosen by an
    /// attacker, and nothing written depends on the map's order.
    words: FxHashMap<Box<str>, u32>,
    /// By word number: `(page << 8) | weighted count (at most 255)`, pages
    /// ascending (merged into one map, by term, when the index is written).
    postings: Vec<Vec<u32>>,
    /// The same for the Chinese terms, by [`super::text::han_key`] (merged
    /// into `postings` when the index is written).
    han_postings: FxHashMap<u64, Vec<u32>>,
    /// One page's weighted counts by word number, kept to be reused.
    counts: FxHashMap<u32, u32>,
    han_counts: FxHashMap<u64, u32>,
    /// Weighted term count of each page.
    lengths: Vec<u32>,
    filters: BTreeMap<(String, String), Vec<u32>>,
    records: Vec<Record>,
}

/// What a result shows of a page.
#[derive(Serialize)]
struct Record {
    url: String,
    title: String,
    meta: BTreeMap<String, String>,
    text: String,
}

/// The most pages one language's index holds (page numbers take 24 bits).
pub const MAX_PAGES: usize = 1 << 24;

impl LangIndex {
    /// An empty index written below `dir` (`search-index/zh/`).
    pub fn new(dir: String) -> LangIndex {
        LangIndex {
            dir,
            words: FxHashMap::default(),
            postings: Vec::new(),
            han_postings: FxHashMap::default(),
            counts: FxHashMap::default(),
            han_counts: FxHashMap::default(),
            lengths: Vec::new(),
            filters: BTreeMap::new(),
            records: Vec::new(),
        }
    }

    /// Pages added so far.
    pub fn pages(&self) -> usize {
        self.lengths.len()
    }

    /// Adds a page published at `url`; returns the `docs/` file it
    /// completed, if any.
    pub fn add(&mut self, url: &str, page: PageText) -> Option<File> {
        let doc = self.lengths.len() as u32;
        let (counts, han_counts) = (&mut self.counts, &mut self.han_counts);
        let (words, postings) = (&mut self.words, &mut self.postings);
        let mut length = 0u32;
        for (text, weight) in &page.runs {
            let weight = u32::from(*weight);
            each_term(text, |t| {
                length += weight;
                match t {
                    Term::Han(key) => *han_counts.entry(key).or_default() += weight,
                    Term::Word(w) => {
                        let id = match words.get(w) {
                            Some(&id) => id,
                            None => {
                                let id = postings.len() as u32;
                                postings.push(Vec::new());
                                words.insert(w.into(), id);
                                id
                            }
                        };
                        *counts.entry(id).or_default() += weight;
                    }
                }
            });
        }
        for (id, n) in self.counts.drain() {
            self.postings[id as usize].push((doc << 8) | n.min(255));
        }
        for (key, n) in self.han_counts.drain() {
            self.han_postings.entry(key).or_default().push((doc << 8) | n.min(255));
        }
        self.lengths.push(length.max(1));
        for (name, value) in &page.filters {
            self.filters.entry((name.clone(), value.clone())).or_default().push(doc);
        }
        let text = page.plain_prefix(TEXT_CHARS);
        self.records.push(Record {
            url: url.to_string(),
            title: page.title,
            meta: page.meta.into_iter().collect(),
            text,
        });
        (self.records.len() == CHUNK).then(|| self.flush_records())
    }

    /// The `docs/` file of the records held, which are then let go.
    fn flush_records(&mut self) -> File {
        let k = (self.lengths.len() - self.records.len()) / CHUNK;
        let json = serde_json::to_vec(&self.records).expect("records serialise");
        self.records.clear();
        (format!("{}docs/{k}.json", self.dir), json)
    }

    /// Gives `emit` every remaining file of the index: the last records,
    /// filters, vocabulary, terms and `index.json`. The terms are weighed
    /// and written one file at a time, each term's list let go as soon as it
    /// is written, so finishing needs little more memory than filling.
    pub fn finish(mut self, emit: &mut dyn FnMut(File)) {
        if !self.records.is_empty() {
            emit(self.flush_records());
        }
        for ((name, value), pages) in std::mem::take(&mut self.filters) {
            let coded = gaps(pages.into_iter(), |_| None);
            let json = serde_json::to_vec(&coded).expect("numbers serialise");
            emit((
                format!("{}filters/{}/{}.json", self.dir, file_key(&name), file_key(&value)),
                json,
            ));
        }
        let mut lists = std::mem::take(&mut self.postings);
        let mut postings: FxHashMap<Box<str>, Vec<u32>> = std::mem::take(&mut self.words)
            .into_iter()
            .map(|(term, id)| (term, std::mem::take(&mut lists[id as usize])))
            .collect();
        drop(lists);
        postings.extend(
            std::mem::take(&mut self.han_postings)
                .into_iter()
                .map(|(key, list)| (han_text(key).into_boxed_str(), list)),
        );
        let mut vocab: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        for (term, list) in &postings {
            vocab.entry(prefix(term)).or_default().push((term, list.len()));
        }
        for list in vocab.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        }
        let vocab_parts = parts(
            vocab
                .iter()
                .map(|(p, l)| p.len() + l.iter().map(|t| t.0.len() + 10).sum::<usize>())
                .sum(),
        );
        self.bucket_files(
            "vocab",
            vocab_parts,
            vocab.iter().map(|(p, l)| (fnv(p), p.as_str(), l)),
            emit,
        );
        drop(vocab);
        let buckets = parts(postings.iter().map(|(t, l)| t.len() + 6 * l.len()).sum());
        let mut sorted: Vec<(usize, Box<str>, Vec<u32>)> = postings
            .into_iter()
            .map(|(term, list)| (fnv(&term) as usize % buckets, term, list))
            .collect();
        sorted.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let docs = self.lengths.len();
        let average = self.lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / docs.max(1) as f64;
        let mut terms = sorted.into_iter().peekable();
        while let Some((b, term, list)) = terms.next() {
            let mut file: BTreeMap<Box<str>, Vec<u32>> = BTreeMap::new();
            file.insert(term, self.weigh(&list, average));
            while let Some((_, term, list)) = terms.next_if(|t| t.0 == b) {
                file.insert(term, self.weigh(&list, average));
            }
            let json = serde_json::to_vec(&file).expect("maps serialise");
            emit((format!("{}terms/{b}.json", self.dir), json));
        }
        let head = serde_json::json!({
            "version": 1,
            "docs": docs,
            "chunk": CHUNK,
            "buckets": buckets,
            "vocab": vocab_parts,
        });
        emit((format!("{}index.json", self.dir), head.to_string().into_bytes()));
    }

    /// A term's postings as `[gap, weight, gap, weight…]`.
    fn weigh(&self, list: &[u32], average: f64) -> Vec<u32> {
        gaps(list.iter().map(|p| p >> 8), |i| {
            let tf = f64::from(list[i] & 0xff);
            let length = f64::from(self.lengths[(list[i] >> 8) as usize]);
            let w = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / average));
            Some(((w * 100.0).round() as u32).max(1))
        })
    }

    /// Emits `<dir><part>/<b>.json` files of `items` grouped by hash
    /// modulo `n`.
    fn bucket_files<'a, V: Serialize + 'a>(
        &self,
        part: &str,
        n: usize,
        items: impl Iterator<Item = (u32, &'a str, &'a V)>,
        emit: &mut dyn FnMut(File),
    ) {
        let mut groups: BTreeMap<usize, BTreeMap<&str, &V>> = BTreeMap::new();
        for (hash, key, value) in items {
            groups.entry(hash as usize % n).or_default().insert(key, value);
        }
        for (b, map) in groups {
            let json = serde_json::to_vec(&map).expect("maps serialise");
            emit((format!("{}{part}/{b}.json", self.dir), json));
        }
    }
}

/// Ascending numbers as gaps from the previous one, each followed by
/// `extra(i)` when it gives one.
fn gaps(numbers: impl Iterator<Item = u32>, extra: impl Fn(usize) -> Option<u32>) -> Vec<u32> {
    let mut out = Vec::new();
    let mut last = 0;
    for (i, n) in numbers.enumerate() {
        out.push(n - last);
        last = n;
        out.extend(extra(i));
    }
    out
}

/// How many files `bytes` of entries are cut into.
fn parts(bytes: usize) -> usize {
    bytes.div_ceil(FILE_BYTES).clamp(1, 1 << 16)
}

/// The vocabulary key of a term: its first Chinese character, or its first
/// two letters.
pub fn prefix(term: &str) -> String {
    let mut chars = term.chars();
    let first = chars.next().unwrap_or_default();
    if is_han(first) {
        first.to_string()
    } else {
        term.chars().take(2).collect()
    }
}

/// 32-bit FNV-1a of the UTF-8 bytes (the same in `search.js`).
pub fn fnv(s: &str) -> u32 {
    s.bytes()
        .fold(0x811c_9dc5, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// A filter name or value as a file name: itself when it is lower-case
/// letters, digits, `-` and `_`, else `h` and its hash (the same in
/// `search.js`).
pub fn file_key(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if plain {
        s.to_string()
    } else {
        format!("h{:08x}", fnv(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, body: &str, filters: &[(&str, &str)]) -> PageText {
        PageText {
            title: title.into(),
            filters: filters.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            meta: vec![("type".into(), "项目".into())],
            runs: vec![(title.into(), 5), (body.into(), 1)],
        }
    }

    fn json(files: &[File], name: &str) -> serde_json::Value {
        let f = files
            .iter()
            .find(|f| f.0 == name)
            .unwrap_or_else(|| panic!("{name} missing"));
        serde_json::from_slice(&f.1).unwrap()
    }

    #[test]
    fn fnv_and_file_keys_match_the_script() {
        // Values computed by search.js's fnv().
        assert_eq!(fnv(""), 0x811c9dc5);
        assert_eq!(fnv("a"), 0xe40c292c);
        assert_eq!(file_key("tangshan"), "tangshan");
        assert_eq!(file_key("2024"), "2024");
        assert_eq!(file_key("唐山"), format!("h{:08x}", fnv("唐山")));
        assert_eq!(prefix("公园"), "公");
        assert_eq!(prefix("parks"), "pa");
    }

    #[test]
    fn writes_postings_vocabulary_filters_and_records() {
        let mut ix = LangIndex::new("search-index/zh/".into());
        assert!(ix
            .add("/a/", page("口袋公园", "新建公园", &[("region", "tangshan")]))
            .is_none());
        ix.add(
            "/b/",
            page("托育", "普惠托育 公园", &[("region", "hebei"), ("year", "2024")]),
        );
        let mut files = Vec::new();
        ix.finish(&mut |f| files.push(f));
        let head = json(&files, "search-index/zh/index.json");
        assert_eq!(head["docs"], 2);
        let b = fnv("公园") as usize % head["buckets"].as_u64().unwrap() as usize;
        let terms = json(&files, &format!("search-index/zh/terms/{b}.json"));
        let list: Vec<u64> = serde_json::from_value(terms["公园"].clone()).unwrap();
        // Page 0 then page 1 (gap 1); the title makes page 0 weigh more.
        assert_eq!((list.len(), list[0], list[2]), (4, 0, 1));
        assert!(list[1] > list[3], "{list:?}");
        let v = fnv("公") as usize % head["vocab"].as_u64().unwrap() as usize;
        let vocab = json(&files, &format!("search-index/zh/vocab/{v}.json"));
        assert_eq!(vocab["公"], serde_json::json!([["公园", 2]]));
        assert_eq!(
            json(&files, "search-index/zh/filters/region/hebei.json"),
            serde_json::json!([1])
        );
        let docs = json(&files, "search-index/zh/docs/0.json");
        assert_eq!(docs[1]["url"], "/b/");
        assert_eq!(docs[1]["title"], "托育");
        assert_eq!(docs[1]["meta"]["type"], "项目");
        assert_eq!(docs[1]["text"], "托育 普惠托育 公园");
    }

    #[test]
    fn records_are_written_as_soon_as_a_chunk_is_full() {
        let mut ix = LangIndex::new("x/".into());
        let done: Vec<File> = (0..CHUNK + 1)
            .filter_map(|i| ix.add(&format!("/{i}/"), page("t", "b", &[])))
            .collect();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].0, "x/docs/0.json");
        let mut rest = Vec::new();
        ix.finish(&mut |f| rest.push(f));
        assert!(rest.iter().any(|f| f.0 == "x/docs/1.json"));
    }
}
