/// <reference lib="dom" />
/**
 * The HTML reports in a real browser: Debian's Chromium driven headless by playwright-core (no browser download).
 * Each page must open with no console error and no request beyond itself, draw the right number of marks, and
 * show the same figures as the JSON report of the same run. Screenshots (screen and print) and an A4 PDF of each
 * page are left under /tmp/grant-recon-screenshots (or $SCREENSHOT_DIR) to look at; they are never committed.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'grant-recon-screenshots');
/** Flags for a sandboxed machine with no network: no GPU, no background connections, no first-run work. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** A4 portrait less the page's 12 mm side margins, in CSS pixels (96 per inch). */
const A4_CONTENT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

const SAMPLE = [
  ...['2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12', '2023-01', '2023-02', '2023-03'],
  ...['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2023-p13', '2024-01', '2024-02', '2024-03', '2024-p13'],
].map((m) => `fixtures/sample/gl/gl-${m}.csv`);

interface PeriodJson {
  period: string;
  month: string;
  total: string;
  categories: Record<string, string>;
}
interface YearJson {
  year: string;
  cap: string;
  ytdActual: string;
  headroom: string;
  overCap: string;
  projectedOutturn: string;
  monthsElapsed: number;
  to: string | null;
  categories: { category: string; ytdActual: string }[];
  periods: PeriodJson[];
}
interface ReportJson {
  years: YearJson[];
  errors: { file: string; line: number }[];
  duplicates: { file: string; line: number }[];
  inputs: { file: string; sha256: string; rows: number }[];
  controlTotals: { input: string; included: string };
}
interface ClaimJson extends Omit<ReportJson, 'years'> {
  cap: string;
  categories: { category: string; periodActual: string; cumulativeActual: string }[];
  totals: Record<string, string>;
}

const CATEGORIES = ['staff', 'officers', 'software', 'equipment', 'training', 'comms'];

/** A JSON amount as the page shows it: "1234.56" → "£1,234.56" (written here, not by the program). */
const pounds = (amount: string): string => {
  const [whole = '', pence = ''] = amount.replace('-', '').split('.');
  return `${amount.startsWith('-') ? '-' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence}`;
};

/** The decimal a displayed amount stands for: "£1,234.56" → "1234.56", "-£20.50" → "-20.50". */
const shown = (text: string): string => text.trim().replace(/£|,/g, '');

/** Writes `args` as html and json, returning the page's path and the JSON report. */
function render<T>(name: string, args: readonly string[]): { path: string; json: T } {
  const html = runCli([...args, '--format', 'html']);
  const json = runCli([...args, '--format', 'json']);
  expect([0, 1]).toContain(html.code);
  expect(html.code).toBe(json.code);
  const path = join(dir, `${name}.html`);
  writeFileSync(path, html.stdout);
  return { path, json: JSON.parse(json.stdout) as T };
}

const dir = mkdtempSync(join(tmpdir(), 'grant-recon-browser-'));

describe.runIf(!HAVE_CHROMIUM)('browser tests', () => {
  // In CI the browser must be there; elsewhere the tests are skipped, and say why.
  it.runIf(process.env.CI)(`need Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`, () => {
    expect(HAVE_CHROMIUM).toBe(true);
  });
  it.skipIf(process.env.CI)(`skipped: no Chromium at ${CHROMIUM} (sudo apt-get install chromium, or set CHROMIUM_PATH)`, () => undefined);
});

