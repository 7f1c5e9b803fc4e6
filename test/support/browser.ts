/**
 * Browser tests: playwright-core driving the machine's Debian Chromium (never a browser Playwright
 * downloads: `npx playwright install` reaches the internet, which CI and this network do not have).
 *
 * A screen's test opens a page with `newKioskPage`, drives it, then asserts what a person would
 * notice: `expectNoPageProblems` (console errors, uncaught exceptions, CSP violations),
 * `expectAccessible` (axe-core: no serious or critical violations) and `saveScreenshot` (a PNG under
 * test-results/screens/ for a person to look at).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screens');

// ---------------------------------------------------------------------------------------------------
// Chromium on the machine

// One lock for the machine, not the worktree: two test runs installing at once would fight over apt's lock.
const INSTALL_LOCK = path.join(tmpdir(), 'patron-chromium-install.lock');
// An install that has held the lock this long crashed (apt itself takes a minute or two here).
const STALE_LOCK_MS = 15 * 60_000;

export interface ChromiumInstallation {
  executablePath: string;
  isRoot: boolean;
  lockFile: string;
  /** Installs the browser; only one caller at a time runs it (the lock). */
  install(): Promise<void>;
  log(line: string): void;
}

const debianChromium: ChromiumInstallation = {
  executablePath: CHROMIUM_PATH,
  isRoot: process.getuid?.() === 0,
  lockFile: INSTALL_LOCK,
  install: aptInstallChromium,
  log: (line) => console.log(line),
};

/**
 * Makes sure /usr/bin/chromium exists: installs Debian's `chromium` package when missing and we are
 * root (.ci/run runs as root in a clean machine), else says what to install. Parallel test files and
 * global setup may all call it: one installs, the others wait for it.
 */
export async function ensureChromium(installation: ChromiumInstallation = debianChromium): Promise<void> {
  if (existsSync(installation.executablePath)) return;
  if (!installation.isRoot) {
    throw new Error(
      `Browser tests need Chromium at ${installation.executablePath}: install it with \`sudo apt-get install -y chromium\` (or run the tests as root, which installs it).`,
    );
  }
  await withInstallLock(installation.lockFile, async () => {
    // Another caller may have installed it while this one waited for the lock.
    if (existsSync(installation.executablePath)) return;
    installation.log(`Chromium is missing: installing Debian's chromium package (apt-get) for the browser tests…`);
    await installation.install();
    if (!existsSync(installation.executablePath)) {
      throw new Error(`apt-get installed chromium, but ${installation.executablePath} is still missing.`);
    }
  });
}

async function aptInstallChromium(): Promise<void> {
  const run = promisify(execFile);
  try {
    await run('sh', ['-c', 'apt-get update && apt-get install -y chromium'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(
      `Installing chromium with apt-get failed: ${(stderr || message).trim().split('\n').slice(-5).join(' | ')}`,
    );
  }
}

/** Runs `work` while holding a lock file created exclusively (`wx`); waits while someone else holds it. */
async function withInstallLock(lockFile: string, work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(lockFile).catch(() => null);
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await rm(lockFile, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

/**
 * Headless Chromium. The background-networking flags matter: Chromium otherwise opens many
 * connections of its own (updates, sync, field trials), which this closed network refuses and
 * which slow or break the start; --no-sandbox because CI runs as root.
 */
export async function launchBrowser(): Promise<Browser> {
  await ensureChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// ---------------------------------------------------------------------------------------------------
// Pages

export type Orientation = 'portrait' | 'landscape';

/** The kiosk's screen: a 1080p touch screen, standing or lying. */
export const KIOSK_VIEWPORTS: Record<Orientation, { width: number; height: number }> = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
};

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** `console.error` calls and the browser's own error lines (failed loads, refused resources). */
  consoleErrors: string[];
  /** Exceptions nothing caught (`pageerror`). */
  pageErrors: string[];
  /** `securitypolicyviolation` events: what the page's Content-Security-Policy refused. */
  cspViolations: string[];
  close(): Promise<void>;
}

// Runs in the page before its own scripts. Injected by the browser (not a <script> element), so the
// page's CSP does not apply to it; it reports each violation through the binding below.
const REPORT_CSP_VIOLATIONS = `
  addEventListener('securitypolicyviolation', (event) => {
    globalThis.__patronCspViolation(event.violatedDirective + ' refused ' + (event.blockedURI || 'inline code') +
      (event.sourceFile ? ' (' + event.sourceFile + ':' + event.lineNumber + ')' : ''));
  }, true);
`;

/**
 * A new page in a fresh context (no storage shared between tests) sized like the kiosk's touch
 * screen, recording console errors, uncaught exceptions and CSP violations from its first load.
 * `baseUrl` lets the test write `page.goto('/kiosk')`.
 */
export function newKioskPage(
  browser: Browser,
  baseUrl: string,
  options: { orientation?: Orientation } = {},
): Promise<WatchedPage> {
  return newWatchedPage(browser, baseUrl, {
    viewport: KIOSK_VIEWPORTS[options.orientation ?? 'portrait'],
    hasTouch: true,
  });
}

/** The console's screens: a laptop, a desktop monitor, a tablet held upright. */
export const CONSOLE_VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  desktop: { width: 1920, height: 1080 },
  tablet: { width: 768, height: 1024 },
} as const;

export type ConsoleScreen = keyof typeof CONSOLE_VIEWPORTS;

/** A page for the console (mouse and keyboard, or touch on the tablet), watched as `newKioskPage`'s. */
export function newConsolePage(
  browser: Browser,
  baseUrl: string,
  options: { screen?: ConsoleScreen } = {},
): Promise<WatchedPage> {
  const screen = options.screen ?? 'laptop';
  return newWatchedPage(browser, baseUrl, { viewport: CONSOLE_VIEWPORTS[screen], hasTouch: screen === 'tablet' });
}

async function newWatchedPage(
  browser: Browser,
  baseUrl: string,
  options: { viewport: { width: number; height: number }; hasTouch: boolean },
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport,
    hasTouch: options.hasTouch,
    // Never bypassCSP: the tests must see the page under the policy the server sends.
  });
  const watched: WatchedPage = {
    page: await context.newPage(),
    context,
    consoleErrors: [],
    pageErrors: [],
    cspViolations: [],
    close: () => context.close(),
  };
  await context.exposeFunction('__patronCspViolation', (line: string) => {
    watched.cspViolations.push(line);
  });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  watched.page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location().url ? ` (${message.location().url}:${message.location().lineNumber})` : '';
      watched.consoleErrors.push(`${message.text()}${where}`);
    }
  });
  watched.page.on('pageerror', (error) => watched.pageErrors.push(error.stack ?? error.message));
  return watched;
}

