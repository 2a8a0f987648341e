import { test, expect } from '@playwright/test';
import { expectAccessible, hydrated, signIn, useLanguage, watchErrors } from './helpers';

const PUBLIC = ['/', '/complaint-channels', '/complaints', '/agreement', '/glossary', '/fees', '/login', '/register', '/no-such-page'];
const CUSTOMER = ['/portal', '/account', '/portal/membership', '/portal/invoices', '/portal/plans', '/portal/requests', '/portal/rights', '/portal/agreement', '/notifications', '/portal/complaints', '/portal/complaints/1', '/portal/feedback', '/portal/access-log'];
const ADMIN = ['/admin', '/admin/staff', '/admin/audit', '/admin/levels', '/admin/ledger', '/admin/customers', '/admin/applications', '/admin/billing', '/admin/billing/fees', '/admin/billing/credits', '/admin/billing/plans', '/admin/billing/reports', '/admin/queue', '/admin/desk', '/admin/complaints', '/admin/complaints/1', '/admin/complaints/breaches', '/admin/complaints/breaches/1', '/admin/complaints/disputes', '/admin/complaints/disputes/1', '/admin/complaints/reports', '/admin/complaints/settings', '/admin/quality', '/admin/quality/process', '/admin/quality/feedback', '/admin/quality/evaluations', '/admin/quality/standards', '/admin/quality/training'];

for (const lang of ['zh-CN', 'en'] as const) {
  test(`public pages have no serious accessibility violations (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    for (const path of PUBLIC) {
      await page.goto(path);
      await hydrated(page);
      await expectAccessible(page);
    }
    // The 404 page answers 404.
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });

  for (const [who, email, paths] of [['customer', 'vip@example.com', CUSTOMER], ['staff', 'admin@example.com', ADMIN]] as const) {
    test(`${who} pages have no serious accessibility violations (${lang})`, async ({ browser }) => {
      // An axe scan per page, up to 28 pages in one test.
      test.setTimeout(180_000);
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const errors = watchErrors(page);
      await useLanguage(page, lang);
      await signIn(page, email);
      for (const path of paths) {
        await page.goto(path);
        await hydrated(page);
        await expectAccessible(page);
      }
      expect(errors).toEqual([]);
      await ctx.close();
    });
  }
}

test('the portal fits a 375 px wide phone without sideways scrolling', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const page = await ctx.newPage();
  await signIn(page, 'vip@example.com');
  await expect(page).toHaveURL(/\/portal$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await ctx.close();
});
