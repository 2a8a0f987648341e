import { test, expect, Browser } from '@playwright/test';
import { expectAccessible, hydrated, signIn, useLanguage, watchErrors } from './helpers';

// Retention after the confidentiality period (clause 10.3). The demo's former member, 赵往昔
// (former@), left the programme about 2 years and 7 months ago, so with the 3-year period they are
// listed as coming due. In Chinese the admin reads the page and a bad period is refused; in
// English the admin shortens the period to 2 years, anonymises them at once, sees they can no
// longer sign in, and puts the period back.

const TEXT = {
  'zh-CN': {
    title: '数据保留与匿名化',
    noneDue: '目前没有到期的客户。',
    yearsErr: '保密期限须为 1 至 30 的整数年。',
    saved: '已保存。',
  },
  en: {
    title: 'Data retention and anonymisation',
    noneDue: 'Nobody is due now.',
    yearsErr: 'The confidentiality period must be a whole number of years from 1 to 30.',
    saved: 'Saved.',
  },
} as const;

const FORMER = '赵往昔';

async function adminOn(browser: Browser, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, 'admin@example.com');
  await page.goto('/admin');
  await hydrated(page);
  await page.getByTestId('nav-retention').click();
  await expect(page).toHaveURL(/\/admin\/retention$/);
  await hydrated(page);
  await expect(page.locator('h1')).toContainText(TEXT[lang].title);
  return { ctx, page, errors };
}

test('the admin sees who comes due and a bad period is refused (zh-CN)', async ({ browser }) => {
  const { ctx, page, errors } = await adminOn(browser, 'zh-CN');
  await expect(page.getByTestId('upcoming-table')).toContainText(FORMER);
  await expect(page.getByTestId('due-table')).toHaveText(TEXT['zh-CN'].noneDue);
  await expect(page.getByTestId('retention-run')).toHaveCount(0);
  const years = page.locator('#retention-years');
  await expect(years).toHaveValue('3');
  await years.fill('0');
  await page.getByTestId('retention-save').click();
  await expect(page.locator('[data-test=retention-period] .field-error')).toHaveText(TEXT['zh-CN'].yearsErr);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#retention-years')).toHaveValue('3');
  await expectAccessible(page);
  expect(errors).toEqual([]);
  await ctx.close();
});

test('the admin anonymises a former member now and they can no longer sign in (en)', async ({ browser }) => {
  const { ctx, page, errors } = await adminOn(browser, 'en');
  const total = Number(await page.getByTestId('retention-total').textContent());
  await page.locator('#retention-years').fill('2');
  await page.getByTestId('retention-save').click();
  await expect(page.getByText(TEXT.en.saved, { exact: true })).toBeVisible();
  await expect(page.getByTestId('due-table')).toContainText(FORMER);
  await page.getByTestId('retention-run').click();
  await expect(page.getByTestId('ran-anonymised')).toHaveText('1');
  await expect(page.getByTestId('due-table')).toHaveText(TEXT.en.noneDue);
  await expect(page.getByTestId('retention-total')).toHaveText(String(total + 1));
  await expect(page.getByTestId('upcoming-table')).not.toContainText(FORMER);

  // Their customer record shows only the placeholder.
  await page.goto('/admin/customers?q=former');
  await hydrated(page);
  await expect(page.locator('main')).not.toContainText(FORMER);

  // Put the period back as the demo data had it.
  await page.goto('/admin/retention');
  await hydrated(page);
  await page.locator('#retention-years').fill('3');
  await page.getByTestId('retention-save').click();
  await expect(page.getByText(TEXT.en.saved, { exact: true })).toBeVisible();
  await expect(page.locator('#retention-years')).toHaveValue('3');
  expect(errors).toEqual([]);
  await ctx.close();

  // former@ cannot sign in any more: the same message as any wrong password.
  const gone = await browser.newContext();
  const login = await gone.newPage();
  await useLanguage(login, 'en');
  await signIn(login, 'former@example.com');
  await expect(login).toHaveURL(/\/login/);
  await expect(login.getByTestId('form-error')).toBeVisible();
  await gone.close();
});
