// The search gate (called by gate.mjs): real queries typed into the site's
// search pages in headless Chromium, in both languages and both variants,
// under a strict Content Security Policy added to every response (no
// 'unsafe-inline', no 'unsafe-eval', no WebAssembly).
// Checks that the right pages are found (a Zengcheng and a Tangshan project
// among them), that results show type, region, year and a highlighted
// excerpt, that filters narrow them, that the header box and the form
// work, that results from the elderly-friendly search stay in care/, that
// without JavaScript the page says so and links to the indexes, and that
// the page with results passes axe and fits 320 px; and that a query
// fetches only a few of the index's files (what keeps search fast on a
// national site).

// The policy the search must work under; a server may send a stricter one
// too (both then apply).
export const SEARCH_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Each query: the page and address, what must be among the first `top`
// results (a path below the base), what every result must satisfy, and the
// word the excerpts must <mark>.
const QUERIES = [
  { name: 'zh 公园 (two-character word)', path: 'search/?q=公园', top: 5, expect: ['plans/tangshan/2024/pocket-parks/'], mark: '公园' },
  { name: 'zh 托育', path: 'search/?q=托育', top: 5, expect: ['plans/hebei/2023/childcare-institutions/', 'plans/xiongan/2023/childcare-institutions/'] },
  { name: 'zh 增城妈妈 finds a Zengcheng project', path: 'search/?q=增城妈妈', top: 1, expect: ['plans/zengcheng/2023/employment-services/'] },
  { name: 'zh 唐山福嫂 finds a Tangshan project', path: 'search/?q=唐山福嫂', top: 1, expect: ['plans/tangshan/2024/domestic-services/'] },
  { name: 'en pocket park', path: 'en/search/?q=pocket%20park', top: 5, expect: ['en/plans/tangshan/2024/pocket-parks/', 'en/plans/hebei/2023/pocket-parks/'], mark: 'pocket' },
  { name: 'en elderly', path: 'en/search/?q=elderly', top: 10, expect: ['en/plans/xiongan/2023/age-friendly-homes/'], mark: 'elderly' },
  { name: 'en HPV vaccination finds a Tangshan project', path: 'en/search/?q=HPV%20vaccination', top: 1, expect: ['en/plans/tangshan/2024/free-hpv-vaccination/'] },
  { name: 'en Zengcheng finds Zengcheng pages', path: 'en/search/?q=Zengcheng', top: 5, expect: ['en/plans/zengcheng/2023/'], every: (r) => /zengcheng/i.test(r.href + r.title + r.meta + r.excerpt) },
  { name: 'zh 公园 in Guangdong (region filter)', path: 'search/?q=公园&region=guangdong', top: 3, expect: ['plans/zengcheng/2023/ecology/'], every: (r) => r.href.includes('/zengcheng/') },
  { name: 'en childcare in 2024 (year filter)', path: 'en/search/?q=childcare&year=2024', top: 3, expect: ['en/plans/tangshan/2024/affordable-childcare/'], every: (r) => r.meta.includes('2024') || !r.href.includes('/plans/') },
  { name: 'zh category filter alone', path: 'search/?category=childcare', top: 5, expect: ['plans/tangshan/2024/affordable-childcare/'], every: (r) => r.meta.includes('托育服务') || r.href.includes('/categories/childcare/') },
  { name: 'care zh results stay in care/', path: 'care/search/?q=口袋公园', top: 5, expect: ['care/plans/tangshan/2024/pocket-parks/'], every: (r) => r.href.includes('/care/') },
  { name: 'care en results stay in care/', path: 'care/en/search/?q=pocket%20park', top: 5, expect: ['care/en/plans/tangshan/2024/pocket-parks/'], every: (r) => r.href.includes('/care/en/') },
];

const FINAL_STATES = ['results', 'none', 'empty', 'error'];

// Index files one query may fetch: index.json, a vocabulary file and a few
// term files per word, a filter file, and the record files of the first
// ten results.
const MAX_INDEX_FILES = 20;

