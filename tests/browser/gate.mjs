// Browser quality gate for the generated site (Node 20, ESM).
//
// Run by tests/browser/run.sh, which builds and serves the shipped site at
// http://127.0.0.1:PORT/minsheng/. Drives Debian's Chromium through
// playwright-core (no browser download), and checks every page of the
// sitemap plus both 404 pages. Exits 1 when any gate fails and writes
// OUT_DIR/browser-report.json.
//
//   node gate.mjs --port PORT --site-dir DIR --out-dir DIR [--only a,b]

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') opts.port = Number(next());
    else if (a === '--site-dir') opts.siteDir = next();
    else if (a === '--out-dir') opts.outDir = next();
    else if (a === '--only') opts.only = new Set(next().split(','));
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.port || !opts.siteDir || !opts.outDir) {
    throw new Error('usage: node gate.mjs --port PORT --site-dir DIR --out-dir DIR [--only gate,gate]');
  }
  return opts;
}

const OPTS = parseArgs(process.argv.slice(2));
const HOST = `127.0.0.1:${OPTS.port}`;
const ORIGIN = `http://${HOST}`;
const BASE_PATH = '/minsheng/';
const BASE = `${ORIGIN}${BASE_PATH}`;
const CARE_PATH = `${BASE_PATH}care/`;
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
// Flags this machine needs (see shared/recipes/browser-checks.md). Playwright
// adds --headless itself and makes its own user data dir.
const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CONCURRENCY = 2;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PROJECT_WEIGHT_LIMIT = 50 * 1024; // bytes of HTML + CSS + JS
const CARE_MIN_FONT_PX = 18;
const TAB_STOPS = 15;
const SHOT_DIR = join(OPTS.outDir, 'screenshots');
const REPORT_PATH = join(OPTS.outDir, 'browser-report.json');
const LIGHTHOUSE_DIR = join(OPTS.outDir, 'lighthouse');

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  // 1280 x 1024 CSS px at 400% zoom: WCAG 1.4.10 reflow.
  reflow: { viewport: { width: 320, height: 256 }, deviceScaleFactor: 4, isMobile: false, hasTouch: false },
};

// ---------------------------------------------------------------- helpers

const log = (...a) => console.log(...a);
const seconds = (t0) => Math.round((performance.now() - t0) / 100) / 10;
const rel = (url) => (url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url);

async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

function stripHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

function decodeFragment(hash) {
  const f = hash.replace(/^#/, '');
  try {
    return decodeURIComponent(f);
  } catch {
    return f;
  }
}

/** The kind of page a URL of the site is, from its path. */
function pageType(url) {
  let p = new URL(url).pathname;
  if (!p.startsWith(BASE_PATH)) return 'other';
  p = p.slice(BASE_PATH.length);
  if (p.startsWith('care/')) p = p.slice(5);
  if (p.startsWith('en/')) p = p.slice(3);
  const rules = [
    [/^(index\.html)?$/, 'home'],
    [/^404\.html$/, '404'],
    [/^regions\/$/, 'regions'],
    [/^regions\/[^/]+\/$/, 'region'],
    [/^plans\/$/, 'plans'],
    [/^plans\/[^/]+\/[^/]+\/source\/$/, 'source'],
    [/^plans\/[^/]+\/[^/]+\/progress\/[^/]+\/$/, 'report'],
    [/^plans\/[^/]+\/[^/]+\/$/, 'plan'],
    [/^plans\/[^/]+\/[^/]+\/[^/]+\/$/, 'project'],
    [/^categories\/$/, 'categories'],
    [/^categories\/[^/]+\/$/, 'category'],
    [/^programs\/$/, 'programs'],
    [/^programs\/[^/]+\/$/, 'program'],
    [/^about\/$/, 'about'],
    [/^compare\/$/, 'compare'],
    [/^data\/$/, 'data'],
  ];
  for (const [re, t] of rules) if (re.test(p)) return t;
  return 'other';
}
const TYPES = ['home', 'regions', 'region', 'plans', 'plan', 'project', 'source', 'categories', 'category', 'programs', 'program', 'about', '404'];
// Sampled too when the site has them; not an error when it has none.
const OPTIONAL_TYPES = ['compare', 'report', 'data'];

function pageLang(url) {
  let p = new URL(url).pathname.slice(BASE_PATH.length);
  if (p.startsWith('care/')) p = p.slice(5);
  return p.startsWith('en/') ? 'en' : 'zh';
}

// ---------------------------------------------------------------- gates

class Gate {
  constructor(name, description) {
    this.name = name;
    this.description = description;
    this.pages = 0;
    this.failures = [];
    this.duration = 0;
    this.notes = [];
    this.skipped = false;
  }
  fail(f) {
    this.failures.push(f);
  }
  get passed() {
    return this.failures.length === 0;
  }
}

const gates = [];
function gate(name, description) {
  const g = new Gate(name, description);
  gates.push(g);
  return g;
}
const enabled = (name) => !OPTS.only || OPTS.only.has(name);

// Every request any page makes goes through this; other hosts are aborted
// and recorded here.
const externalGate = gate('external-requests', 'no request to any host other than ' + HOST);
const externalSeen = new Map(); // url -> Set(page)
const pagesLoaded = new Set();

async function newContext(browser, kind, extra = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[kind], bypassCSP: true, ...extra });
  context.setDefaultTimeout(20000);
  context.setDefaultNavigationTimeout(30000);
  // Routing also disables the HTTP cache, so each page's responses are all
  // observed (page weight).
  await context.route('**/*', (route) => {
    const req = route.request();
    let u;
    try {
      u = new URL(req.url());
    } catch {
      return route.continue();
    }
    if (u.protocol === 'http:' && u.host === HOST) return route.continue();
    if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    let from = '?';
    try {
      from = rel(req.frame().page().url());
    } catch {}
    if (!externalSeen.has(req.url())) externalSeen.set(req.url(), new Set());
    externalSeen.get(req.url()).add(from);
    return route.abort('blockedbyclient');
  });
  return context;
}

async function open(context, url) {
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'load' });
  pagesLoaded.add(rel(url));
  return { page, response };
}

