/**
 * The web app as the server serves it (src/http/web-app.ts) over a real port: its pages, their
 * caching and Content-Security-Policy, its hashed assets, the API beside it, the answer when it is
 * not built; and the page at / in Chromium (no errors, no CSP violations, accessible).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_BUILD } from '../../src/cli/web-build.ts';
import {
  expectAccessible,
  expectNoPageProblems,
  launchBrowser,
  newKioskPage,
  SCREENSHOT_DIR,
  saveScreenshot,
} from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PAGES = ['/', '/kiosk', '/kiosk/x'];

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ webApp: { root: WEB_BUILD } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t?.close());

/** The policy's directives by name: `{ 'script-src': ["'self'"], … }`. */
function directivesOf(policy: string | null): Record<string, string[]> {
  const directives: Record<string, string[]> = {};
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives[name] = values;
  }
  return directives;
}

/** The hashed scripts and styles index.html names (what a browser fetches next). */
function assetsNamedIn(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}

describe('the web app pages', () => {
  it.each(PAGES)('%s answers the app page, never cached without asking, under the strict CSP', async (url) => {
    const res = await fetch(`${base}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<div id="root"></div>');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = directivesOf(res.headers.get('content-security-policy'));
    expect(csp['script-src']).toEqual(["'self'"]);
    // Files, the two fixed <style> texts of Radix's scroll-area and select viewports by hash, and
    // this page's one nonce (for the dialogs' scroll lock); never 'unsafe-inline'.
    expect(csp['style-src']?.[0]).toBe("'self'");
    const inline = csp['style-src']?.slice(1) ?? [];
    expect(inline.filter((source) => source.startsWith("'nonce-"))).toHaveLength(1);
    expect(inline.every((source) => source.startsWith("'sha256-") || source.startsWith("'nonce-"))).toBe(true);
    const nonce = inline.find((source) => source.startsWith("'nonce-"))!.slice(7, -1);
    expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names hashed assets that answer with a year of immutable caching and the same CSP', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const assets = assetsNamedIn(html);
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      const res = await fetch(`${base}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options'), asset).toBe('nosniff');
      expect(directivesOf(res.headers.get('content-security-policy'))['script-src'], asset).toEqual(["'self'"]);
    }
  });

  it('answers a missing asset 404 problem+json, not the page and not cached for a year', async () => {
    const res = await fetch(`${base}/assets/no-such-file-0000.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { status: number }).status).toBe(404);
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/immutable|max-age=31536000/);
  });

  it('leaves the API as it was: JSON answers with no-store, unknown API paths 404 problem+json', async () => {
    const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${t.tokens.staff}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get('content-type')).toMatch(/^application\/json/);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(((await me.json()) as { email: string }).email).toBe('staff@demo.test');

    const unknown = await fetch(`${base}/api/v1/kiosk/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const anonymous = await fetch(`${base}/api/v1/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('when the web app is not built', () => {
  let unbuilt: TestApp;
  let unbuiltBase: string;
  let emptyRoot: string;
  beforeAll(async () => {
    emptyRoot = await mkdtemp(path.join(tmpdir(), 'patron-web-unbuilt-'));
    unbuilt = await createTestApp({ webApp: { root: emptyRoot } });
    unbuiltBase = await unbuilt.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await unbuilt?.close();
    await rm(emptyRoot, { recursive: true, force: true });
  });

  it.each(PAGES)('%s answers 503 problem+json saying how to build it', async (url) => {
    const res = await fetch(`${unbuiltBase}${url}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { status: number; detail: string };
    expect(problem.status).toBe(503);
    expect(problem.detail).toMatch(/not built/);
    expect(problem.detail).toMatch(/npm install|patron start/);
  });

  it('still serves the API', async () => {
    const res = await fetch(`${unbuiltBase}/api/v1/me`, {
      headers: { authorization: `Bearer ${unbuilt.tokens.staff}` },
    });
    expect(res.status).toBe(200);
  });
});

describe('the page at / in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('renders with no console errors and no CSP violations, passes axe, and is saved as a screenshot', async () => {
    const watched = await newKioskPage(browser, base, { orientation: 'landscape' });
    try {
      await watched.page.goto('/');
      await watched.page.getByRole('heading', { name: 'Patron' }).waitFor();
      await expectAccessible(watched.page, 'home');
      const file = await saveScreenshot(watched.page, 'home-landscape');
      expect(file).toBe(path.join(SCREENSHOT_DIR, 'home-landscape.png'));
      // After axe ran: it must not have broken the page's CSP (it is evaluated, not a <script>).
      expectNoPageProblems(watched);
    } finally {
      await watched.close();
    }
  });

  it('would see a CSP violation: an inline script the page adds is refused and reported', async () => {
    const watched = await newKioskPage(browser, base);
    try {
      await watched.page.goto('/');
      // (A string: this file is type-checked for Node, without the DOM's types.)
      await watched.page.evaluate(`{
        const script = document.createElement('script');
        script.textContent = 'globalThis.inlineRan = true';
        document.body.append(script);
      }`);
      await expect.poll(() => watched.cspViolations.length).toBeGreaterThan(0);
      expect(watched.cspViolations[0]).toMatch(/script-src/);
      expect(await watched.page.evaluate(() => 'inlineRan' in globalThis)).toBe(false);
      expect(() => expectNoPageProblems(watched)).toThrow(/CSP violation: script-src/);
    } finally {
      await watched.close();
    }
  });

  it('would see an inaccessible screen: axe runs under the strict CSP and names the rule and element', async () => {
    const watched = await newKioskPage(browser, base);
    try {
      await watched.page.goto('/');
      // A button with no text nor label: axe's "button-name", a critical violation.
      await watched.page.evaluate(`{
        const button = document.createElement('button');
        button.id = 'unnamed-button';
        document.body.append(button);
      }`);
      await expect(expectAccessible(watched.page, 'home with an unnamed button')).rejects.toThrow(
        /Screen "home with an unnamed button".*\n- button-name \(critical\): .*\n {4}on: #unnamed-button/,
      );
    } finally {
      await watched.close();
    }
  });
});
