import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AllInOneProcess, ensureCompiledBuild, ensureConsoleBuild, waitFor } from '@voltlane/testing';

const ROOT = resolve(__dirname, '../../../..');
/** Debian's Chromium (apt-get install chromium); no browser download. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Kept as CI artefacts (reports/ is). */
const SCREENSHOTS = join(ROOT, 'reports/console-screenshots');
const TOKEN = 'UI-TAG-1';

/** What the specs read of the page's globals (this file is compiled without the DOM library). */
interface PageGlobals {
  notReloaded?: boolean;
  sessionStorage: { length: number; key(index: number): string | null; getItem(key: string): string | null };
  localStorage: { length: number };
  document: { cookie: string };
}

const STATION = 'ui-1';

/**
 * The operator console in a real browser (headless Chromium driven by Playwright), against `npm
 * start`'s process and a simulated station: what an operator does on a first day.
 */
describe('the operator console in Chromium, on the all-in-one with a simulated station', () => {
  let aio: AllInOneProcess;
  let browser: Browser;
  let simulator: ChildProcess | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await Promise.all([ensureCompiledBuild(), ensureConsoleBuild()]);
    aio = await AllInOneProcess.create();
    await aio.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 180_000);
  afterAll(async () => {
    simulator?.kill('SIGTERM');
    await browser?.close();
    expect(await aio?.stop()).toBe(0);
  });

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(aio.apiUrl + '/');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('stations-online').waitFor();
  }

  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  function startSimulator(): void {
    simulator = spawn(
      process.execPath,
      [
        'node_modules/tsx/dist/cli.mjs',
        'apps/simulator/src/main.ts',
        ...['--stations', '1', '--protocol', 'ocpp1.6', '--connectors', '1', '--url', aio.ocppUrl, '--id-prefix', 'ui'],
        ...['--session-share', '0', '--sample-interval', '2', '--quiet', '--duration', '300'],
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
  }

  it('signs in, sees a station come online live, starts a session from the page, watches its energy rise, finds the StartTransaction, stops it and finds its CDR', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(aio.apiUrl + '/');
    await page.getByLabel('API key').fill('vl_000000000000_not-a-key-not-a-key-not-a');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('This API key is not valid').waitFor();
    await shot(page, '01-sign-in-refused');
    await signIn(page, aio.adminKey);
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();
    expect(await page.getByTestId('stations-online').textContent()).toBe('0');

    // The station connects while the page is open: the overview follows without a reload.
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    startSimulator();
    await page.locator('[data-testid="stations-online"]:text-is("1")').waitFor({ timeout: 45_000 });
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded)).toBe(true);
    await page.getByTestId('live-feed').getByText(STATION).first().waitFor();
    await shot(page, '02-overview-live');

    // The driver's token exists (made through the API); the operator starts a session from the station's page.
    expect((await aio.api('POST', '/api/v1/id-tokens', aio.adminKey, { idToken: TOKEN, type: 'ISO14443' })).status).toBe(201);
    await page.getByRole('link', { name: 'Stations' }).click();
    await page.getByTestId('stations-table').getByRole('link', { name: STATION, exact: true }).click();
    await page.getByRole('tab', { name: /Commands/ }).click();
    await page.getByLabel('Command', { exact: true }).selectOption('RemoteStartTransaction');
    await page.getByLabel('Payload (the official OCPP request)').fill(JSON.stringify({ idTag: TOKEN, connectorId: 1 }));
    await page.getByRole('button', { name: 'Send RemoteStartTransaction' }).click();
    const answer = page.getByTestId('command-answer');
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.textContent()).toContain('"status": "Accepted"');
    await shot(page, '03-remote-start-answered');

    // Its energy rises on the page, without a reload.
    await page.getByRole('tab', { name: 'Sessions' }).click();
    const row = page.locator('[data-testid="station-sessions"] tbody tr').first();
    await row.locator('[data-status="Active"]').waitFor({ timeout: 30_000 });
    const sessionId = (await row.getAttribute('data-session')) as string;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const energy = async (): Promise<number> => Number.parseFloat((await row.getByTestId('session-energy').textContent()) ?? '') || 0;
    let first = 0;
    await waitFor(async () => (first = await energy()) > 0, { timeoutMs: 30_000, message: 'energy above 0 kWh on the page' });
    await waitFor(async () => (await energy()) > first, { timeoutMs: 30_000, message: `energy rising above ${first} kWh on the page` });
    await shot(page, '04-session-energy-rising');

    // The overview counts it, live (the README's screenshot: UPDATE_SCREENSHOTS=1 writes docs/images/console-overview.png).
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('[data-testid="sessions-running"]:text-is("1")').waitFor({ timeout: 30_000 });
    await page.getByTestId('connectors-by-status').getByText('Charging').waitFor({ timeout: 30_000 });
    const overview = await shot(page, '05-overview-charging');
    if (process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(join(ROOT, 'docs/images/console-overview.png'), overview);
    await page.goBack();

    // The message log: the StartTransaction the station sent, and the answer it got.
    await page.getByRole('tab', { name: 'Message log' }).click();
    await page.getByLabel('Action').fill('StartTransaction');
    const call = page.locator('[data-testid="message-log"] tr[data-action="StartTransaction"][data-message-type="CALL"]');
    await call.first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="message-log"] tr[data-action="StartTransaction"][data-message-type="CALLRESULT"]').first().waitFor();
    await call.first().click();
    await page.getByTestId('message-log').getByText(`"idTag": "${TOKEN}"`).waitFor();
    await shot(page, '06-message-log-start-transaction');

    // Stop it from the page; the station answers, the session ends, its CDR is listed.
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await row.getByRole('button', { name: 'Stop' }).click();
    const stopped = page.getByTestId('command-answer');
    await stopped.waitFor({ timeout: 30_000 });
    expect(await stopped.textContent()).toContain('Accepted');
    await row.locator('[data-status="Ended"]').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'CDRs' }).click();
    const cdr = page.locator(`[data-testid="cdrs-table"] [data-session="${sessionId}"]`);
    await cdr.waitFor({ timeout: 30_000 });
    expect(await cdr.textContent()).toContain(STATION);
    await shot(page, '07-cdr-listed');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('on a tablet with a read key: the menu works, no command or stop button shows, and the key lives in the tab only', async () => {
    const created = await aio.api<{ key: string }>('POST', '/api/v1/api-keys', aio.adminKey, { name: 'console read', scope: 'read' });
    expect(created.status).toBe(201);
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true });
    await signIn(page, created.body.key);
    expect(await page.getByTestId('key-scope').textContent()).toBe('read key');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Stations' }).click();
    await page.getByTestId('stations-table').getByRole('link', { name: STATION, exact: true }).click();
    await page.getByRole('tab', { name: /Sessions/ }).click();
    await page.locator('[data-testid="station-sessions"] tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    await page.getByRole('tab', { name: /Commands/ }).click();
    await page.getByText('This API key may read only').waitFor();
    expect(await page.getByRole('button', { name: /^Send / }).count()).toBe(0);
    await shot(page, '08-tablet-read-key');

    // The key: in this tab's sessionStorage, never in localStorage, a cookie or the page's files.
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const session = Array.from({ length: g.sessionStorage.length }, (_, i) => g.sessionStorage.getItem(g.sessionStorage.key(i) ?? ''));
      return { session, local: g.localStorage.length, cookie: g.document.cookie };
    });
    expect(stored).toEqual({ session: [created.body.key], local: 0, cookie: '' });
    // Every file of the page: those index.html names, and the chunks loaded on demand they name.
    const files = new Map<string, string>([['/', await (await fetch(aio.apiUrl + '/')).text()]]);
    for (let added = true; added;) {
      added = false;
      for (const text of [...files.values()])
        for (const [, path] of text.matchAll(/["'(/]((?:\/)?assets\/[\w.-]+\.(?:js|css))/g)) {
          const url = path.startsWith('/') ? path : `/${path}`;
          if (files.has(url)) continue;
          files.set(url, await (await fetch(aio.apiUrl + url)).text());
          added = true;
        }
    }
    expect(files.size).toBeGreaterThan(10);
    for (const [url, text] of files) {
      expect([url, text.includes(aio.adminKey), /vl_[0-9a-f]{12}_/.test(text)]).toEqual([url, false, false]);
    }
    expect(readFileSync(join(aio.dataDir, 'admin-api-key'), 'utf8')).toContain(aio.adminKey);

    // Signing out forgets the key.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.length)).toBe(0);
    await page.close();
  }, 120_000);
});