/**
 * Fails, listing each, if the page logged a console error, threw uncaught, or broke its CSP.
 * `expectedStatuses`: answers the test provoked on purpose (a 422, a 412); Chromium logs each as
 * "Failed to load resource: the server responded with a status of N", which is then not a problem.
 */
export function expectNoPageProblems(watched: WatchedPage, options: { expectedStatuses?: number[] } = {}): void {
  const expected = new Set(options.expectedStatuses ?? []);
  const provoked = (line: string) => {
    const status = /^Failed to load resource: the server responded with a status of (\d{3})/.exec(line)?.[1];
    return status !== undefined && expected.has(Number(status));
  };
  const problems = [
    ...watched.consoleErrors.filter((line) => !provoked(line)).map((line) => `console error: ${line}`),
    ...watched.pageErrors.map((line) => `uncaught: ${line}`),
    ...watched.cspViolations.map((line) => `CSP violation: ${line}`),
  ];
  if (problems.length > 0) {
    throw new Error(`The page at ${watched.page.url()} had ${problems.length} problem(s):\n${problems.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Accessibility and screenshots

// What a person using a screen reader or a keyboard cannot get past; minor and moderate findings are
// worth fixing but do not fail a test.
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe-core in the page and fails with a readable list of its serious and critical violations
 * (rule, what to do, which elements). axe's source is evaluated through the debugging protocol
 * (`page.evaluate`), not added as a <script>: the page's strict CSP (no inline scripts) stays as the
 * server sent it, and the test checks the page as users get it.
 */
export async function expectAccessible(page: Page, screenName: string): Promise<void> {
  await settleAnimations(page);
  const hasAxe = await page.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const runner = (globalThis as unknown as { axe: typeof axe }).axe;
    const results = await runner.run({ resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  });
  const failing = violations.filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact));
  if (failing.length === 0) return;
  const lines = failing.map(
    (v) => `- ${v.id} (${v.impact}): ${v.help}\n    on: ${v.targets.join(', ')}\n    see: ${v.helpUrl}`,
  );
  throw new Error(
    `Screen "${screenName}" (${page.url()}) has ${failing.length} serious or critical accessibility violation(s):\n${lines.join('\n')}`,
  );
}

/**
 * Waits for the page's finite animations (a dialog fading in, a toast sliding) to end: axe measures
 * colours as they are drawn, and a button half-way through a fade fails a contrast check it passes
 * once shown. Endless ones (a spinner) are not waited for, nor anything past two seconds.
 */
async function settleAnimations(page: Page): Promise<void> {
  // A string: the tests compile without the DOM's types.
  await page.evaluate(`(async () => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    const allDone = Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    await Promise.race([allDone, new Promise((resolve) => setTimeout(resolve, 2000))]);
  })()`);
}

/** A full-page PNG at test-results/screens/<name>.png, for a person to look at; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await mkdir(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