export async function searchGate({ browser, gate, enabled, BASE, ORIGIN, HOST, runAxe, measureOverflow, log }) {
  const g = gate('search', 'Search in Chromium under a strict CSP: queries in both languages find the right pages; filters, header box, care variant, no-JS message, axe and 320 px on the results page');
  if (!enabled('search')) {
    g.skipped = true;
    return;
  }
  const t0 = performance.now();
  const violations = [];
  const contextFor = async (opts) => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
    ctx.setDefaultTimeout(20000);
    await ctx.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
    });
    await ctx.route('**/*', async (route) => {
      const u = new URL(route.request().url());
      if (u.host !== HOST) return route.abort('blockedbyclient');
      const response = await route.fetch();
      const headers = { ...response.headers(), 'content-security-policy': SEARCH_CSP };
      return route.fulfill({ response, headers });
    });
    return ctx;
  };
  const ctx = await contextFor({});
  let pages = 0;

  const waitDone = (page) =>
    page.waitForFunction((states) => states.includes(document.getElementById('search-output')?.getAttribute('data-state')), FINAL_STATES, { timeout: 20000 });
  const readResults = (page) =>
    page.evaluate(() => ({
      state: document.getElementById('search-output').getAttribute('data-state'),
      status: document.getElementById('search-status').textContent,
      nojsHidden: document.getElementById('search-nojs').hidden,
      csp: window.__csp,
      results: [...document.querySelectorAll('#search-results > li')].map((li) => ({
        href: li.querySelector('h3 a')?.getAttribute('href') || '',
        title: li.querySelector('h3 a')?.textContent || '',
        meta: li.querySelector('.result-meta')?.textContent || '',
        excerpt: li.querySelector('.excerpt')?.textContent || '',
        marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent),
      })),
    }));
  const checkCsp = (where, r) => {
    for (const v of r.csp) violations.push(`${where}: ${v}`);
  };

  for (const q of QUERIES) {
    const url = BASE + q.path;
    const fail = (message) => g.fail({ page: url.slice(ORIGIN.length), message: `${q.name}: ${message}` });
    let page;
    try {
      page = await ctx.newPage();
      await page.goto(url, { waitUntil: 'load' });
      pages++;
      await waitDone(page);
      const r = await readResults(page);
      checkCsp(q.path, r);
      if (r.state !== 'results') {
        fail(`state ${r.state} ("${r.status}")`);
        continue;
      }
      if (!r.nojsHidden) fail('the no-JavaScript message is still shown');
      const top = r.results.slice(0, q.top).map((x) => x.href);
      for (const e of q.expect) {
        if (!top.includes(BASE.slice(ORIGIN.length) + e)) fail(`${e} not among the first ${q.top}: ${top.join(', ')}`);
      }
      for (const x of r.results) {
        if (!x.title.trim() || !x.meta.trim() || !x.excerpt.trim()) fail(`result without title, type/region/year or excerpt: ${JSON.stringify(x)}`);
        if (q.every && !q.every(x)) fail(`result outside the filter: ${x.href} (${x.meta})`);
      }
      if (q.mark) {
        const marked = r.results.slice(0, q.top).flatMap((x) => x.marks).join(' ').toLowerCase();
        if (!marked.includes(q.mark.toLowerCase())) fail(`no excerpt <mark>s "${q.mark}" (marked: ${marked.slice(0, 120)})`);
      }
      log(`  search ${q.name}: ${r.results.length} results; first ${r.results[0].href}`);
    } catch (e) {
      fail(`error: ${e.message.split('\n')[0]}`);
    } finally {
      if (page) await page.close().catch(() => {});
    }
  }

  // The header box on a page sends its query to the search page; the
  // search page's form searches again and keeps the query in the address.
  for (const [start, term, expect] of [
    ['', '口袋公园', 'plans/xiongan/2023/pocket-parks/'],
    ['en/plans/', 'elderly', 'en/plans/tangshan/2024/age-friendly-homes/'],
  ]) {
    let page;
    const fail = (message) => g.fail({ page: BASE.slice(ORIGIN.length) + start, message });
    try {
      page = await ctx.newPage();
      await page.goto(BASE + start, { waitUntil: 'load' });
      pages++;
      await page.fill('#header-q', term);
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/search/'), { waitUntil: 'load' }), page.press('#header-q', 'Enter')]);
      if (new URL(page.url()).searchParams.get('q') !== term) fail(`header box led to ${page.url()}`);
      await waitDone(page);
      let r = await readResults(page);
      checkCsp(`header box ${term}`, r);
      if (!r.results.some((x) => x.href.endsWith(expect))) fail(`header search for ${term}: ${expect} not found (${r.state})`);
      // A second search from the page's own form.
      const second = start ? 'pocket park' : '托育';
      await page.fill('#search-q', second);
      await page.press('#search-q', 'Enter');
      await page.waitForFunction((s) => new URLSearchParams(location.search).get('q') === s, second);
      await waitDone(page);
      r = await readResults(page);
      if (r.state !== 'results') fail(`form search for ${second}: state ${r.state}`);
    } catch (e) {
      fail(`error: ${e.message.split('\n')[0]}`);
    } finally {
      if (page) await page.close().catch(() => {});
    }
  }

  // A query reads index.json and only the files its words, filters and
  // shown results need, however large the site: count them.
  const fetched = [];
  for (const path of ['search/?q=口袋公园', 'en/search/?q=pocket%20park&region=hebei']) {
    const fail = (message) => g.fail({ page: BASE.slice(ORIGIN.length) + path, message });
    let page;
    try {
      page = await ctx.newPage();
      const files = [];
      page.on('request', (r) => {
        if (r.url().includes('/search-index/')) files.push(r.url().replace(/^.*\/search-index\//, ''));
      });
      await page.goto(BASE + path, { waitUntil: 'load' });
      pages++;
      await waitDone(page);
      const r = await readResults(page);
      if (r.state !== 'results') fail(`state ${r.state}`);
      if (files.length > MAX_INDEX_FILES) fail(`${files.length} index files fetched (at most ${MAX_INDEX_FILES}): ${files.join(', ')}`);
      fetched.push(`${path}: ${files.length}`);
    } catch (e) {
      fail(`error: ${e.message.split('\n')[0]}`);
    } finally {
      if (page) await page.close().catch(() => {});
    }
  }

  await ctx.close();

  // The page with results: axe, and no horizontal scrolling at 320 px (in
  // a context that ignores CSP: both inject scripts of their own).
  const checked = await contextFor({ bypassCSP: true });
  for (const path of ['search/?q=公园', 'en/search/?q=pocket%20park', 'care/search/?q=托育']) {
    for (const width of [1280, 320]) {
      let page;
      const fail = (message) => g.fail({ page: BASE.slice(ORIGIN.length) + path, message: `${width} px: ${message}` });
      try {
        page = await checked.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(BASE + path, { waitUntil: 'load' });
        pages++;
        await waitDone(page);
        if (width === 320) {
          const m = await measureOverflow(page);
          if (m.scrollWidth > m.clientWidth) fail(`scrollWidth ${m.scrollWidth} > ${m.clientWidth}: ${m.offenders.map((o) => o.selector).join(', ')}`);
        } else {
          for (const v of await runAxe(page)) fail(`axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        }
      } catch (e) {
        fail(`error: ${e.message.split('\n')[0]}`);
      } finally {
        if (page) await page.close().catch(() => {});
      }
    }
  }
  await checked.close();

  // Without JavaScript: the page says so and links to the indexes.
  const nojs = await contextFor({ javaScriptEnabled: false });
  for (const [path, lang] of [['search/?q=公园', ''], ['en/search/?q=park', 'en/']]) {
    let page;
    const fail = (message) => g.fail({ page: BASE.slice(ORIGIN.length) + path, message: `without JavaScript: ${message}` });
    try {
      page = await nojs.newPage();
      await page.goto(BASE + path, { waitUntil: 'load' });
      pages++;
      const seen = await page.evaluate(() => ({
        notice: !!document.getElementById('search-nojs')?.checkVisibility(),
        text: document.querySelector('#search-nojs p')?.textContent || '',
        // Resolved as the browser follows them (the page links relatively).
        links: [...document.querySelectorAll('#search-nojs a')].map((a) => new URL(a.href).pathname),
        output: !!document.getElementById('search-output')?.checkVisibility(),
        form: !!document.getElementById('search-form')?.checkVisibility(),
      }));
      if (!seen.notice || !seen.text.trim()) fail('no visible notice');
      if (seen.output) fail('the empty results area is shown');
      if (seen.form) fail('the search form is shown, though it cannot search');
      for (const index of ['regions/', 'categories/']) {
        const href = BASE.slice(ORIGIN.length) + lang + index;
        if (!seen.links.includes(href)) fail(`no link to ${href} (${seen.links.join(', ')})`);
      }
    } catch (e) {
      fail(`error: ${e.message.split('\n')[0]}`);
    } finally {
      if (page) await page.close().catch(() => {});
    }
  }
  await nojs.close();

  for (const v of [...new Set(violations)]) g.fail({ page: '-', message: `CSP violation: ${v}` });
  g.pages = pages;
  g.notes.push(`${QUERIES.length} queries; CSP used: ${SEARCH_CSP}`);
  g.notes.push(`index files fetched per query: ${fetched.join('; ')}`);
  g.duration = Math.round((performance.now() - t0) / 100) / 10;
}
