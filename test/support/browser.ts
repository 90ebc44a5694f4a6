/**
 * Headless Chromium for the web app's tests (docs/decisions/0070): the system's Chromium (`CHROMIUM_PATH`, default
 * /usr/bin/chromium) driven by playwright-core, a fresh profile per person, axe-core on each page shown, and what
 * the browser keeps. `UPDATE_SCREENSHOTS=1` writes the pages named in `screenshots` to docs/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { limit } from './timeouts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(process.cwd(), 'docs/screenshots') : undefined;
/** Waits for the UI: generous, since a busy 2-core machine runs the stack, jest and Chromium at once. */
export const UI_WAIT = limit(30_000);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Chromium {
  /** A fresh browser profile per journey: nothing carried over between people. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** axe-core on the page as shown: no serious or critical violation, no script error; a screenshot when asked. */
  audit(page: Page, name: string): Promise<void>;
  /** Every page name audited so far. */
  readonly checked: readonly string[];
}

/** Launches Chromium before the file's tests and closes it after; `screenshots` names the pages the docs show. */
export function useChromium(screenshots: ReadonlySet<string>): Chromium {
  let browser: Browser;
  const pageErrors = new WeakMap<Page, string[]>();
  const checked: string[] = [];
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
      timeout: limit(60_000),
    });
  }, limit(90_000));
  afterAll(async () => {
    await browser?.close();
  });
  return {
    checked,
    async newPage() {
      const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
      context.setDefaultTimeout(UI_WAIT);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // CSP refusals and script errors would otherwise pass unnoticed.
        if (message.type() === 'error' && !/status of (401|404|409|410|412)/.test(message.text()))
          errors.push(message.text());
      });
      pageErrors.set(page, errors);
      return { context, page };
    },
    async audit(page, name) {
      if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
      const violations = (await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
      )) as { id: string; impact: string; nodes: string[] }[];
      expect({
        page: name,
        violations: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
      }).toEqual({ page: name, violations: [] });
      expect({ page: name, errors: pageErrors.get(page) ?? [] }).toEqual({ page: name, errors: [] });
      checked.push(name);
      if (SCREENSHOTS && screenshots.has(name)) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
      }
    },
  };
}

/** Waits for the page's main heading. */
export const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

/** Everything the browser keeps for the site: storage and cookies. */
export async function stored(
  page: Page,
): Promise<{ local: Record<string, string>; session: Record<string, string>; cookies: number; databases: number }> {
  const read = (area: string) =>
    page.evaluate(`Object.fromEntries(Object.keys(${area}).map((k) => [k, ${area}.getItem(k)]))`) as Promise<
      Record<string, string>
    >;
  return {
    local: await read('localStorage'),
    session: await read('sessionStorage'),
    cookies: (await page.context().cookies()).length,
    databases: (await page.evaluate('indexedDB.databases().then((d) => d.length)')) as number,
  };
}

/** The session token the app keeps (its only stored item). */
export const sessionToken = async (page: Page): Promise<string> =>
  (await page.evaluate(`sessionStorage.getItem('session-token') ?? ''`)) as string;

/**
 * Opens the staff console already signed in with `token`, as a session the sign-in form would leave: for journeys
 * that need a particular `sub` or clock (the form itself is tested in test/e2e/web.test.ts).
 */
export async function staffSessionWithToken(page: Page, webUrl: string, token: string): Promise<void> {
  await page.goto(`${webUrl}/staff`);
  await heading(page, 'Staff sign-in');
  await page.evaluate(`sessionStorage.setItem('session-token', ${JSON.stringify(token)})`);
  await page.reload();
}
