import { test, expect, Browser, Page } from '@playwright/test';
import { expectAccessible, hydrated, signIn, useLanguage, watchErrors } from './helpers';

// The quality dashboard and the process report (clauses 5.3.2, 5.2.3), in Chinese and English:
// quality staff see every chart as server-rendered SVG with data points (the demo data holds six
// months of history), the hover detail once hydrated, and a CSV download (UTF-8 BOM) holding the
// same rows as the chart's table. The admin then makes last month's figures public and the home
// page shows them (5.3.2, customers' side); the setting is put back as the demo data left it.
//
// Assumption about the standards page (/admin/quality/standards, built separately): its form is
// `[data-test=standards-form]` with an `input[name=public_figures]` checkbox and a submit button.

const TEXT = {
  'zh-CN': {
    title: '服务质量看板',
    process: '流程优化:各状态停留时间',
    csatHead: '月份,评价数,平均评分(1–5)',
    slaHead: '月份,达标目标数,目标总数,服务时限达标率(%),最低标准(%)',
    processHead: '分组,名称,请求数,状态,经过该状态的请求,中位数(小时),第 90 百分位(P90)(小时),时间占比(%)',
    publicTitle: '服务质量公示',
  },
  en: {
    title: 'Service quality dashboard',
    process: 'Process optimisation: time in each status',
    csatHead: 'Month,Ratings,Average rating (1–5)',
    slaHead: 'Month,Targets met,Targets,SLA compliance (%),Minimum standard (%)',
    processHead:
      'Group,Name,Requests,Status,Requests in this status,Median (hours),90th percentile (P90) (hours),Share of time (%)',
    publicTitle: 'Our service quality',
  },
} as const;

/** The charts of the dashboard, each in its card. */
const CHARTS = ['chart-csat', 'chart-sla', 'chart-resolution', 'chart-complaints'] as const;

async function staffPage(browser: Browser, email: string, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, email);
  return { ctx, page, errors };
}

/** The text cells of a table's body rows ('—' is an empty cell in the CSV). */
async function tableRows(page: Page, table: string): Promise<string[][]> {
  const rows = page.getByTestId(`table-${table}`).locator('tbody tr');
  const out: string[][] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    out.push(cells.map((c) => (c.trim() === '—' ? '' : c.trim())));
  }
  return out;
}

/** Downloads a CSV link of the page: checks the BOM and returns its lines without the last. */
async function downloadCsv(page: Page, testId: string, name: string): Promise<string[]> {
  const href = await page.getByTestId(testId).getAttribute('href');
  expect(href).toMatch(new RegExp(`^/admin/quality/export/${name}\\.csv\\?from=\\d{4}-\\d{2}&to=\\d{4}-\\d{2}$`));
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const bytes = await res.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').split('\r\n');
  expect(lines.pop()).toBe('');
  return lines;
}

