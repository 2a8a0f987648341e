import { test, expect, Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, signIn, useLanguage, watchErrors } from './helpers';

// Fees and payment (clauses 6.1.2, 6.2, 3.2.3, 8.2): finance publishes a fee version, it shows
// on /fees, a custom plan priced from it is proposed and accepted, its invoice is issued, the
// customer sees it, finance records a partial and then a full payment; credit notes, refunds,
// online payment at the test gateway and the reports.

function shanghaiDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

// The same database and binary the web server of playwright.config.ts uses.
const DB = process.env.VIPCARE_E2E_DB ?? '../target/e2e/vipcare-e2e.db';
const BIN = process.env.VIPCARE_BIN ?? '../target/release/vipcare';

/** `vipcare jobs run --now <noon Shanghai, offsetDays from today>`: moves the programme's calendar. */
function runJobs(offsetDays: number): string {
  return execFileSync(BIN, ['jobs', 'run', '--now', `${shanghaiDay(offsetDays)}T12:00:00+08:00`], {
    env: { ...process.env, VIPCARE_DATABASE: DB, RUST_LOG: 'warn' },
  }).toString();
}

const TEXT = {
  'zh-CN': { fees: '收费标准', invoices: '我的发票', dueIn: '距付款期限还有 15 天' },
  en: { fees: 'Fee schedule', invoices: 'My invoices', dueIn: 'Due in 15 days' },
} as const;

