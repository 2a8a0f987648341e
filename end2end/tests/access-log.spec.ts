import { test, expect, Browser } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, hydrated, signIn, useLanguage, watchErrors, person } from './helpers';

// "Who viewed my data" (clause 10): admin@ opens vip@'s customer record → vip@'s access log
// lists the read with the viewer's role (admin) and a purpose, never the viewer's name or
// e-mail. Demo customers read in their stored language (zh-CN), so their page is checked by
// data-* attributes.

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a customer sees which staff role viewed their record, and why (${lang})`, async ({ browser }) => {
    test.setTimeout(90_000);

    // admin@ finds vip@ and opens the customer record (an audited read).
    const admin = await person(browser, 'admin@example.com', lang);
    await admin.page.goto('/admin/customers?q=vip%40example.com');
    await hydrated(admin.page);
    await admin.page.locator('tr[data-email="vip@example.com"] a').click();
    await expect(admin.page).toHaveURL(/\/admin\/customers\/\d+$/);
    const id = new URL(admin.page.url()).pathname.split('/').pop()!;
    await hydrated(admin.page);
    await expect(admin.page.getByTestId('customer-name')).toBeVisible();

    // vip@ reaches the access log from the portal home.
    const vip = await person(browser, 'vip@example.com', lang);
    await vip.page.goto('/portal');
    await hydrated(vip.page);
    await vip.page.getByTestId('access-log-link').click();
    await expect(vip.page).toHaveURL(/\/portal\/access-log$/);
    await hydrated(vip.page);

    const table = vip.page.getByTestId('access-log');
    await expect(table).toBeVisible();
    const row = table.locator('[data-test=access-log-row][data-viewed="customer.viewed"][data-roles="admin"]').first();
    await expect(row).toBeVisible();
    await expect(row.getByTestId('access-log-what')).toContainText(`#${id}`);
    await expect(row.getByTestId('access-log-role')).not.toBeEmpty();
    await expect(row.getByTestId('access-log-purpose')).not.toBeEmpty();
    // Staff appear by role only.
    const text = await vip.page.locator('main').innerText();
    expect(text).not.toContain('admin@example.com');
    expect(text).not.toContain('管理员 Admin');
    await expectAccessible(vip.page);

    // "My rights" links the confidentiality clause to the log.
    await vip.page.goto('/portal/rights');
    await hydrated(vip.page);
    await expect(vip.page.locator('[data-clause="10.3"] [data-test=access-log-link]')).toHaveAttribute('href', '/portal/access-log');

    expect(admin.errors).toEqual([]);
    expect(vip.errors).toEqual([]);
    await admin.ctx.close();
    await vip.ctx.close();
  });
}

test('the access log works without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await useLanguage(page, 'en');
  // Sign in with the plain form post, as the server renders it.
  await page.goto('/login');
  await page.locator('#f-email').fill('vip@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await page.waitForURL((u) => u.pathname !== '/login');
  await page.goto('/portal/access-log');
  await expect(page.getByTestId('access-log').or(page.getByTestId('access-log-empty'))).toBeVisible();
  await ctx.close();
});

// The customer exports all their data (clause 10) from the portal home: one ZIP with data.json,
// their signed copy, invoices and a README.
for (const lang of ['zh-CN', 'en'] as const) {
  test(`a customer downloads all their data as one archive (${lang})`, async ({ browser }) => {
    const fs = await import('node:fs/promises');
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await signIn(page, 'vip@example.com');
    await page.goto('/portal');
    await hydrated(page);
    const link = page.getByTestId('export-link');
    await expect(link).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^vipcare-my-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await fs.readFile((await download.path())!);
    expect(zip.subarray(0, 4).toString('binary')).toBe('PK\x03\x04');
    // Entry names sit uncompressed in the ZIP's directory.
    const names = zip.toString('latin1');
    for (const entry of ['README.txt', 'data.json', 'agreements/vip-agreement-', 'invoices/']) {
      expect(names, entry).toContain(entry);
    }
    // The same link sits on "my rights" (10.3) and on the access log.
    await page.goto('/portal/access-log');
    await hydrated(page);
    await expect(page.getByTestId('export-link')).toHaveAttribute('href', '/portal/export.zip');
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

// A branch-bound agent opening a customer outside their branch and work gives a reason first
// (clause 10.1); the record opens once they have.
for (const lang of ['zh-CN', 'en'] as const) {
  test(`an agent gives a reason before opening a customer outside their work (${lang})`, async ({ browser }) => {
    const agent = await person(browser, 'agent@example.com', lang);
    await agent.page.goto('/admin/customers?q=new%40example.com');
    await hydrated(agent.page);
    await agent.page.locator('tr[data-email="new@example.com"] a').click();
    await expect(agent.page).toHaveURL(/\/admin\/customers\/\d+$/);
    await expect(agent.page.getByTestId('view-reason')).toBeVisible();
    await expect(agent.page.getByTestId('customer-name')).toHaveCount(0);
    await expectAccessible(agent.page);
    const reason = lang === 'en' ? 'The customer phoned about eligibility' : '客户来电询问资格进度';
    await agent.page.locator('#view-reason').fill(reason);
    await agent.page.locator('[data-test=view-reason-form] button[type=submit]').click();
    await expect(agent.page).toHaveURL(/reason=/);
    await expect(agent.page.getByTestId('customer-name')).toBeVisible();
    expect(agent.errors).toEqual([]);
    await agent.ctx.close();

    // The customer sees the read in "who viewed my data", with the agent's role and reason.
    const customer = await person(browser, 'new@example.com', lang);
    await customer.page.goto('/portal/access-log');
    const row = customer.page
      .getByTestId('access-log-row')
      .filter({ has: customer.page.getByTestId('access-log-reason').filter({ hasText: reason }) })
      .first();
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-roles', 'agent');
    expect(customer.errors).toEqual([]);
    await customer.ctx.close();
  });
}
