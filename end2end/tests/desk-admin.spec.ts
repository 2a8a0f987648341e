import { test, expect, Browser, Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  ensureSecondFactor,
  hydrated,
  signIn,
  trustBrowser,
  useLanguage,
  watchErrors,
} from './helpers';

// The service desk's configuration (/admin/desk, clauses 3.1.1, 3.4.1, 3.4.2): the admin adds a
// holiday to the business calendar and sees it listed, a bad closing time is refused in the
// reader's language, and the admin marks an agent away (and back) — hydrated, and once more
// with JavaScript disabled. `lead@` is used for "away": they are nobody's dedicated agent, so
// the desk tests that follow are not affected even if this one stops half-way.

const TEXT = {
  'zh-CN': {
    title: '服务台设置',
    holiday: '节假日(不上班)',
    closeErr: '结束时间必须晚于开始时间。',
    away: '不在岗',
  },
  en: {
    title: 'Service desk settings',
    holiday: 'Holiday (closed)',
    closeErr: 'The closing time must be after the opening time.',
    away: 'Away',
  },
} as const;

/** The business-days calendar shipped by migration 0009. */
const BUSINESS = '[data-test=calendar][data-calendar="2"]';
const LEAD_ROW = '[data-test=staff-placements] tr[data-email="lead@example.com"]';

async function adminPage(browser: Browser, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, 'admin@example.com');
  return { ctx, page, errors };
}

async function setAway(page: Page, away: boolean) {
  const row = page.locator(LEAD_ROW);
  await row.locator('input[name=away]').setChecked(away);
  await row.getByTestId('staff-place').locator('button[type=submit]').click();
  await expect(page.locator(LEAD_ROW)).toHaveAttribute('data-away', String(away));
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the admin adds a holiday to the business calendar and sees it listed (${lang})`, async ({ browser }) => {
    const admin = await adminPage(browser, lang);
    const page = admin.page;
    await page.goto('/admin');
    await hydrated(page);
    await page.getByTestId('nav-desk-admin').click();
    await expect(page).toHaveURL(/\/admin\/desk$/);
    await hydrated(page);
    await expect(page.locator('h1')).toContainText(TEXT[lang].title);
    const cal = page.locator(BUSINESS);
    // The demo data's National Day holiday is listed.
    await expect(cal.locator('[data-test=calendar-days] tr[data-day="2026-10-01"]')).toHaveAttribute('data-kind', 'holiday');

    const day = lang === 'en' ? '2027-12-27' : '2027-12-28';
    const note = `E2E ${lang} ${Date.now()}`;
    const add = cal.getByTestId('calendar-day-add');
    await add.locator('input[name=day]').fill(day);
    await add.locator('select[name=kind]').selectOption('holiday');
    await add.locator('input[name=note]').fill(note);
    await add.locator('button[type=submit]').click();
    const row = page.locator(`${BUSINESS} [data-test=calendar-days] tr[data-day="${day}"]`);
    await expect(row).toContainText(note);
    await expect(row).toContainText(TEXT[lang].holiday);
    await expect(row).toHaveAttribute('data-kind', 'holiday');

    // Closing before opening is refused; the hours stay as they were.
    const hours = page.locator(BUSINESS).getByTestId('calendar-hours');
    await hours.locator('input[name=close]').fill('08:00');
    await hours.locator('button[type=submit]').click();
    await expect(hours.locator('.field-error')).toHaveText(TEXT[lang].closeErr);
    await page.reload();
    await hydrated(page);
    await expect(page.locator(BUSINESS).getByTestId('calendar-hours').locator('input[name=close]')).toHaveValue('18:00');

    // Removed again: the calendar is as the demo data left it.
    await row.getByTestId('calendar-day-remove').locator('button').click();
    await expect(row).toHaveCount(0);
    expect(admin.errors).toEqual([]);
    await admin.ctx.close();
  });

  test(`the admin marks an agent away and back (${lang})`, async ({ browser }) => {
    const admin = await adminPage(browser, lang);
    const page = admin.page;
    await page.goto('/admin/desk');
    await hydrated(page);
    await setAway(page, true);
    await expect(page.locator(LEAD_ROW).getByTestId('away')).toHaveText(TEXT[lang].away);
    await setAway(page, false);
    await expect(page.locator(LEAD_ROW).getByTestId('present')).toBeVisible();
    expect(admin.errors).toEqual([]);
    await admin.ctx.close();
  });
}

test('the desk configuration works with JavaScript disabled', async ({ browser }) => {
  // From a browser the admin trusts: no code step (mfa.spec.ts walks that without JavaScript).
  await ensureSecondFactor(browser, 'admin@example.com');
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  await trustBrowser(ctx, 'admin@example.com');
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.locator('#f-email').fill('admin@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto('/admin/desk');

  // Away and back: each post comes back to the page with the change shown.
  await setAway(page, true);
  await setAway(page, false);

  // A bad closing time comes back as an error on the page, in Chinese (the default).
  const hours = page.locator(BUSINESS).getByTestId('calendar-hours');
  await hours.locator('input[name=close]').fill('08:00');
  await hours.locator('button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/desk\?error=DeskAdminErrCloseBeforeOpen&field=close$/);
  await expect(page.getByTestId('form-error').first()).toHaveText(TEXT['zh-CN'].closeErr);
  await expect(page.locator(BUSINESS).getByTestId('calendar-hours').locator('input[name=close]')).toHaveValue('18:00');
  await ctx.close();
});