async function staffPage(browser: Browser, email: string, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, email);
  return { ctx, page, errors };
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`finance publishes a fee version, a custom plan priced from it is accepted and paid in two parts (${lang})`, async ({ browser }) => {
    const label = `E2E ${lang} ${Date.now()}`;
    const price = lang === 'en' ? '650' : '640';
    const fin = await staffPage(browser, 'finance@example.com', lang);
    const page = fin.page;

    // A new version in force from today, with a new adviser price.
    await page.goto('/admin/billing/fees');
    await hydrated(page);
    const create = page.getByTestId('fee-version-create');
    await create.locator('#f-label').fill(label);
    await create.locator('#f-effective_from').fill(shanghaiDay(0));
    await create.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/admin\/billing\/fees\/\d+$/);
    await hydrated(page);
    const item = page.locator('[data-test=fee-item-edit][data-code=consult-hour]');
    await item.locator('summary').click();
    await item.locator('input[name=price_yuan]').fill(price);
    await item.locator('button[type=submit]').first().click();
    await expect(page.locator('[data-test=fee-items] tr[data-code=consult-hour] [data-test=price]')).toHaveText(`¥${price}`);
    await page.getByTestId('fee-version-publish').locator('button[type=submit]').click();
    await expect(page.locator('h1 [data-state=InForce]')).toBeVisible();

    // Visitors see it on /fees, each price linking to clause 6.1.2.
    const visitor = await browser.newContext();
    const pub = await visitor.newPage();
    await useLanguage(pub, lang);
    await pub.goto('/fees');
    await hydrated(pub);
    await expect(pub.locator('h1')).toContainText(TEXT[lang].fees);
    const shown = pub.getByTestId('fee-version').first();
    await expect(shown).toContainText(label);
    const link = shown.locator('tr[data-code=consult-hour] [data-test=price]');
    await expect(link).toHaveText(`¥${price}`);
    await expect(link).toHaveAttribute('href', '/agreement#clause-6-1-2');
    await visitor.close();

    // The customer asks for a custom plan (3.2.3) ...
    const cust = await staffPage(browser, 'vip@example.com', lang);
    await cust.page.goto('/portal/plans');
    await hydrated(cust.page);
    // A signed-in person sees their own saved language (vip@ may have chosen one earlier).
    const custLang = ((await cust.page.locator('html').getAttribute('lang')) ?? 'zh-CN') as 'zh-CN' | 'en';
    const ask = `Two adviser hours for the ${label} board meeting`;
    await cust.page.getByTestId('plan-request-form').locator('#f-request').fill(ask);
    await cust.page.getByTestId('plan-request-form').locator('button[type=submit]').click();
    await expect(cust.page).toHaveURL(/\/portal\/plans\/\d+$/);
    const planId = new URL(cust.page.url()).pathname.split('/').pop();
    await hydrated(cust.page);
    await expect(cust.page.getByTestId('plan-status')).toHaveAttribute('data-status', 'requested');

    // ... finance proposes it, priced from the version just published ...
    await page.goto('/admin/billing/plans');
    await hydrated(page);
    await page.locator(`[data-test=plans] tr[data-plan="${planId}"] a`).click();
    await expect(page).toHaveURL(new RegExp(`/admin/billing/plans/${planId}$`));
    await hydrated(page);
    await expect(page.getByTestId('plan-request')).toHaveText(ask);
    const propose = page.getByTestId('plan-propose');
    await propose.locator('input[name="lines[0][code]"]').fill('consult-hour');
    await propose.locator('input[name="lines[0][quantity]"]').fill('2');
    await propose.locator('#f-valid_until').fill(shanghaiDay(14));
    await propose.locator('#f-note').fill('Board meeting support');
    await propose.locator('button[type=submit]').click();
    await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', 'proposed');

    // ... and the customer accepts it: the plan becomes an issued invoice.
    await cust.page.reload();
    await hydrated(cust.page);
    await expect(cust.page.getByTestId('plan-status')).toHaveAttribute('data-status', 'proposed');
    await expect(cust.page.locator('[data-test=plan-lines] tbody tr')).toHaveCount(1);
    await expect(cust.page.locator('[data-test=plan-lines] tbody tr')).toContainText(`¥${price}`);
    await expect(cust.page.getByTestId('plan-valid-until')).toHaveText(shanghaiDay(14));
    const planTotal = (await cust.page.getByTestId('plan-total').textContent())!.trim();
    await cust.page.getByTestId('plan-answer').locator('button[value=accept]').click();
    await expect(cust.page.getByTestId('plan-status')).toHaveAttribute('data-status', 'accepted');
    const invoiceLink = cust.page.getByTestId('plan-invoice');
    const number = (await invoiceLink.textContent())!.trim();
    expect(number).toMatch(/^INV-\d{4}-\d{6}$/);

    // The customer sees it with the due date counting down, at the price proposed.
    await cust.page.goto('/portal/invoices');
    await hydrated(cust.page);
    await expect(cust.page.locator('h1')).toContainText(TEXT[custLang].invoices);
    await cust.page.locator(`tr[data-number="${number}"] a`).click();
    await expect(cust.page).toHaveURL(/\/portal\/invoices\/\d+$/);
    const id = new URL(cust.page.url()).pathname.split('/').pop();
    await hydrated(cust.page);
    await expect(cust.page.getByTestId('due-countdown')).toHaveText(TEXT[custLang].dueIn);
    const total = (await cust.page.getByTestId('invoice-total').textContent())!.trim();
    expect(total).toBe(planTotal);

    // Finance opens it.
    await page.goto(`/admin/billing/invoices/${id}`);
    await hydrated(page);
    await expect(page.getByTestId('invoice')).toHaveAttribute('data-status', 'issued');
    await expect(page.getByTestId('invoice-number')).toHaveText(number);

    // A partial payment, then the rest (the amount field offers the balance).
    const pay = page.getByTestId('payment-form');
    await pay.locator('#f-reference').fill(`E2E-${lang}-1`);
    await pay.locator('#f-amount_yuan').fill('100');
    await pay.locator('button[type=submit]').click();
    await expect(page.getByTestId('invoice')).toHaveAttribute('data-status', 'partially_paid');
    await expect(page.getByTestId('invoice-paid')).toHaveText("¥100");
    await page.getByTestId('payment-form').locator('#f-reference').fill(`E2E-${lang}-2`);
    await page.getByTestId('payment-form').locator('button[type=submit]').click();
    await expect(page.getByTestId('invoice')).toHaveAttribute('data-status', 'paid');
    await expect(page.getByTestId('invoice-paid')).toHaveText(total);
    await expect(page.getByTestId('invoice-balance')).toHaveText("¥0");

    await cust.page.reload();
    await hydrated(cust.page);
    await expect(cust.page.getByTestId('invoice')).toHaveAttribute('data-status', 'paid');
    expect(fin.errors).toEqual([]);
    expect(cust.errors).toEqual([]);
    await cust.ctx.close();
    await fin.ctx.close();
  });
}

test('another customer cannot open an invoice (404), and the demo data has an overdue one', async ({ browser }) => {
  const fin = await staffPage(browser, 'finance@example.com', 'en');
  await fin.page.goto('/admin/billing?status=overdue');
  await hydrated(fin.page);
  const overdue = fin.page.locator('[data-test=invoices] tbody tr').first();
  await expect(overdue.locator('[data-status=overdue]')).toBeVisible();
  const href = await overdue.locator('a').getAttribute('href');
  const id = href!.split('/').pop();
  await fin.ctx.close();

  const other = await staffPage(browser, 'near@example.com', 'en');
  const res = await other.page.goto(`/portal/invoices/${id}`);
  await hydrated(other.page);
  await expect(other.page.locator('.notice-error')).toBeVisible();
  await other.ctx.close();
  expect(res?.status()).toBe(404);
});

