// Site search: the search page's progressive enhancement. Without
// JavaScript the page says so and links to the region and category indexes
// (the form stays hidden: it could not search).
// With it, this module reads the static index built with the site
// (search-index/<lang>/, the index of the page's language: see
// src/search/index.rs for its files), reads ?q=, ?region=, ?year= and
// ?category= from the address, and lists the results with their type,
// region and year and an excerpt whose matches are <mark>ed. A query
// fetches only the few files its words need. Nothing is sent anywhere: the
// index is files of this site. No inline script or style and no
// WebAssembly, so a strict Content Security Policy holds.

const PAGE_SIZE = 10;
const FILTERS = ['region', 'year', 'category'];

function start(form) {
  const output = document.getElementById('search-output');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const nojs = document.getElementById('search-nojs');
  const t = (key) => output.getAttribute('data-t-' + key) || '';
  let index = null;
  let pending = [];
  let run = 0;

  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = (params.get('q') || '').trim();
  for (const name of FILTERS) {
    const select = form.elements[name];
    const value = params.get(name) || '';
    if ([...select.options].some((o) => o.value === value)) select.value = value;
  }
  // Without JavaScript only the notice and its links show; with it, the
  // form and the results.
  nojs.hidden = true;
  form.hidden = false;
  output.hidden = false;

  // The index holds paths below the site root (/plans/…); results link
  // below this site's base path, and from the elderly-friendly search page
  // below care/, so its reader stays in that variant.
  // The page's bytes are the same in both variants: the address says which.
  const base = form.getAttribute('data-base');
  const care = window.location.pathname.startsWith(base + 'care/');
  const baseUrl = base + (care ? 'care/' : '');

  // data-state tells tests and styles where a search is: loading, results,
  // none, empty or error.
  const done = (state, text) => {
    output.setAttribute('data-state', state);
    status.textContent = text;
  };
  const fail = () => {
    done('error', t('error'));
    nojs.hidden = false;
  };

  const query = () => {
    const filters = {};
    for (const name of FILTERS) {
      const v = form.elements[name].value;
      if (v) filters[name] = v;
    }
    return { term: form.elements.q.value.trim(), filters };
  };

  const syncAddress = ({ term, filters }) => {
    const p = new URLSearchParams();
    if (term) p.set('q', term);
    for (const [k, v] of Object.entries(filters)) p.set(k, v);
    const qs = p.toString();
    window.history.replaceState(null, '', qs ? '?' + qs : window.location.pathname);
  };

  const showMore = async (id) => {
    const batch = pending.splice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((doc) => index.result(doc, baseUrl)));
    if (id !== run) return;
    for (const d of data) list.appendChild(resultItem(d));
    more.hidden = pending.length === 0;
  };

  const search = async () => {
    const id = ++run;
    const q = query();
    syncAddress(q);
    list.replaceChildren();
    more.hidden = true;
    pending = [];
    if (!q.term && Object.keys(q.filters).length === 0) {
      done('empty', t('empty'));
      return;
    }
    done('loading', t('loading'));
    try {
      if (!index) index = await Index.open(new URL(form.getAttribute('data-bundle'), window.location.href));
      const found = await index.search(q.term, q.filters);
      if (id !== run) return;
      if (found.length === 0) {
        done('none', t('none'));
        return;
      }
      pending = found.slice();
      await showMore(id);
      if (id === run) done('results', t('count').replace('{n}', String(found.length)));
    } catch (e) {
      if (id === run) fail();
    }
  };

  const resultItem = (d) => {
    const li = document.createElement('li');
    li.className = 'search-result';
    const h = document.createElement('h3');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = (d.meta && d.meta.title) || d.url;
    h.appendChild(a);
    li.appendChild(h);
    const facts = ['type', 'region', 'year', 'category'].map((k) => d.meta && d.meta[k]).filter(Boolean);
    if (facts.length) {
      const p = document.createElement('p');
      p.className = 'result-meta';
      p.textContent = facts.join(t('sep'));
      li.appendChild(p);
    }
    const excerpt = document.createElement('p');
    excerpt.className = 'excerpt';
    appendExcerpt(excerpt, d.excerpt || []);
    li.appendChild(excerpt);
    return li;
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
  for (const name of FILTERS) form.elements[name].addEventListener('change', search);
  more.addEventListener('click', () => showMore(run));
  search();
}