/** A percentage as the page shows it (`93.33%`, `90%`) or as the CSV writes it (`93.33`). */
function percent(s: string): number | null {
  return s === '' ? null : Number(s.replace('%', ''));
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`quality staff read the dashboard's charts and download a table as CSV (${lang})`, async ({ browser }) => {
    const q = await staffPage(browser, 'quality@example.com', lang);
    const page = q.page;
    await page.goto('/admin/quality');
    await hydrated(page);
    await expect(page.locator('h1')).toContainText(TEXT[lang].title);
    await expect(page.getByTestId('quality-range')).toBeVisible();

    // Every chart is an SVG with data points (six months of demo history).
    for (const id of CHARTS) {
      const chart = page.getByTestId(id);
      await expect(chart.locator('svg[role=img]')).toBeVisible();
      expect(await chart.locator('[data-test=point]').count(), id).toBeGreaterThan(0);
    }
    // The per-branch comparison: small multiples, with points in at least one of them.
    const branches = page.getByTestId('quality-branches');
    await expect(branches.locator('svg[role=img]').first()).toBeVisible();
    expect(await branches.locator('[data-test=point]').count()).toBeGreaterThan(0);
    // SLA compliance has the standard's minimum as a reference line.
    await expect(page.getByTestId('chart-sla').getByTestId('reference')).toHaveCount(1);

    // Hydrated, pointing at a point shows its details under the chart.
    const csat = page.getByTestId('chart-csat');
    const point = csat.locator('[data-test=point]').last();
    const month = await point.getAttribute('data-label');
    const value = await point.getAttribute('data-value');
    await point.hover();
    await expect(csat.getByTestId('chart-detail')).toContainText(month!);
    expect(Number(value)).toBeGreaterThanOrEqual(1);
    expect(Number(value)).toBeLessThanOrEqual(5);

    // CSAT: the CSV holds exactly the table's rows.
    const csatLines = await downloadCsv(page, 'csv-csat', 'csat');
    expect(csatLines[0]).toBe(TEXT[lang].csatHead);
    const csatCsv = csatLines.slice(1).map((l) => l.split(','));
    expect(csatCsv).toEqual(await tableRows(page, 'csat'));
    // The month with the pointed-at value is in both.
    expect(csatCsv.some((r) => r[0] === month && Number(r[2]) === Number(value))).toBe(true);

    // SLA compliance: the same months and counts; shares as numbers.
    const slaLines = await downloadCsv(page, 'csv-sla', 'sla');
    expect(slaLines[0]).toBe(TEXT[lang].slaHead);
    const slaCsv = slaLines.slice(1).map((l) => l.split(','));
    const slaPage = await tableRows(page, 'sla');
    expect(slaCsv.length).toBe(slaPage.length);
    slaCsv.forEach((row, i) => {
      expect(row.slice(0, 3)).toEqual(slaPage[i].slice(0, 3));
      expect(percent(row[3])).toBe(percent(slaPage[i][3]));
      expect(percent(row[4])).toBe(percent(slaPage[i][4]));
    });

    // The other tables download too, one line per table row (plus totals where shown).
    for (const name of ['resolution', 'complaints', 'branches']) {
      const lines = await downloadCsv(page, `csv-${name}`, name);
      const rows = await page.getByTestId(`table-${name}`).locator('tbody tr, tfoot tr').count();
      expect(lines.length - 1, name).toBe(rows);
    }

    // Links to the other quality pages.
    const links = page.getByTestId('quality-links');
    for (const href of ['evaluations', 'process', 'feedback', 'standards', 'training']) {
      await expect(links.locator(`a[href="/admin/quality/${href}"]`)).toHaveCount(1);
    }
    await expectAccessible(page);
    expect(q.errors).toEqual([]);
    await q.ctx.close();
  });

  test(`quality staff read where time is lost in the process report (${lang})`, async ({ browser }) => {
    const q = await staffPage(browser, 'quality@example.com', lang);
    const page = q.page;
    await page.goto('/admin/quality/process');
    await hydrated(page);
    await expect(page.locator('h1')).toContainText(TEXT[lang].process);
    await expect(page.getByTestId('process-clock')).toBeVisible();
    const chart = page.getByTestId('chart-process');
    await expect(chart.locator('svg[role=img]')).toBeVisible();
    expect(await chart.locator('[data-test=point]').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('process-largest')).toBeVisible();
    // The largest share of each group is highlighted in the table.
    expect(await page.getByTestId('table-process').locator('tbody tr[data-highlight=true]').count()).toBeGreaterThan(0);

    const lines = await downloadCsv(page, 'csv-process', 'process');
    expect(lines[0]).toBe(TEXT[lang].processHead);
    const csv = lines.slice(1).map((l) => l.split(','));
    const rows = await tableRows(page, 'process');
    expect(csv.length).toBe(rows.length);
    // Group, name, request counts and status are the same cells.
    csv.forEach((row, i) => {
      expect([row[0], row[1], row[2], row[3], row[4]]).toEqual(rows[i].slice(0, 5));
      expect(percent(row[7])).toBe(percent(rows[i][7]));
    });
    await expectAccessible(page);
    expect(q.errors).toEqual([]);
    await q.ctx.close();
  });

  test(`the home page shows last month's quality figures once the admin enables them (${lang})`, async ({ browser }) => {
    const admin = await staffPage(browser, 'admin@example.com', lang);
    const page = admin.page;
    await page.goto('/admin/quality/standards');
    await hydrated(page);
    const form = page.getByTestId('standards-form');
    const box = form.locator('input[name=public_figures]');
    const was = await box.isChecked();
    const save = async (on: boolean) => {
      await page.goto('/admin/quality/standards');
      await hydrated(page);
      await box.setChecked(on);
      await form.locator('button[type=submit]').click();
      await expect(async () => {
        await page.reload();
        await hydrated(page);
        expect(await box.isChecked()).toBe(on);
      }).toPass({ timeout: 10_000 });
    };
    await save(true);

    // A visitor without an account sees the figures on the home page.
    const visitor = await browser.newContext();
    const home = await visitor.newPage();
    await useLanguage(home, lang);
    await home.goto('/');
    const figures = home.getByTestId('public-quality');
    await expect(figures).toBeVisible();
    await expect(figures.locator('h2')).toHaveText(TEXT[lang].publicTitle);
    await expect(figures).toHaveAttribute('data-month', /^\d{4}-\d{2}$/);
    await expect(figures.getByTestId('public-sla')).toContainText('%');
    await visitor.close();

    // Put back what the demo data had; switched off, the home page shows nothing.
    if (!was) {
      await save(false);
      await page.goto('/');
      await hydrated(page);
      await expect(page.getByTestId('public-quality')).toHaveCount(0);
    }
    expect(admin.errors).toEqual([]);
    await admin.ctx.close();
  });
}