test('an unpaid invoice is reminded the day after its due date, once (simulated date)', async ({ browser }) => {
  const fin = await staffPage(browser, 'finance@example.com', 'zh-CN');
  const page = fin.page;
  await page.goto('/admin/billing');
  await hydrated(page);
  const form = page.getByTestId('invoice-create');
  await form.locator('#f-customer_email').fill('near@example.com');
  await form.locator('input[name="lines[0][code]"]').fill('express-ship');
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/billing\/invoices\/\d+$/);
  await hydrated(page);
  await page.getByTestId('invoice-issue').locator('button[type=submit]').click();
  await expect(page.getByTestId('invoice')).toHaveAttribute('data-status', 'issued');
  const number = (await page.getByTestId('invoice-number').textContent())!.trim();
  await fin.ctx.close();

  // Due in 15 days. Other demo invoices may be reminded on any day, so the counts printed by
  // the job only prove idempotency; the customer's inbox proves what this invoice got.
  runJobs(15);
  expect(runJobs(15)).toMatch(/ 0 invoice reminders/);
  const near = await staffPage(browser, 'near@example.com', 'zh-CN');
  await near.page.goto('/notifications');
  await hydrated(near.page);
  const inbox = near.page.getByTestId('inbox');
  await expect(inbox.locator('li', { hasText: number })).toHaveCount(1); // "issued" only
  expect(runJobs(16)).toMatch(/ [1-9]\d* invoice reminders/);
  expect(runJobs(16)).toMatch(/ 0 invoice reminders/);
  await near.page.reload();
  await hydrated(near.page);
  await expect(inbox.locator('li', { hasText: number })).toHaveCount(2); // and one reminder
  await near.ctx.close();
});

test('a waiver proposed by finance needs a second approver (clause 6.3)', async ({ browser }) => {
  const fin = await staffPage(browser, 'finance@example.com', 'en');
  await fin.page.goto('/admin/billing?status=issued');
  await hydrated(fin.page);
  const href = await fin.page.locator('[data-test=invoices] tbody tr a').first().getAttribute('href');
  await fin.page.goto(href!);
  await hydrated(fin.page);
  const form = fin.page.getByTestId('adjustment-form');
  await form.locator('#adj-amount').fill('10');
  await form.locator('#adj-reason').fill('Delivery was two days late');
  await form.locator('button[type=submit]').click();
  const row = fin.page.locator('[data-test=adjustments] tr[data-adjustment]').last();
  await expect(row.locator('[data-status=proposed]')).toBeVisible();
  // Not for the proposer to approve.
  await expect(row.getByTestId('adjustment-needs-other')).toBeVisible();
  await expect(row.getByTestId('adjustment-approve')).toHaveCount(0);
  await expect(fin.page.getByTestId('invoice-waived')).toHaveCount(0);
  await fin.ctx.close();

  const admin = await staffPage(browser, 'admin@example.com', 'zh-CN');
  await admin.page.goto(href!);
  await hydrated(admin.page);
  const pending = admin.page.locator('[data-test=adjustments] tr[data-adjustment]').last();
  await pending.getByTestId('adjustment-approve').locator('button').click();
  await expect(pending.locator('[data-status=approved]')).toBeVisible();
  await expect(admin.page.getByTestId('invoice-waived')).toHaveText('−¥10');
  expect(admin.errors).toEqual([]);
  await admin.ctx.close();
});