// Writes an excerpt's parts as text nodes and <mark> elements, never as
// markup.
function appendExcerpt(target, parts) {
  for (const [text, marked] of parts) {
    if (marked) {
      const mark = document.createElement('mark');
      mark.textContent = text;
      target.appendChild(mark);
    } else {
      target.appendChild(document.createTextNode(text));
    }
  }
}

// ---- The index (its files are described in src/search/index.rs). ----

const encoder = new TextEncoder();

// 32-bit FNV-1a of the UTF-8 bytes, as the index was written with.
function fnv(s) {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function isHan(c) {
  const x = c.codePointAt(0);
  return (x >= 0x3400 && x <= 0x4dbf) || (x >= 0x4e00 && x <= 0x9fff) || (x >= 0xf900 && x <= 0xfaff) || (x >= 0x20000 && x <= 0x3134f);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

// A query cut as the index cut the pages: a word (two letters or more) is
// completed from the vocabulary; a run of Chinese characters gives its
// pairs, all of which must be on a page; a lone character is completed to
// the pairs it starts. Also returns what the excerpt should mark.
function parseQuery(q) {
  const tokens = [];
  const needles = [];
  let word = '';
  let han = [];
  const flushWord = () => {
    if ([...word].length >= 2) {
      tokens.push({ prefix: word });
      needles.push(word);
    }
    word = '';
  };
  const flushHan = () => {
    if (han.length === 1) tokens.push({ prefix: han[0] });
    for (let i = 0; i + 1 < han.length; i++) tokens.push({ exact: han[i] + han[i + 1] });
    if (han.length) needles.push(han.join(''));
    han = [];
  };
  for (const c of q) {
    if (isHan(c)) {
      flushWord();
      han.push(c);
    } else if (WORD_CHAR.test(c)) {
      flushHan();
      word += c.toLowerCase();
    } else {
      flushWord();
      flushHan();
    }
  }
  flushWord();
  flushHan();
  return { tokens, needles };
}

// The vocabulary key of a term or word: its first Chinese character or its
// first two letters.
function prefixKey(term) {
  const chars = [...term];
  return isHan(chars[0]) ? chars[0] : chars.slice(0, 2).join('');
}

// A filter value as the index names its file.
function fileKey(s) {
  return /^[a-z0-9_-]+$/.test(s) ? s : 'h' + fnv(s).toString(16).padStart(8, '0');
}

// Completions tried for one query word.
const MAX_COMPLETIONS = 24;

class Index {
  static async open(dir) {
    const index = new Index(dir);
    index.head = await index.json('index.json');
    return index;
  }

  constructor(dir) {
    this.dir = dir;
    this.files = new Map();
  }

  // A file of the index, fetched once; null if it does not exist.
  json(name) {
    if (!this.files.has(name)) {
      this.files.set(name, fetch(new URL(name, this.dir)).then((r) => {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(name + ': ' + r.status);
        return r.json();
      }));
    }
    return this.files.get(name);
  }

  async postings(term) {
    const bucket = await this.json(`terms/${fnv(term) % this.head.buckets}.json`);
    return (bucket && bucket[term]) || null;
  }

  // The terms a query token stands for, with how much an exact match
  // counts against a completion.
  async expand(token) {
    if (token.exact) return [[token.exact, 1]];
    const key = prefixKey(token.prefix);
    const vocab = await this.json(`vocab/${fnv(key) % this.head.vocab}.json`);
    const known = (vocab && vocab[key]) || [];
    return known
      .filter(([term]) => term.startsWith(token.prefix))
      .slice(0, MAX_COMPLETIONS)
      .map(([term]) => [term, term === token.prefix ? 1 : 0.8]);
  }

  // Page number -> score for one token: BM25 over its terms' postings.
  async scores(token) {
    const out = new Map();
    const n = this.head.docs;
    for (const [term, factor] of await this.expand(token)) {
      const list = await this.postings(term);
      if (!list) continue;
      const df = list.length / 2;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      let doc = 0;
      for (let i = 0; i < list.length; i += 2) {
        doc += list[i];
        const s = (idf * list[i + 1] * factor) / 100;
        if (!(out.get(doc) >= s)) out.set(doc, s);
      }
    }
    return out;
  }

  async filterPages(name, value) {
    const list = (await this.json(`filters/${fileKey(name)}/${fileKey(value)}.json`)) || [];
    const pages = new Set();
    let doc = 0;
    for (const gap of list) pages.add((doc += gap));
    return pages;
  }

  // Page numbers matching every word of `term` and every filter, best
  // first; with filters only, in the order of the site.
  async search(term, filters) {
    const { tokens, needles } = parseQuery(term);
    this.needles = needles;
    const sets = await Promise.all(Object.entries(filters).map(([k, v]) => this.filterPages(k, v)));
    let found = null;
    for (const token of tokens) {
      const s = await this.scores(token);
      if (found === null) {
        found = s;
      } else {
        for (const [doc, score] of found) {
          if (s.has(doc)) found.set(doc, score + s.get(doc));
          else found.delete(doc);
        }
      }
      if (found.size === 0) return [];
    }
    if (found === null) {
      if (sets.length === 0) return [];
      found = new Map([...sets[0]].map((doc) => [doc, 0]));
    }
    const docs = [...found.keys()].filter((doc) => sets.every((set) => set.has(doc)));
    return docs.sort((a, b) => found.get(b) - found.get(a) || a - b);
  }

  // What a result shows: its address below `baseUrl`, title, metadata and
  // excerpt.
  async result(doc, baseUrl) {
    const chunk = await this.json(`docs/${Math.floor(doc / this.head.chunk)}.json`);
    const r = chunk[doc % this.head.chunk];
    return {
      url: baseUrl + r.url.replace(/^\//, ''),
      meta: { ...r.meta, title: r.title },
      excerpt: excerpt(r.text, this.needles || []),
    };
  }
}

// Characters of an excerpt around the first match.
const EXCERPT_CHARS = 160;

// The part of `text` around the first of `needles`, as [text, marked]
// parts with every needle marked.
function excerpt(text, needles) {
  const lower = text.toLowerCase();
  const found = needles.map((n) => lower.indexOf(n)).filter((i) => i >= 0);
  const first = found.length ? Math.min(...found) : 0;
  let start = Math.max(0, first - EXCERPT_CHARS / 4);
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    if (space > start - 20) start = space + 1;
  }
  const end = Math.min(text.length, start + EXCERPT_CHARS);
  const part = text.slice(start, end);
  const partLower = lower.slice(start, end);
  const parts = [];
  let at = 0;
  while (at < part.length) {
    let next = -1;
    let len = 0;
    for (const n of needles) {
      const i = partLower.indexOf(n, at);
      if (i >= 0 && (next < 0 || i < next)) {
        next = i;
        len = n.length;
      }
    }
    if (next < 0) {
      parts.push([part.slice(at), false]);
      break;
    }
    if (next > at) parts.push([part.slice(at, next), false]);
    parts.push([part.slice(next, next + len), true]);
    at = next + len;
  }
  if (start > 0) parts.unshift(['… ', false]);
  if (end < text.length) parts.push([' …', false]);
  return parts;
}

// Started last: the index's classes and constants above must exist first.
const form = document.getElementById('search-form');
if (form) start(form);