describe.skipIf(!HAVE_CHROMIUM)('HTML reports in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a page, failing on any console error, page error or request for anything but the page itself. */
  async function open(path: string, name: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const self = pathToFileURL(path).href;
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== self) problems.push(`request: ${r.url()}`);
    });
    await page.goto(self);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(SHOTS, `${name}-print.png`), fullPage: true });
    await page.pdf({ path: join(SHOTS, `${name}.pdf`), format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    return { page, problems };
  }

  /** The rows of the table right after the heading whose text starts with `heading` (the n-th table after it). */
  async function tableAfter(page: Page, heading: string, nth = 0): Promise<string[][]> {
    return page.evaluate(
      ({ heading, nth }) => {
        const h = [...document.querySelectorAll('h1, h2')].find((e) => e.textContent?.startsWith(heading));
        let node = h?.nextElementSibling ?? null;
        let seen = -1;
        while (node && !(node.tagName === 'H2')) {
          if (node.tagName === 'TABLE' && ++seen === nth) return [...node.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
          node = node.nextElementSibling;
        }
        return [];
      },
      { heading, nth },
    );
  }

  async function marks(page: Page, selector: string): Promise<{ value: string; period?: string; category?: string; month?: string }[]> {
    return page.$$eval(selector, (nodes) =>
      nodes.map((n) => ({
        value: n.getAttribute('data-value') ?? '',
        ...(n.hasAttribute('data-period') ? { period: n.getAttribute('data-period') ?? '' } : {}),
        ...(n.hasAttribute('data-category') ? { category: n.getAttribute('data-category') ?? '' } : {}),
        ...(n.hasAttribute('data-month') ? { month: n.getAttribute('data-month') ?? '' } : {}),
      })),
    );
  }

  /** Every check of a reconciliation page against its JSON. */
  async function checkReconciliation(page: Page, report: ReportJson): Promise<void> {
    expect(report.years.length).toBeGreaterThan(0);
    for (const y of report.years) {
      const cumulative = `figure[data-chart="cumulative"][data-year="${y.year}"]`;
      const monthly = `figure[data-chart="monthly"][data-year="${y.year}"]`;
      // Cumulative chart: a point a month to the last counted month, the cap, and the projection while the year runs.
      // P13–P16 rows (in the year to date, not in n) carry the line on to March, so that it ends at the year to date.
      const months = y.to === null && y.periods.some((p) => Number(p.period.slice(1)) > 12) ? 12 : y.monthsElapsed;
      const points = await marks(page, `${cumulative} [data-mark="actual"]`);
      expect(points).toHaveLength(months);
      let running = 0n;
      const byPeriod = new Map(y.periods.map((p) => [Number(p.period.slice(1)), p]));
      for (let month = 1; month <= months; month++) {
        for (let p = month; p <= (month === 12 ? 16 : month); p++) running += BigInt((byPeriod.get(p)?.total ?? '0.00').replace('.', ''));
        const point = points[month - 1];
        expect(point?.month).toBe(byPeriod.get(month)?.month);
        expect(BigInt(point?.value.replace('.', '') ?? 'x')).toBe(running);
      }
      expect(points.at(-1)?.value ?? '0.00').toBe(y.ytdActual);
      expect(await marks(page, `${cumulative} [data-mark="cap"]`)).toEqual([{ value: y.cap }]);
      expect(await marks(page, `${cumulative} [data-mark="projection"]`)).toEqual(y.monthsElapsed > 0 && y.monthsElapsed < 12 ? [{ value: y.projectedOutturn }] : []);
      // Monthly chart: a bar segment for every non-zero period and category, with its amount.
      const bars = await marks(page, `${monthly} [data-mark="bar"]`);
      // With --to, the charts stop at that month (March taking P13–P16).
      const through = y.to === null ? 16 : y.monthsElapsed === 12 ? 16 : y.monthsElapsed;
      const expectedBars = y.periods.filter((p) => Number(p.period.slice(1)) <= through).flatMap((p) => CATEGORIES.filter((c) => p.categories[c] !== '0.00').map((c) => ({ value: p.categories[c], period: p.period, category: c })));
      expect(expectedBars.length > 0).toBe(y.periods.some((p) => p.total !== '0.00'));
      // Drawn a category at a time (the stack's series); compared period by period.
      const order = (b: { period?: string; category?: string }): string => `${b.period ?? ''} ${CATEGORIES.indexOf(b.category ?? '')}`;
      expect([...bars].sort((a, b) => order(a).localeCompare(order(b)))).toEqual(expectedBars);
      // Each chart has its text alternative.
      for (const figure of [cumulative, monthly]) {
        const labelled = await page.$eval(`${figure} svg`, (svg) => {
          const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ');
          return { role: svg.getAttribute('role'), text: ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | ') };
        });
        expect(labelled.role).toBe('img');
        expect(labelled.text).toContain(y.year);
      }
      // The cumulative chart's description names the cap and the last month's cumulative actual, as shown.
      const description = await page.$eval(`${cumulative} svg desc`, (d) => d.textContent ?? '');
      expect(description).toContain(`Cap ${pounds(y.cap)}.`);
      if (months > 0) expect(description).toContain(`${y.periods[months - 1]?.month ?? ''} ${pounds(y.ytdActual)}`);
      // The figures shown: the month × category table and the measures table, as in the JSON.
      const heading = `Financial year ${y.year}`;
      // The month table holds the year to date, its total line the sum of the lines above; with --to, the later
      // periods follow in a table of their own.
      const inYear = y.periods.filter((p) => y.to === null || p.month <= y.to);
      const after = y.periods.filter((p) => !inYear.includes(p));
      const table = await tableAfter(page, heading, 0);
      expect(table.map((r) => r.slice(0, 2))).toEqual([...inYear.map((p) => [p.period, p.month]), ['Year', expect.any(String)]]);
      table.slice(0, -1).forEach((row, i) => {
        const p = inYear[i] as PeriodJson;
        expect(row.slice(2).map(shown)).toEqual([...CATEGORIES.map((c) => p.categories[c]), p.total]);
      });
      expect(table.at(-1)?.slice(2).map(shown)).toEqual([...y.categories.map((c) => c.ytdActual), y.ytdActual]);
      let sum = 0n;
      for (const p of inYear) sum += BigInt(p.total.replace('.', ''));
      expect(sum, 'the Year line is the sum of the month lines above it').toBe(BigInt(y.ytdActual.replace('.', '')));
      if (after.length > 0) expect((await tableAfter(page, heading, 1)).map((r) => r.slice(0, 2))).toEqual(after.map((p) => [p.period, p.month]));
      const measures = Object.fromEntries((await tableAfter(page, heading, after.length > 0 ? 2 : 1)).map((r): [string, string] => [r[0]?.split(' (')[0] ?? '', shown(r[1] ?? '')]));
      expect(measures).toMatchObject({ 'Year to date': y.ytdActual, Cap: y.cap, Headroom: y.headroom, 'Over cap': y.overCap, 'Projected outturn': y.projectedOutturn });
    }
    await checkBase(page, report);
  }

  /** Exceptions with file:line and inputs with SHA-256, as in the JSON. */
  async function checkBase(page: Page, report: Pick<ReportJson, 'errors' | 'duplicates' | 'inputs'>): Promise<void> {
    const errors = await tableAfter(page, 'Rows in error');
    expect(errors.map((r) => r[0])).toEqual(report.errors.map((e) => `${e.file}:${e.line}`));
    const duplicates = await tableAfter(page, 'Duplicates');
    expect(duplicates.map((r) => r[0])).toEqual(report.duplicates.map((d) => `${d.file}:${d.line}`));
    const inputs = await tableAfter(page, 'Inputs');
    expect(inputs.map((r) => [r[0], Number(r[1]), r[7]])).toEqual(report.inputs.map((i) => [i.file, i.rows, i.sha256]));
  }

  /** Prints on A4: nothing wider than the page's content box. */
  async function checkFitsA4(page: Page): Promise<void> {
    await page.setViewportSize({ width: A4_CONTENT_WIDTH, height: 1100 });
    await page.emulateMedia({ media: 'print' });
    const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
  }

  it('the sample reconciliation of both years: marks and figures equal the JSON', async () => {
    const { path, json } = render<ReportJson>('reconcile-sample', ['reconcile', ...SAMPLE]);
    const { page, problems } = await open(path, 'reconcile-sample');
    await checkReconciliation(page, json);
    expect(await page.textContent('body')).toContain('Cumulative actual passes the cap in 2024-03.');
    await checkFitsA4(page);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a year part-way (--to 2022-09): six points and the projection to year end', async () => {
    const { path, json } = render<ReportJson>('reconcile-to-2022-09', ['reconcile', ...SAMPLE, '--year', '2022/23', '--to', '2022-09']);
    const { page, problems } = await open(path, 'reconcile-to-2022-09');
    expect(json.years[0]?.monthsElapsed).toBe(6);
    // The oracle's figure (fixtures/sample/expected.json reconcileTo).
    expect(json.years[0]?.projectedOutturn).toBe('2783085.04');
    await checkReconciliation(page, json);
    const drawn = await marks(page, 'figure[data-chart="monthly"] [data-mark="bar"]');
    expect(new Set(drawn.map((b) => b.period))).toEqual(new Set(['P01', 'P02', 'P03', 'P04', 'P05', 'P06']));
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('exceptions: rows in error and duplicates with file:line', async () => {
    // A long path, as exports are filed on force machines, must still wrap within the A4 width.
    const deep = join(dir, 'exports_from_the_finance_system_sap_s4hana_production_environment', 'monthly');
    mkdirSync(deep, { recursive: true });
    const long = join(deep, 'GL_line_export_project_alpha_social_media_hub_2022_05_final_version_2_checked.csv');
    copyFileSync(join(ROOT, 'fixtures/errors/bad-amount.csv'), long);
    const { path, json } = render<ReportJson>('reconcile-exceptions', [
      'reconcile',
      long,
      'fixtures/errors/bad-amount.csv',
      'fixtures/errors/bad-date.csv',
      'fixtures/errors/conflicting-duplicate.csv',
      'fixtures/errors/control-total-mismatch.csv',
      'fixtures/messy/gl-2022-08-bom.csv',
      'fixtures/messy/gl-2022-08-reexport.csv',
    ]);
    expect(json.errors.length).toBeGreaterThan(2);
    expect(json.duplicates.length).toBeGreaterThan(2);
    const { page, problems } = await open(path, 'reconcile-exceptions');
    await checkReconciliation(page, json);
    await checkFitsA4(page);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('the Q4 2023/24 claim: figures equal the JSON, with a blank certification block', async () => {
    const { path, json } = render<ClaimJson>('claim-2023-24-q4', ['claim', ...SAMPLE, '--year', '2023/24', '--quarter', 'Q4']);
    const { page, problems } = await open(path, 'claim-2023-24-q4');
    const categories = await tableAfter(page, 'Grant claim', 0);
    expect(categories.map((r) => r.map((c, i) => (i === 0 ? c : shown(c))))).toEqual([
      ...json.categories.map((c) => [expect.stringMatching(new RegExp(`^${c.category}$`, 'i')) as unknown as string, c.periodActual, c.cumulativeActual]),
      ['Total', json.totals.periodActual, json.totals.cumulativeActual],
    ]);
    const measures = await tableAfter(page, 'Grant claim', 1);
    const claim = Object.fromEntries(measures.map((r): [string, string] => [r[0] ?? '', shown(r[2] ?? '')]));
    // Each measure says what it covers: the claim due the quarter, the cumulative figures the year to its end.
    expect(Object.fromEntries(measures.map((r): [string, string] => [r[0] ?? '', r[1] ?? '']))).toMatchObject({
      'Cumulative actual': '2023-04-01 to 2024-03-31',
      'Previously claimed': '2023-04-01 to 2023-12-31, from the ledger now',
      'Claim due from Home Office': 'Q4 (2024-01-01 to 2024-03-31)',
    });
    const t = json.totals;
    expect(claim).toEqual({
      'Cap for the year': json.cap,
      'Cumulative actual': t.cumulativeActual,
      'Cumulative claimable': t.cumulativeClaimable,
      'Previously claimed': t.previouslyClaimed,
      'Prior-period adjustment (included in the claim due)': t.priorPeriodAdjustment,
      'Claim due from Home Office': t.claimDue,
      Headroom: t.headroom,
      'Over cap (not claimable)': t.overCap,
    });
    // The oracle's Q4 figures (fixtures/sample/expected.json): the year passes the cap in March 2024.
    expect([t.cumulativeActual, t.overCap]).toEqual(['3011630.43', '118178.43']);
    const certification = await page.$$eval('.certification tbody tr', (rows) => rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]));
    expect(certification).toEqual([
      ['Name', ''],
      ['Role', ''],
      ['Signature', ''],
      ['Date', ''],
    ]);
    await checkBase(page, json);
    await checkFitsA4(page);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