test('finance issues a credit note on a paid invoice and refunds it; the customer sees both (clause 8.2)', async ({ browser }) => {
  const fin = await staffPage(browser, 'finance@example.com', 'en');
  const page = fin.page;
  await page.goto('/admin/billing?status=paid');
  await hydrated(page);
  const row = page.locator('[data-test=invoices] tbody tr', { hasText: '王贵宾' }).first();
  const number = (await row.getAttribute('data-number'))!;
  await row.locator('a').click();
  await expect(page).toHaveURL(/\/admin\/billing\/invoices\/\d+$/);
  await hydrated(page);
  const note = page.getByTestId('credit-note');
  await note.locator('summary').click();
  // More than the invoice charged is refused with a message, nothing changes.
  await note.locator('#cn-amount').fill('99999999');
  await note.locator('#cn-reason').fill('One adviser session missed');
  await note.locator('button[type=submit]').click();
  await expect(note.locator('.field-error, .form-alert, [role=alert]').first()).toBeVisible();
  await note.locator('#cn-amount').fill('12.50');
  await note.locator('button[type=submit]').click();
  await expect(page.getByTestId('credit-issued')).toContainText('CN-');
  const cn = (await page.getByTestId('credit-issued').textContent())!.match(/CN-\d{4}-\d{6}/)![0];

  // The paid invoice cannot take it, so it is credit: refund it in full.
  await page.goto('/admin/billing/credits?open=1');
  await hydrated(page);
  const credit = page.locator(`[data-test=credits-admin] tr[data-credit="${cn}"]`);
  await expect(credit.getByTestId('credit-remaining')).toHaveText('¥12.50');
  await expect(credit).toContainText(number);
  await credit.locator('details summary').click();
  const refund = credit.getByTestId('refund-form');
  await refund.locator('input[name=reference]').fill('E2E-REFUND');
  await refund.locator('input[name=reason]').fill('Customer asked for the money back');
  await refund.locator('button[type=submit]').click();
  await expect(page.getByTestId('refund-recorded')).toBeVisible();
  await expect(page.locator(`[data-test=credits-admin] tr[data-credit="${cn}"]`)).toHaveCount(0);
  expect(fin.errors).toEqual([]);
  await fin.ctx.close();

  const cust = await staffPage(browser, 'vip@example.com', 'zh-CN');
  await cust.page.goto('/portal/invoices');
  await hydrated(cust.page);
  await expect(cust.page.locator(`[data-test=credits] tr[data-credit="${cn}"]`)).toContainText('¥12.50');
  await expect(cust.page.getByTestId('refunds')).toContainText('E2E-REFUND');
  await cust.ctx.close();
});

test('the customer pays an invoice online at the test gateway (clause 6.2)', async ({ browser }) => {
  const cust = await staffPage(browser, 'vip@example.com', 'en');
  const page = cust.page;
  await page.goto('/portal/invoices');
  await hydrated(page);
  const owing = page.locator('[data-test=invoices] tbody tr', {
    has: page.locator('[data-status=issued], [data-status=partially_paid], [data-status=overdue]'),
  }).first();
  await owing.locator('a').click();
  await expect(page).toHaveURL(/\/portal\/invoices\/\d+$/);
  const invoiceUrl = new URL(page.url()).pathname;
  await hydrated(page);
  const balance = (await page.getByTestId('invoice-balance').textContent())!.trim();
  await page.getByTestId('pay-online').locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/pay\/test\/[0-9a-f]{48}$/);
  await hydrated(page);
  await expect(page.locator('.notice-warn')).toBeVisible();
  await expect(page.getByTestId('gateway-amount')).toHaveText(balance);
  await page.getByTestId('gateway-pay').locator('button[type=submit]').click();
  await expect(page).toHaveURL(new RegExp(`${invoiceUrl}\\?paid=1$`));
  await hydrated(page);
  await expect(page.getByTestId('paid-online')).toBeVisible();
  await expect(page.getByTestId('invoice')).toHaveAttribute('data-status', 'paid');
  await expect(page.getByTestId('payments')).toContainText('TEST-');
  expect(cust.errors).toEqual([]);
  await cust.ctx.close();
});

test('finance reads receivables ageing and revenue and downloads them as CSV with a BOM', async ({ browser }) => {
  const fin = await staffPage(browser, 'finance@example.com', 'zh-CN');
  const page = fin.page;
  await page.goto('/admin/billing/reports');
  await hydrated(page);
  await expect(page.getByTestId('ageing-total')).toHaveText(/^¥[1-9]/);
  await expect(page.getByTestId('revenue-total')).toHaveText(/^¥[1-9]/);
  const ageing = await page.request.get('/admin/billing/reports/ageing.csv');
  expect(ageing.status()).toBe(200);
  const bytes = await ageing.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.split('\r\n')[0]).toBe('姓名,电子邮箱,未到期,逾期 1–30 天,逾期 31–60 天,逾期 61–90 天,逾期 90 天以上,合计');
  expect(text).toContain('vip@example.com');
  const href = await page.getByTestId('revenue-csv').getAttribute('href');
  const revenue = await page.request.get(href!);
  expect(revenue.status()).toBe(200);
  expect((await revenue.text())).toContain('consult-hour');
  expect(fin.errors).toEqual([]);
  await fin.ctx.close();
});