/**
 * Clicks the first `selector` link and waits for the page it leads to.
 * Returns null, or what went wrong (no link, a link to the page itself, no
 * navigation).
 */
async function follow(page, selector) {
  const link = page.locator(selector).first();
  if ((await page.locator(selector).count()) === 0) return `no ${selector} link`;
  const href = await link.evaluate((a) => a.href);
  const from = page.url();
  if (stripHash(href) === stripHash(from)) return `${selector} links to the page itself (${rel(href)})`;
  await link.click();
  try {
    await page.waitForURL((u) => stripHash(u.href) !== stripHash(from), { waitUntil: 'load', timeout: 10000 });
  } catch {
    return `clicking ${selector} (href ${rel(href)}) did not navigate`;
  }
  pagesLoaded.add(rel(page.url()));
  return null;
}

async function runAxe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

// In-page: a short CSS-like description of an element.
const DESCRIBE_FN = `(el) => {
  const one = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].map((c) => '.' + c).join('');
  const parts = [];
  for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(one(e));
  return parts.join(' > ');
}`;

/** Horizontal overflow of the page, with the outermost elements sticking out. */
async function measureOverflow(page) {
  return page.evaluate((describeSrc) => {
    const describe = eval(describeSrc);
    const de = document.documentElement;
    const cw = de.clientWidth;
    const sw = de.scrollWidth;
    const offenders = [];
    if (sw > cw) {
      const clippedByAncestor = (el) => {
        for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
      };
      const sticksOut = (el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right + window.scrollX > cw + 0.5 && !clippedByAncestor(el);
      };
      for (const el of document.body.querySelectorAll('*')) {
        if (!sticksOut(el)) continue;
        const parent = el.parentElement;
        // Report the innermost culprits: elements none of whose children stick out.
        if ([...el.children].some(sticksOut)) continue;
        const r = el.getBoundingClientRect();
        offenders.push({
          selector: describe(el),
          right: Math.round(r.right + window.scrollX),
          width: Math.round(r.width),
          snippet: el.outerHTML.replace(/\s+/g, ' ').slice(0, 160),
          parent: parent ? describe(parent) : '',
        });
        if (offenders.length >= 5) break;
      }
    }
    return { clientWidth: cw, scrollWidth: sw, offenders };
  }, DESCRIBE_FN);
}

// ---------------------------------------------------------------- security (CSP, headers)
//
// The site is served by nginx with docs/nginx/gongkai.conf (tests/browser/run.sh).
// The other gates run with bypassCSP (axe is injected as an inline script);
// these run with the CSP enforced, as a reader's browser does.

const SECURITY_HEADERS = {
  'x-content-type-options': (v) => v === 'nosniff',
  'referrer-policy': (v) => !!v,
  'x-frame-options': (v) => /^(deny|sameorigin)$/i.test(v || ''),
};

/** Problems with a response's security headers (CSP without unsafe-inline). */
function headerProblems(headers) {
  const problems = [];
  const csp = headers['content-security-policy'];
  if (!csp) problems.push('no Content-Security-Policy header');
  else {
    if (/'unsafe-inline'|'unsafe-eval'/.test(csp)) problems.push(`CSP allows unsafe code: ${csp}`);
    if (!/frame-ancestors/.test(csp)) problems.push('CSP lacks frame-ancestors');
  }
  for (const [name, ok] of Object.entries(SECURITY_HEADERS)) {
    if (!ok(headers[name])) problems.push(`${name}: ${JSON.stringify(headers[name] ?? null)}`);
  }
  return problems;
}

