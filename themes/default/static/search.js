// Site search: the search page's progressive enhancement. Without
// JavaScript the page says so and links to the region and category indexes
// (the form stays hidden: it could not search).
// With it, this module loads the static Pagefind index built with the site
// (pagefind/<lang>/pagefind.js, the index of the page's language, with the
// further shards its shards.json lists),
// reads ?q=, ?region=, ?year= and ?category= from the address, and lists
// the results with their type, region and year and an excerpt whose
// matches are <mark>ed. Nothing is sent anywhere: the index is files of
// this site. No inline script or style, so a strict Content Security Policy
// holds (WebAssembly needs 'wasm-unsafe-eval' in script-src).

const PAGE_SIZE = 10;
const FILTERS = ['region', 'year', 'category'];

const form = document.getElementById('search-form');
if (form) start(form);

function start(form) {
  const output = document.getElementById('search-output');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const nojs = document.getElementById('search-nojs');
  const t = (key) => output.getAttribute('data-t-' + key) || '';
  let pagefind = null;
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
    const data = await Promise.all(batch.map((r) => r.data()));
    if (id !== run) return;
    for (const d of data) list.appendChild(resultItem(d));
    more.hidden = pending.length === 0;
  };

  // A large site's index comes in shards: the first is the bundle, the
  // others are listed in its shards.json and merged into one search.
  const load = async () => {
    const bundle = new URL(form.getAttribute('data-bundle'), window.location.href);
    const pf = await import(bundle.href);
    const options = { excerptLength: 40, baseUrl };
    await pf.options(options);
    const listed = await fetch(new URL('shards.json', bundle));
    if (!listed.ok) throw new Error('shards.json: ' + listed.status);
    for (const dir of await listed.json()) {
      await pf.mergeIndex(new URL(dir, bundle).pathname, options);
    }
    return pf;
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
      if (!pagefind) pagefind = await load();
      const found = await pagefind.search(q.term || null, { filters: q.filters });
      if (id !== run) return;
      if (!found || found.results.length === 0) {
        done('none', t('none'));
        return;
      }
      pending = found.results.slice();
      await showMore(id);
      if (id === run) done('results', t('count').replace('{n}', String(found.results.length)));
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
    appendExcerpt(excerpt, d.excerpt || '');
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

// Copies Pagefind's excerpt (HTML-escaped text with <mark> around matches)
// as text nodes and <mark> elements only, never as markup.
function appendExcerpt(target, html) {
  const doc = new DOMParser().parseFromString('<p>' + html + '</p>', 'text/html');
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      target.appendChild(mark);
    } else {
      target.appendChild(document.createTextNode(node.textContent));
    }
  }
}
