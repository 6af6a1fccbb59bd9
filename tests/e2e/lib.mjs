// lib.mjs - the small harness of the browser tests: one Chromium for the run,
// a fresh context per page, screenshots into test-artifacts/e2e/, axe-core
// checks, and one output line per test.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = process.env.MOTCUA_URL || 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.MOTCUA_ARTIFACTS || 'test-artifacts/e2e';
export const PASSWORD = 'Motcua@2026';

// The flags this machine needs (docs/web.md): Chromium must not try to reach
// Google's services through the closed network.
const FLAGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,          // --headless
    chromiumSandbox: false,  // --no-sandbox
    args: FLAGS,             // Playwright gives every launch a fresh, empty --user-data-dir
    timeout: 60000,
  });
}

export class NotRun extends Error {}
export const notRun = (why) => { throw new NotRun(why); };

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
export function eq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** GET/POST against the API from node (probing what the server offers). */
export async function apiFetch(method, path, body) {
  const res = await fetch(BASE + '/api/v1' + path, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  let data = null;
  try { data = await res.json(); } catch { /* empty */ }
  return { status: res.status, data };
}

let routeList = null;
/** Does the server have a route with this pattern? (From /_test/routes: the server runs with --test-hooks.) */
export async function hasRoute(method, pattern) {
  if (!routeList) {
    const r = await apiFetch('GET', '/_test/routes');
    routeList = r.data?.items ?? [];
  }
  return routeList.some((x) => x.method === method && x.pattern === '/api/v1' + pattern);
}

export class Ctx {
  constructor(browser, name, index) {
    this.browser = browser;
    this.name = name;
    this.slug = String(index).padStart(2, '0') + '-' + name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    this.contexts = [];
    this.shots = 0;
    this.errors = [];
    this.notes = [];
  }
  /** A new page in a fresh context (own cookies and storage). */
  async page(opts = {}) {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE, ...opts });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (e) => this.errors.push('page error: ' + e.message));
    page.on('console', (m) => {
      // The browser logs every non-2xx fetch; those are expected in the error tests.
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) this.errors.push('console: ' + m.text());
    });
    return page;
  }
  async shot(page, step) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${this.slug}-${String(++this.shots).padStart(2, '0')}-${step}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
  note(s) { this.notes.push(s); }
  async close() {
    for (const c of this.contexts) await c.close().catch(() => {});
  }
}

/** axe-core on the current page; fails on any serious or critical violation. */
export async function axe(page, label) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const lines = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    throw new Error(`axe (${label}): ${bad.length} serious/critical violation(s)\n` + lines.join('\n'));
  }
  return res.violations.length;
}

/** The page has no horizontal scroll at its current viewport width. */
export async function noHorizontalScroll(page, label) {
  const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth,
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')) }));
  assert(m.sw <= m.w, `${label}: horizontal scroll at ${m.w}px (content ${m.sw}px wide: ${m.wide.join(', ')})`);
}

export async function signInUI(page, login, password = PASSWORD) {
  await page.goto('/dang-nhap');
  await page.getByLabel(/Thư điện tử, số điện thoại|E-mail, phone/).fill(login);
  await page.getByLabel(/^Mật khẩu|^Password/).fill(password);
  await page.locator('form button[type=submit]').click();
}

/** The name attribute of the focused element, once it is `want` or after
 * 3 s: the app moves the focus to a field in error after the answer has
 * been rendered, a moment after the error text appears. */
export async function focusedName(page, want) {
  await page.waitForFunction((w) => document.activeElement?.getAttribute('name') === w, want, { timeout: 3000 }).catch(() => {});
  return page.evaluate(() => document.activeElement?.getAttribute('name'));
}

/** Runs tests in order; prints "ok" or "FAIL" (with indented details). */
export async function run(tests) {
  const browser = await launch();
  let passed = 0, failed = 0, i = 0;
  for (const t of tests) {
    const ctx = new Ctx(browser, t.name, ++i);
    const t0 = Date.now();
    try {
      await Promise.race([t.fn(ctx), new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 60 s')), 60000))]);
      if (ctx.errors.length) throw new Error('browser errors:\n' + ctx.errors.join('\n'));
      passed++;
      console.log(`ok   ${t.name} (${Date.now() - t0} ms)${ctx.notes.length ? ' — ' + ctx.notes.join('; ') : ''}`);
    } catch (e) {
      if (e instanceof NotRun) {
        // every feature the tests cover is on the server now: a test that
        // cannot run (a route gone, an earlier step of its journey failed)
        // is a failure, never silently passed over
        failed++;
        console.log(`FAIL ${t.name}: not run: ${e.message}`);
      } else {
        failed++;
        console.log(`FAIL ${t.name} (${Date.now() - t0} ms)`);
        for (const line of String(e?.stack && !(e.message || '').includes('\n') ? e.message : e?.message ?? e).split('\n').slice(0, 20))
          console.log('    ' + line);
        for (const p of ctx.contexts.flatMap((c) => c.pages()).slice(0, 1))
          await ctx.shot(p, 'failure').then((f) => console.log('    screenshot: ' + f), () => {});
      }
    }
    await ctx.close();
  }
  await browser.close();
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed;
}