// In-page, before any script of the page: record every CSP violation.
const CSP_RECORDER = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample });
});`;

async function cspVisit(context, url, extra) {
  const page = await context.newPage();
  const consoleCsp = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) consoleCsp.push(m.text().slice(0, 300));
  });
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    pagesLoaded.add(rel(url));
    const headers = response ? await response.allHeaders() : {};
    if (extra) await extra(page);
    // Let the sortable-table script and any late violation report in.
    await page.waitForTimeout(50);
    const violations = await page.evaluate(() => window.__cspViolations || null);
    return { status: response ? response.status() : 0, headers, violations, consoleCsp };
  } finally {
    await page.close().catch(() => {});
  }
}

async function securityGates(browser, pages, samples) {
  const cspGate = gate('csp', 'every page loads with the Content-Security-Policy enforced and reports no violation (securitypolicyviolation, console)');
  const headerGate = gate('headers', 'security headers on every page; content type and caching per kind of file (nginx config)');
  if (!enabled('csp') && !enabled('headers')) {
    cspGate.skipped = headerGate.skipped = true;
    return;
  }
  const t = performance.now();
  const context = await newContext(browser, 'desktop', { bypassCSP: false });
  await context.addInitScript({ content: CSP_RECORDER });
  // The recorder must see a violation when there is one: an inline script
  // added to a page is blocked and reported.
  const canary = await cspVisit(context, samples['zh-home'] || pages[0], (page) =>
    page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.append(s);
    }),
  );
  if (!canary.violations || canary.violations.length === 0) {
    cspGate.fail({ page: rel(samples['zh-home'] || pages[0]), message: 'an injected inline script was not reported: the CSP is not enforced or the recorder does not work' });
  }
  // Every page, its care twin for the samples, and a sortable table clicked
  // (the one script of the site runs under the CSP).
  const care = Object.values(samples).map((u) => u.replace(BASE, `${BASE}care/`));
  const list = [...new Set([...pages, ...care])];
  await pool(list, CONCURRENCY, async (url) => {
    try {
      const r = await cspVisit(context, url, async (page) => {
        const button = page.locator('table[data-sortable] th button').first();
        if ((await button.count()) > 0) await button.click();
      });
      if (r.status !== 200) cspGate.fail({ page: rel(url), message: `answered ${r.status}` });
      for (const v of r.violations || []) cspGate.fail({ page: rel(url), message: `CSP violation: ${v.directive} blocked ${v.blocked || '(inline)'}${v.source ? ` at ${rel(v.source)}:${v.line}` : ''}${v.sample ? ` "${v.sample}"` : ''}` });
      for (const m of r.consoleCsp) cspGate.fail({ page: rel(url), message: `console: ${m}` });
      for (const p of headerProblems(r.headers)) headerGate.fail({ page: rel(url), message: p });
    } catch (e) {
      cspGate.fail({ page: rel(url), message: `error: ${e.message.split('\n')[0]}` });
    }
  });
  await context.close();
  cspGate.pages = list.length;
  cspGate.duration = seconds(t);
  // Files other than pages: type, caching, headers, and 404 pages per language.
  const t2 = performance.now();
  const files = [
    ['assets/style.css', 200, /^text\/css/, /max-age=\d{4,}/],
    ['assets/sort.js', 200, /javascript/, /max-age=\d{4,}/],
    ['data/projects.csv', 200, /^text\/csv/, /no-cache/],
    ['data/plans.json', 200, /^application\/json/, /no-cache/],
    ['feed.xml', 200, /^application\/atom\+xml/, /no-cache/],
    ['en/feed.xml', 200, /^application\/atom\+xml/, /no-cache/],
    ['sitemap.xml', 200, /xml/, /no-cache/],
    ['manifest.sha256', 200, /^text\/plain/, /no-cache/],
    ['', 200, /^text\/html/, /no-cache/],
    ['.gongkai-output', 404, /^text\/html/, null],
    ['no-such-page/', 404, /^text\/html/, null],
    ['en/no-such-page/', 404, /^text\/html/, null],
  ];
  for (const [path, status, type, cache] of files) {
    const url = `${BASE}${path}`;
    let res;
    try {
      res = await fetch(url, { redirect: 'manual' });
    } catch (e) {
      headerGate.fail({ page: rel(url), message: `request failed: ${e.message}` });
      continue;
    }
    const h = Object.fromEntries(res.headers);
    const body = await res.text();
    const problems = headerProblems(h);
    if (res.status !== status) problems.push(`answered ${res.status}, expected ${status}`);
    if (!type.test(h['content-type'] || '')) problems.push(`content-type ${h['content-type']}`);
    if (cache && !cache.test(h['cache-control'] || '')) problems.push(`cache-control ${h['cache-control']}`);
    if (status === 404) {
      const lang = path.startsWith('en/') ? 'en' : 'zh-CN';
      if (!body.includes(`<html lang="${lang}">`)) problems.push(`404 page is not the ${lang} one`);
    }
    for (const p of problems) headerGate.fail({ page: rel(url), message: p });
  }
  headerGate.pages = list.length + files.length;
  headerGate.duration = seconds(t2);
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = performance.now();
  mkdirSync(OPTS.outDir, { recursive: true });

  // The pages: every <loc> of the sitemap plus both 404 pages.
  const sitemapRes = await fetch(`${BASE}sitemap.xml`);
  if (sitemapRes.status !== 200) throw new Error(`sitemap.xml answered ${sitemapRes.status}`);
  const sitemap = await sitemapRes.text();
  const locs = [...sitemap.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  const foreignLocs = locs.filter((l) => !l.startsWith(BASE));
  if (foreignLocs.length) throw new Error(`sitemap lists URLs outside ${BASE}: ${foreignLocs.slice(0, 3).join(', ')}`);
  const pages = [...new Set([...locs, `${BASE}404.html`, `${BASE}en/404.html`])];
  log(`${pages.length} pages: ${locs.length} in the sitemap + 2 404 pages`);

  // One sample page of each type in each language.
  const samples = {}; // `${lang}-${type}` -> url
  for (const lang of ['zh', 'en']) {
    for (const type of [...TYPES, ...OPTIONAL_TYPES]) {
      const zhPick = pages.find((u) => pageLang(u) === 'zh' && pageType(u) === type);
      let pick;
      if (lang === 'zh') pick = zhPick;
      else {
        const mirror = zhPick && `${BASE}en/${zhPick.slice(BASE.length)}`;
        pick = mirror && pages.includes(mirror) ? mirror : pages.find((u) => pageLang(u) === 'en' && pageType(u) === type);
      }
      if (pick) samples[`${lang}-${type}`] = pick;
    }
  }
  const missingTypes = TYPES.flatMap((t) => ['zh', 'en'].filter((l) => !samples[`${l}-${t}`]).map((l) => `${l}-${t}`));
  const others = pages.filter((u) => pageType(u) === 'other');
  if (others.length) log(`note: ${others.length} pages of no known type, e.g. ${rel(others[0])}`);

  const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_FLAGS, headless: true });
  log(`browser: ${CHROME} ${browser.version()}`);
  const desktop = await newContext(browser, 'desktop');

  // DOM facts gathered in the axe sweep, for the link and weight gates.
  const pageFacts = new Map(); // url -> { links, ids, weight }

  // -------------------------------------------------- axe (+ link/weight facts)
  const axeGate = gate('axe', `axe-core ${AXE_TAGS.join(', ')} on every page (1280x800)`);
  if (enabled('axe') || enabled('links') || enabled('page-weight')) {
    const t = performance.now();
    await pool(pages, CONCURRENCY, async (url) => {
      let page;
      try {
        page = await desktop.newPage();
        const bodies = [];
        page.on('response', (resp) => {
          const type = resp.request().resourceType();
          if (['document', 'stylesheet', 'script'].includes(type)) {
            bodies.push(
              resp.body().then(
                (b) => ({ url: resp.url(), type, bytes: b.length, status: resp.status() }),
                () => ({ url: resp.url(), type, bytes: 0, status: resp.status() }),
              ),
            );
          }
        });
        const response = await page.goto(url, { waitUntil: 'load' });
        pagesLoaded.add(rel(url));
        if (!response || response.status() !== 200) {
          axeGate.fail({ page: rel(url), message: `page answered ${response ? response.status() : 'nothing'}` });
        }
        const facts = await page.evaluate(() => {
          const links = [];
          for (const [sel, attr] of [['a[href]', 'href'], ['link[href]', 'href'], ['img[src]', 'src'], ['script[src]', 'src']]) {
            for (const el of document.querySelectorAll(sel)) {
              const raw = el.getAttribute(attr);
              let abs = null;
              try {
                abs = new URL(raw, document.baseURI).href;
              } catch {}
              links.push({ tag: sel.split('[')[0], raw, abs });
            }
          }
          const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
          const names = [...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
          return { links, ids: [...ids, ...names] };
        });
        const resources = await Promise.all(bodies);
        facts.weight = { resources, total: resources.reduce((s, r) => s + r.bytes, 0) };
        pageFacts.set(url, facts);
        if (enabled('axe')) {
          const violations = await runAxe(page);
          for (const v of violations) axeGate.fail({ page: rel(url), rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes });
        }
      } catch (e) {
        axeGate.fail({ page: rel(url), message: `error: ${e.message.split('\n')[0]}` });
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    axeGate.pages = pages.length;
    axeGate.duration = seconds(t);
    if (!enabled('axe')) axeGate.skipped = true;
  } else axeGate.skipped = true;

  // -------------------------------------------------- overflow at 390 and reflow at 320
  for (const [name, kind, label] of [
    ['overflow-390', 'phone', 'no horizontal scrolling at 390x844 (phone, DPR 2)'],
    ['reflow-320', 'reflow', 'no horizontal scrolling at 320 CSS px (1280 px at 400% zoom)'],
  ]) {
    const g = gate(name, label);
    if (!enabled(name)) {
      g.skipped = true;
      continue;
    }
    const t = performance.now();
    const ctx = await newContext(browser, kind);
    await pool(pages, CONCURRENCY, async (url) => {
      let page;
      try {
        ({ page } = await open(ctx, url));
        const m = await measureOverflow(page);
        if (m.scrollWidth > m.clientWidth) {
          g.fail({ page: rel(url), message: `scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}`, offenders: m.offenders });
        }
      } catch (e) {
        g.fail({ page: rel(url), message: `error: ${e.message.split('\n')[0]}` });
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    await ctx.close();
    g.pages = pages.length;
    g.duration = seconds(t);
  }

  // -------------------------------------------------- internal links and fragments
  const linkGate = gate('links', 'every own-origin a/link/img/script URL answers 200; every #fragment names an element id');
  if (enabled('links')) {
    const t = performance.now();
    const targets = new Map(); // url without hash -> { from: Set, fragments: Map(fragment -> Set(from)) }
    let linkCount = 0;
    for (const [url, facts] of pageFacts) {
      for (const l of facts.links) {
        if (!l.abs) {
          linkGate.fail({ page: rel(url), message: `unparseable ${l.tag} URL ${JSON.stringify(l.raw)}` });
          continue;
        }
        const u = new URL(l.abs);
        if (u.origin !== ORIGIN) continue;
        linkCount++;
        const key = stripHash(l.abs);
        if (!targets.has(key)) targets.set(key, { from: new Set(), fragments: new Map() });
        const tg = targets.get(key);
        tg.from.add(rel(url));
        const frag = decodeFragment(u.hash);
        if (frag && l.tag === 'a') {
          if (!tg.fragments.has(frag)) tg.fragments.set(frag, new Set());
          tg.fragments.get(frag).add(rel(url));
        }
      }
    }
    const idsOf = new Map([...pageFacts].map(([u, f]) => [stripHash(u), new Set(f.ids)]));
    const list = [...targets.keys()];
    await pool(list, 4, async (target) => {
      const tg = targets.get(target);
      const fromList = [...tg.from];
      const where = `${fromList.slice(0, 3).join(', ')}${fromList.length > 3 ? ` and ${fromList.length - 3} more` : ''}`;
      let res;
      try {
        res = await fetch(target, { redirect: 'manual' });
      } catch (e) {
        linkGate.fail({ page: rel(target), message: `request failed: ${e.message}`, from: fromList });
        return;
      }
      const body = await res.text();
      if (res.status !== 200) {
        linkGate.fail({ page: rel(target), message: `answered ${res.status}, linked from ${where}`, from: fromList });
        return;
      }
      if (tg.fragments.size === 0) return;
      let ids = idsOf.get(target);
      if (!ids) {
        ids = new Set();
        for (const m of body.matchAll(/<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g)) {
          ids.add((m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
        }
      }
      for (const [frag, from] of tg.fragments) {
        // "#top" scrolls to the top of a document without such an element.
        if (ids.has(frag) || frag.toLowerCase() === 'top') continue;
        const fl = [...from];
        linkGate.fail({
          page: rel(target),
          message: `no element with id "${frag}", linked from ${fl.slice(0, 3).join(', ')}${fl.length > 3 ? ` and ${fl.length - 3} more` : ''}`,
          from: fl,
        });
      }
    });
    linkGate.pages = pageFacts.size;
    linkGate.notes.push(`${linkCount} own-origin links, ${list.length} unique URLs requested`);
    linkGate.duration = seconds(t);
  } else linkGate.skipped = true;

  // -------------------------------------------------- language switch
  const langGate = gate('lang-switch', 'clicking a.lang-switch reaches the other language and its canonical is the hreflang alternate');
  if (enabled('lang-switch')) {
    const t = performance.now();
    const list = Object.entries(samples);
    await pool(list, CONCURRENCY, async ([key, url]) => {
      let page;
      try {
        ({ page } = await open(desktop, url));
        const before = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          alternates: [...document.querySelectorAll('link[rel~="alternate"][hreflang]')].map((l) => ({ hreflang: l.hreflang, href: l.href })),
          switches: document.querySelectorAll('a.lang-switch').length,
        }));
        if (!before.switches) {
          langGate.fail({ page: rel(url), type: key, message: 'no a.lang-switch link' });
          return;
        }
        const others = before.alternates.filter((a) => a.hreflang.toLowerCase() !== 'x-default' && a.hreflang.toLowerCase() !== before.lang.toLowerCase());
        if (others.length !== 1) {
          langGate.fail({ page: rel(url), type: key, message: `expected one hreflang alternate other than ${before.lang}, found ${JSON.stringify(others)}` });
          return;
        }
        const expected = others[0];
        const err = await follow(page, 'a.lang-switch');
        if (err) {
          langGate.fail({ page: rel(url), type: key, message: err });
          return;
        }
        const after = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          canonical: document.querySelector('link[rel~="canonical"]')?.href ?? null,
        }));
        const problems = [];
        if (after.lang.toLowerCase() === before.lang.toLowerCase()) problems.push(`<html lang> stayed "${after.lang}"`);
        if (after.lang.toLowerCase() !== expected.hreflang.toLowerCase()) problems.push(`<html lang="${after.lang}">, expected "${expected.hreflang}"`);
        if (after.canonical !== expected.href) problems.push(`canonical ${after.canonical} != alternate hreflang=${expected.hreflang} ${expected.href}`);
        if (problems.length) langGate.fail({ page: rel(url), type: key, landed: rel(page.url()), message: problems.join('; ') });
      } catch (e) {
        langGate.fail({ page: rel(url), type: key, message: `error: ${e.message.split('\n')[0]}` });
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    for (const k of missingTypes) langGate.fail({ page: '-', type: k, message: 'no page of this type in the sitemap' });
    langGate.pages = list.length;
    langGate.duration = seconds(t);
  } else langGate.skipped = true;

  // -------------------------------------------------- care (关怀版) mode
  const careGate = gate('care-mode', 'a.care-switch reaches /minsheng/care/…: care.css, text >= 18px, links stay in care/, axe clean, and back');
  if (enabled('care-mode')) {
    const t = performance.now();
    const list = Object.entries(samples);
    let carePages = 0;
    await pool(list, CONCURRENCY, async ([key, url]) => {
      let page;
      const fail = (message, extra = {}) => careGate.fail({ page: rel(url), type: key, message, ...extra });
      try {
        ({ page } = await open(desktop, url));
        const loaded = [];
        page.on('response', (r) => loaded.push({ url: r.url(), status: r.status(), type: r.request().resourceType() }));
        if ((await page.locator('a.care-switch').count()) === 0) {
          fail('no a.care-switch link on the standard page');
          return;
        }
        const standardUrl = page.url();
        const lang = await page.evaluate(() => document.documentElement.lang);
        const err = await follow(page, 'a.care-switch');
        if (err) {
          fail(err);
          return;
        }
        const careUrl = page.url();
        carePages++;
        const where = { care: rel(careUrl) };
        if (!new URL(careUrl).pathname.startsWith(CARE_PATH)) fail(`a.care-switch led to ${rel(careUrl)}, outside ${CARE_PATH}`, where);
        const info = await page.evaluate(
          ({ carePath, basePath, origin, describeSrc }) => {
            const describe = eval(describeSrc);
            const visible = (el) => {
              const r = el.getBoundingClientRect();
              const cs = getComputedStyle(el);
              return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
            };
            const main = document.querySelector('main');
            let texts = main ? [...main.querySelectorAll('p')].filter((p) => visible(p) && p.textContent.trim()) : [];
            if (main && texts.length === 0) texts = [main];
            const sizes = texts.map((el) => ({ selector: describe(el), px: parseFloat(getComputedStyle(el).fontSize), text: el.textContent.trim().slice(0, 40) }));
            const outside = [];
            // The standard version of this very page (a care-switch, or a second
            // link to it, e.g. in the footer) may leave care/.
            const here = new URL(location.href);
            const standardPath = here.pathname.startsWith(carePath) ? basePath + here.pathname.slice(carePath.length) : null;
            for (const a of document.querySelectorAll('a[href]')) {
              if (a.classList.contains('care-switch')) continue;
              const raw = a.getAttribute('href');
              if (raw.startsWith('#')) continue;
              let u;
              try {
                u = new URL(raw, document.baseURI);
              } catch {
                continue;
              }
              if (u.origin !== origin) continue;
              if (u.pathname === standardPath) continue;
              // Data downloads (CSV, text, JSON…) are the same file in both modes.
              if (/\.[a-z0-9]+$/i.test(u.pathname) && !/\.html?$/i.test(u.pathname)) continue;
              if (!u.pathname.startsWith(carePath)) outside.push({ href: raw, selector: describe(a) });
            }
            return {
              lang: document.documentElement.lang,
              hasMain: !!main,
              sizes,
              outside,
              careCssLinked: [...document.querySelectorAll('link[rel~="stylesheet"]')].some((l) => new URL(l.href).pathname.endsWith('/assets/care.css')),
              careSwitch: document.querySelectorAll('a.care-switch').length,
            };
          },
          { carePath: CARE_PATH, basePath: BASE_PATH, origin: ORIGIN, describeSrc: DESCRIBE_FN },
        );
        if (info.lang.toLowerCase() !== lang.toLowerCase()) fail(`care page <html lang="${info.lang}">, standard page has "${lang}"`, where);
        const css = loaded.find((r) => r.type === 'stylesheet' && new URL(r.url).pathname === `${BASE_PATH}assets/care.css`);
        if (!info.careCssLinked || !css || css.status !== 200) {
          fail(`care page does not load ${BASE_PATH}assets/care.css${css ? ` (answered ${css.status})` : ''}`, where);
        }
        if (!info.hasMain) fail('care page has no <main>', where);
        const tooSmall = info.sizes.filter((s) => !(s.px >= CARE_MIN_FONT_PX));
        if (tooSmall.length) {
          fail(`main text under ${CARE_MIN_FONT_PX}px: ${tooSmall.slice(0, 3).map((s) => `${s.selector} ${s.px}px "${s.text}"`).join('; ')}${tooSmall.length > 3 ? ` and ${tooSmall.length - 3} more` : ''}`, where);
        }
        if (info.outside.length) {
          const uniq = [...new Map(info.outside.map((o) => [o.href, o])).values()];
          fail(`${info.outside.length} links leave ${CARE_PATH}: ${uniq.slice(0, 5).map((o) => `${o.selector} href=${o.href}`).join('; ')}${uniq.length > 5 ? ` and ${uniq.length - 5} more` : ''}`, { ...where, links: uniq });
        }
        const violations = await runAxe(page);
        for (const v of violations) {
          fail(`axe ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} nodes, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`, { ...where, rule: v.id, nodes: v.nodes });
        }
        if (!info.careSwitch) {
          fail('care page has no a.care-switch back to the standard page', where);
        } else {
          const back = await follow(page, 'a.care-switch');
          if (back) fail(`on the care page: ${back}`, where);
          else if (stripHash(page.url()) !== stripHash(standardUrl)) fail(`a.care-switch on the care page led to ${rel(page.url())}, not back to ${rel(standardUrl)}`, where);
        }
      } catch (e) {
        fail(`error: ${e.message.split('\n')[0]}`);
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    careGate.pages = list.length;
    careGate.notes.push(`${carePages} care pages reached`);
    careGate.duration = seconds(t);
  } else careGate.skipped = true;

  // -------------------------------------------------- keyboard
  const kbGate = gate('keyboard', `Tab reaches a visible a.skip-link that moves focus to #main; focus is visible on the first ${TAB_STOPS} Tab stops`);
  if (enabled('keyboard')) {
    const t = performance.now();
    const homes = [samples['zh-home'], samples['en-home']].filter(Boolean);
    for (const url of homes) {
      let page;
      const fail = (message) => kbGate.fail({ page: rel(url), message });
      try {
        ({ page } = await open(desktop, url));
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const el = document.activeElement;
          const r = el.getBoundingClientRect();
          const cs = getComputedStyle(el);
          return {
            isSkip: el.matches('a.skip-link'),
            desc: el.outerHTML.slice(0, 120),
            href: el.getAttribute('href'),
            visible:
              r.width > 1 && r.height > 1 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight &&
              cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0 && cs.clip !== 'rect(0px, 0px, 0px, 0px)',
            rect: [r.left, r.top, r.width, r.height].map(Math.round),
          };
        });
        if (!first.isSkip) fail(`first Tab focuses ${first.desc}, not a.skip-link`);
        else {
          if (!first.visible) fail(`a.skip-link is not visible when focused (rect ${first.rect.join(',')})`);
          await page.keyboard.press('Enter');
          const onMain = await page
            .waitForFunction(() => document.activeElement && document.activeElement.id === 'main', null, { timeout: 3000 })
            .then(() => true, () => false);
          if (!onMain) {
            const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 100));
            fail(`activating the skip link leaves focus on ${active}, not #main`);
          }
        }
        // A fresh load, then the first Tab stops.
        await page.goto(url, { waitUntil: 'load' });
        const noIndicator = [];
        for (let i = 1; i <= TAB_STOPS; i++) {
          await page.keyboard.press('Tab');
          const s = await page.evaluate((describeSrc) => {
            const describe = eval(describeSrc);
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const cs = getComputedStyle(el);
            const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
            const shadow = cs.boxShadow && cs.boxShadow !== 'none';
            return {
              link: el.tagName === 'A',
              selector: describe(el),
              text: el.textContent.trim().slice(0, 30),
              outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
              boxShadow: cs.boxShadow,
              ok: outline || shadow,
            };
          }, DESCRIBE_FN);
          if (s && s.link && !s.ok) noIndicator.push(`stop ${i}: ${s.selector} "${s.text}" (outline ${s.outline}, box-shadow ${s.boxShadow})`);
        }
        if (noIndicator.length) fail(`no visible focus indicator: ${noIndicator.join('; ')}`);
      } catch (e) {
        fail(`error: ${e.message.split('\n')[0]}`);
      } finally {
        if (page) await page.close().catch(() => {});
      }
    }
    kbGate.pages = homes.length;
    kbGate.duration = seconds(t);
  } else kbGate.skipped = true;

  // -------------------------------------------------- vnu
  const vnuGate = gate('vnu', 'Nu Html Checker: no error in any HTML file of the build');
  if (enabled('vnu')) {
    const t = performance.now();
    const jar = join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
    const htmlFiles = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith('.html')) htmlFiles.push(join(d, e.name));
      }
    };
    walk(OPTS.siteDir);
    const r = spawnSync('java', ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', OPTS.siteDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    let messages = [];
    try {
      messages = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages;
    } catch {
      vnuGate.fail({ page: '-', message: `vnu exited ${r.status} with unparseable output: ${(r.stderr || r.stdout || r.error?.message || '').slice(0, 500)}` });
    }
    for (const m of messages) {
      const file = m.url ? relative(OPTS.siteDir, fileURLToPath(m.url)) : '-';
      vnuGate.fail({ page: file, line: m.lastLine, type: m.type, message: m.message, extract: m.extract });
    }
    if (r.status !== 0 && vnuGate.passed) vnuGate.fail({ page: '-', message: `vnu exited ${r.status}: ${(r.stderr || r.error?.message || '').slice(0, 500)}` });
    vnuGate.pages = htmlFiles.length;
    vnuGate.duration = seconds(t);
  } else vnuGate.skipped = true;

  // -------------------------------------------------- screenshots
  const shotGate = gate('screenshots', `full-page screenshots of one page of each type, 390 and 1280 wide, into ${relative(process.cwd(), SHOT_DIR) || SHOT_DIR}`);
  const shots = [];
  if (enabled('screenshots')) {
    const t = performance.now();
    rmSync(SHOT_DIR, { recursive: true, force: true });
    mkdirSync(SHOT_DIR, { recursive: true });
    const phone = await newContext(browser, 'phone');
    const jobs = [];
    for (const [key, url] of Object.entries(samples)) {
      jobs.push({ name: key, url });
    }
    // The care variants of the home and a project page.
    const careJobs = [];
    for (const key of ['zh-home', 'en-home', 'zh-project', 'en-project']) if (samples[key]) careJobs.push({ key, url: samples[key] });
    await pool(careJobs, CONCURRENCY, async ({ key, url }) => {
      let page;
      try {
        ({ page } = await open(desktop, url));
        const href = await page.evaluate(() => document.querySelector('a.care-switch')?.href ?? null);
        if (!href) shotGate.fail({ page: rel(url), message: `no care variant to photograph for ${key}: no a.care-switch link` });
        else jobs.push({ name: key.replace('-', '-care-'), url: href });
      } catch (e) {
        shotGate.fail({ page: rel(url), message: `error: ${e.message.split('\n')[0]}` });
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    const all = jobs.flatMap((j) => [
      { ...j, ctx: phone, width: 390 },
      { ...j, ctx: desktop, width: 1280 },
    ]);
    await pool(all, CONCURRENCY, async (j) => {
      let page;
      try {
        ({ page } = await open(j.ctx, j.url));
        await page.evaluate(() => document.fonts.ready);
        const file = join(SHOT_DIR, `${j.name}-${j.width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        shots.push({ file: relative(OPTS.outDir, file), url: rel(j.url), bytes: statSync(file).size });
      } catch (e) {
        shotGate.fail({ page: rel(j.url), message: `${j.name}-${j.width}: error: ${e.message.split('\n')[0]}` });
      } finally {
        if (page) await page.close().catch(() => {});
      }
    });
    await phone.close();
    shots.sort((a, b) => a.file.localeCompare(b.file));
    shotGate.pages = jobs.length;
    shotGate.notes.push(`${shots.length} screenshots written`);
    shotGate.duration = seconds(t);
  } else shotGate.skipped = true;

  // -------------------------------------------------- page weight
  const weightGate = gate('page-weight', `bytes of HTML + CSS + JS per page; a project page must stay within ${PROJECT_WEIGHT_LIMIT} bytes`);
  const weights = [];
  if (enabled('page-weight')) {
    for (const [key, url] of Object.entries(samples)) {
      const f = pageFacts.get(url);
      if (!f) continue;
      const by = (type) => f.weight.resources.filter((r) => r.type === type).reduce((s, r) => s + r.bytes, 0);
      weights.push({ sample: key, page: rel(url), html: by('document'), css: by('stylesheet'), js: by('script'), total: f.weight.total });
    }
    // The limit holds for every project page of the site, not just the sample.
    let projects = 0;
    for (const [url, f] of pageFacts) {
      if (pageType(url) !== 'project') continue;
      projects++;
      if (f.weight.total > PROJECT_WEIGHT_LIMIT) {
        weightGate.fail({ page: rel(url), message: `${f.weight.total} bytes > ${PROJECT_WEIGHT_LIMIT}`, resources: f.weight.resources });
      }
    }
    const heaviest = [...pageFacts].filter(([u]) => pageType(u) === 'project').sort((a, b) => b[1].weight.total - a[1].weight.total)[0];
    if (heaviest) weightGate.notes.push(`heaviest project page: ${rel(heaviest[0])} ${heaviest[1].weight.total} bytes (${projects} project pages measured)`);
    weightGate.pages = weights.length;
    weightGate.duration = null; // measured during the axe sweep
    weightGate.notes.push('sizes measured while loading pages in the axe sweep (HTTP cache off)');
  } else weightGate.skipped = true;

  // -------------------------------------------------- CSP and headers (behind nginx)
  await securityGates(browser, pages, samples);

  await desktop.close();
  await browser.close();

  // -------------------------------------------------- lighthouse
  const lhGate = gate('lighthouse', 'Lighthouse accessibility score 100 on home, a plan and a project page (performance reported only)');
  const lighthouse = [];
  if (enabled('lighthouse')) {
    const t = performance.now();
    mkdirSync(LIGHTHOUSE_DIR, { recursive: true });
    const cli = join(HERE, 'node_modules/lighthouse/cli/index.js');
    const flags = ['--headless', ...CHROME_FLAGS].join(' ');
    for (const key of ['zh-home', 'zh-plan', 'zh-project']) {
      const url = samples[key];
      if (!url) {
        lhGate.fail({ page: '-', message: `no ${key} page` });
        continue;
      }
      const out = join(LIGHTHOUSE_DIR, `${key}.json`);
      const t1 = performance.now();
      const r = await runProcess(
        process.execPath,
        [cli, url, '--output=json', `--output-path=${out}`, '--only-categories=accessibility,performance', `--chrome-flags=${flags}`, '--quiet', '--no-enable-error-reporting'],
        { env: { ...process.env, CHROME_PATH: CHROME }, timeoutMs: 180000 },
      );
      if (r.code !== 0) {
        lhGate.fail({ page: rel(url), message: `lighthouse exited ${r.code}: ${r.output.slice(-800)}` });
        continue;
      }
      const lhr = JSON.parse(readFileSync(out, 'utf8'));
      const a11y = lhr.categories.accessibility.score;
      const perf = lhr.categories.performance.score;
      const failing = lhr.categories.accessibility.auditRefs
        .filter((ref) => ref.weight > 0)
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a && a.score !== null && a.score < 1)
        .map((a) => ({
          id: a.id,
          title: a.title,
          items: (a.details?.items || []).slice(0, 5).map((i) => i.node?.selector || i.node?.snippet || JSON.stringify(i).slice(0, 120)),
        }));
      const runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
      lighthouse.push({
        sample: key,
        page: rel(url),
        accessibility: a11y === null ? null : Math.round(a11y * 100),
        performance: perf === null ? null : Math.round(perf * 100),
        seconds: seconds(t1),
        failing,
        runtimeError,
      });
      if (a11y !== 1) {
        lhGate.fail({
          page: rel(url),
          message: `accessibility ${a11y === null ? 'n/a' : Math.round(a11y * 100)}${runtimeError ? ` (${runtimeError})` : ''}: ${failing.map((f) => `${f.id} [${f.items.join(' | ')}]`).join('; ')}`,
          failing,
        });
      }
    }
    lhGate.pages = lighthouse.length;
    lhGate.duration = seconds(t);
  } else lhGate.skipped = true;

  // -------------------------------------------------- external requests (watched throughout)
  for (const [url, from] of externalSeen) {
    const f = [...from];
    externalGate.fail({ page: f[0], message: `request to ${url} aborted (from ${f.slice(0, 3).join(', ')}${f.length > 3 ? ` and ${f.length - 3} more` : ''})`, from: f });
  }
  externalGate.pages = pagesLoaded.size;
  externalGate.duration = null; // watched during the other gates
  externalGate.notes.push('watched during every browser gate above (not Lighthouse, which runs its own Chromium)');
  if (gates.filter((g) => g !== externalGate && g.name !== 'vnu' && g.name !== 'lighthouse').every((g) => g.skipped)) externalGate.skipped = true;

  // -------------------------------------------------- report
  const sampleOrder = Object.keys(samples);
  for (const g of gates) {
    g.failures.sort((a, b) => {
      const ta = a.type ? sampleOrder.indexOf(a.type) : -1;
      const tb = b.type ? sampleOrder.indexOf(b.type) : -1;
      return ta - tb || String(a.page).localeCompare(String(b.page)) || String(a.rule ?? a.message).localeCompare(String(b.rule ?? b.message));
    });
  }
  printDetails(weights, lighthouse);
  const total = seconds(t0);
  printSummary(total);
  const report = {
    base: BASE,
    chromium: CHROME,
    pages: pages.length,
    total_seconds: total,
    passed: gates.every((g) => g.skipped || g.passed),
    gates: gates.map((g) => ({
      name: g.name,
      description: g.description,
      skipped: g.skipped,
      passed: g.skipped ? null : g.passed,
      pages_checked: g.pages,
      failures: g.failures.length,
      duration_seconds: g.duration,
      notes: g.notes,
      details: g.failures,
    })),
    page_weight: weights,
    lighthouse,
    screenshots: shots,
  };
  writeFileSync(REPORT_PATH, JSON.stringify(report, null, 2) + '\n');
  log(`report: ${REPORT_PATH}`);
  return report.passed;
}

function runProcess(cmd, args, { env, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// ---------------------------------------------------------------- printing

function listPages(pages, n = 4) {
  const u = [...new Set(pages)];
  return u.slice(0, n).join(', ') + (u.length > n ? ` … and ${u.length - n} more (${u.length} pages)` : '');
}

function printDetails(weights, lighthouse) {
  for (const g of gates) {
    if (g.skipped || g.passed) continue;
    log(`\n-- ${g.name}: ${g.failures.length} failures`);
    if (g.name === 'axe') {
      // Grouped by rule and the first target selectors.
      const groups = new Map();
      for (const f of g.failures) {
        if (!f.rule) {
          log(`  ${f.page}: ${f.message}`);
          continue;
        }
        const sel = f.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ');
        const k = `${f.rule}\u0000${sel}`;
        if (!groups.has(k)) groups.set(k, { f, sel, pages: [] });
        groups.get(k).pages.push(f.page);
      }
      for (const { f, sel, pages } of groups.values()) {
        log(`  ${f.rule} (${f.impact}) ${f.help}`);
        log(`    targets: ${sel}${f.nodes.length > 3 ? ` (+${f.nodes.length - 3} more nodes)` : ''}`);
        log(`    html: ${f.nodes[0].html}`);
        log(`    pages: ${listPages(pages)}`);
      }
    } else if (g.name === 'overflow-390' || g.name === 'reflow-320') {
      const groups = new Map();
      for (const f of g.failures) {
        const sel = (f.offenders || []).map((o) => o.selector).slice(0, 2).join(' | ') || f.message;
        if (!groups.has(sel)) groups.set(sel, { f, pages: [] });
        groups.get(sel).pages.push(f.page);
      }
      for (const [sel, { f, pages }] of groups) {
        log(`  ${f.message}: ${sel}`);
        for (const o of (f.offenders || []).slice(0, 2)) log(`    ${o.selector} right=${o.right}px width=${o.width}px: ${o.snippet}`);
        log(`    pages: ${listPages(pages)}`);
      }
    } else if (g.name === 'vnu') {
      const groups = new Map();
      for (const f of g.failures) {
        const k = f.message;
        if (!groups.has(k)) groups.set(k, { f, pages: [] });
        groups.get(k).pages.push(`${f.page}${f.line ? `:${f.line}` : ''}`);
      }
      for (const [msg, { f, pages }] of groups) {
        log(`  ${msg}${f.extract ? `\n    extract: ${f.extract.replace(/\s+/g, ' ').slice(0, 160)}` : ''}`);
        log(`    at: ${listPages(pages)}`);
      }
    } else {
      for (const f of g.failures) log(`  ${f.type ? `[${f.type}] ` : ''}${f.page}${f.care ? ` -> ${f.care}` : ''}: ${f.message}`);
    }
  }
  if (weights.length) {
    log('\n-- page weight (bytes loaded: HTML + CSS + JS)');
    log(`  ${'page'.padEnd(14)} ${'html'.padStart(7)} ${'css'.padStart(7)} ${'js'.padStart(7)} ${'total'.padStart(7)}  url`);
    for (const w of weights) {
      log(`  ${w.sample.padEnd(14)} ${String(w.html).padStart(7)} ${String(w.css).padStart(7)} ${String(w.js).padStart(7)} ${String(w.total).padStart(7)}  ${w.page}`);
    }
  }
  if (lighthouse.length) {
    log('\n-- lighthouse');
    for (const l of lighthouse) log(`  ${l.sample.padEnd(12)} accessibility ${String(l.accessibility).padStart(3)}  performance ${String(l.performance).padStart(3)}  (${l.seconds} s) ${l.page}`);
  }
  for (const g of gates) for (const n of g.notes) if (!g.skipped) log(`note [${g.name}]: ${n}`);
}

function printSummary(total) {
  log('\n== browser gate summary');
  log(`  ${'gate'.padEnd(18)} ${'pages'.padStart(6)} ${'failures'.padStart(9)} ${'seconds'.padStart(8)}  result`);
  for (const g of gates) {
    const result = g.skipped ? 'skipped' : g.passed ? 'PASS' : 'FAIL';
    log(`  ${g.name.padEnd(18)} ${String(g.pages).padStart(6)} ${String(g.failures.length).padStart(9)} ${(g.duration === null ? '-' : g.duration.toFixed(1)).padStart(8)}  ${result}`);
  }
  const ran = gates.filter((g) => !g.skipped);
  const passed = ran.filter((g) => g.passed).length;
  log(`  total ${total.toFixed(1)} s`);
  log(`browser-gates: ${passed} passed, ${ran.length - passed} failed`);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (e) => {
    console.error(`browser gate error: ${e.stack || e}`);
    process.exit(2);
  },
);
