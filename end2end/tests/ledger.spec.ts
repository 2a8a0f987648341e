import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn, uniqueEmail, useLanguage, watchErrors } from './helpers';

// Dates as the programme counts them: calendar days in Asia/Shanghai (clause 1.3.2).
function shanghaiDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

/** The last day a level still holds when a purchase of `day` is the first to leave. */
function dayBeforeOneYearAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const HEADER = 'external_id,customer_email,occurred_at,kind,amount_fen,points';

const TEXT = {
  'zh-CN': {
    notYet: '您目前尚未达到 VIP 资格。',
    reached: '您已达到 VIP 资格。',
    staffReached: '该客户已达到 VIP 资格。',
    needed: (amount: string, day: string) => `在 ${day} 前再消费 ${amount} 即可达到。`,
    done: (n: number) => `导入完成:新增 ${n} 条,未变 0 条,冲突 0 条。`,
    refused: '文件有错误,整份文件未被导入。',
    badKind: '类型必须是 purchase、refund 或 points。',
  },
  en: {
    notYet: 'You do not qualify for VIP yet.',
    reached: 'You qualify for VIP.',
    staffReached: 'This customer qualifies for VIP.',
    needed: (amount: string, day: string) => `Spend ${amount} more by ${day} to reach it.`,
    done: (n: number) => `Import finished: ${n} new, 0 unchanged, 0 conflicts.`,
    refused: 'The file has errors and nothing was imported.',
    badKind: 'The kind must be purchase, refund or points.',
  },
} as const;

async function register(page: Page, email: string, name: string) {
  await page.goto('/register');
  await hydrated(page);
  await page.locator('#f-name').fill(name);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-phone').fill('13800001234');
  await page.locator('#f-password').fill('customer-password-1');
  await page.locator('[data-test=register-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/portal$/);
}

/** Uploads a CSV on /admin/ledger, checks the preview and commits it. */
async function importCsv(page: Page, csv: string, rows: number, lang: 'zh-CN' | 'en') {
  await page.goto('/admin/ledger');
  await hydrated(page);
  await page.locator('#ledger-file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('ledger-upload-form').locator('button[type=submit]').click();
  const preview = page.getByTestId('ledger-preview');
  await expect(preview.getByTestId('preview-rows')).toHaveText(String(rows));
  await expect(preview.getByTestId('preview-new')).toHaveText(String(rows));
  await preview.getByTestId('commit-import').click();
  await expect(preview.getByTestId('import-progress')).toHaveAttribute('data-status', 'committed');
  await expect(preview.getByTestId('import-done')).toHaveText(TEXT[lang].done(rows));
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a CSV import by an admin lifts a customer over the VIP threshold (${lang})`, async ({ browser }) => {
    const email = uniqueEmail(`ledger-${lang}`);
    const customerCtx = await browser.newContext();
    const customer = await customerCtx.newPage();
    const customerErrors = watchErrors(customer);
    await useLanguage(customer, lang);
    await register(customer, email, `Ledger Customer ${lang}`);
    await expect(customer.getByTestId('eligibility-status')).toHaveText(TEXT[lang].notYet);
    await expect(customer.getByTestId('ledger-empty')).toBeVisible();

    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    const adminErrors = watchErrors(admin);
    await useLanguage(admin, lang);
    await signIn(admin, 'admin@example.com');
    const tag = `${lang}-${Date.now()}`;
    await importCsv(
      admin,
      `${HEADER}\nE2E-${tag}-1,${email},${shanghaiDay(-40)} 10:00:00,purchase,3000000,30000\n` +
        `E2E-${tag}-2,${email},${shanghaiDay(-10)}T10:00:00+08:00,purchase,1680000,16800\n`,
      2,
      lang,
    );

    // ¥46,800 of ¥50,000: the customer sees what is missing and by when.
    await customer.reload();
    await hydrated(customer);
    const vip = customer.locator('[data-test=level-progress][data-level=vip]');
    await expect(vip.getByTestId('spend')).toHaveText('¥46,800 / ¥50,000');
    await expect(vip.getByTestId('spend-needed')).toHaveText(TEXT[lang].needed('¥3,200', shanghaiDay(30)));
    await expect(customer.getByTestId('ledger-lines').locator('tbody tr')).toHaveCount(2);

    await importCsv(admin, `${HEADER}\nE2E-${tag}-3,${email},${shanghaiDay(0)} 09:00:00,purchase,320000,3200\n`, 1, lang);
    await customer.reload();
    await hydrated(customer);
    await expect(customer.getByTestId('eligibility-status')).toHaveText(TEXT[lang].reached);
    await expect(vip.getByTestId('kept-until')).toContainText(dayBeforeOneYearAfter(shanghaiDay(-40)));

    // Staff see the same explanation in the customer record.
    await admin.goto('/admin/customers?q=' + encodeURIComponent(email));
    await admin.locator(`tr[data-email="${email}"] a`).click();
    await expect(admin.getByTestId('eligibility-status')).toHaveText(TEXT[lang].staffReached);
    expect(customerErrors).toEqual([]);
    expect(adminErrors).toEqual([]);
    await customerCtx.close();
    await adminCtx.close();
  });

  test(`a malformed CSV is refused whole with its bad lines listed (${lang})`, async ({ page }) => {
    await useLanguage(page, lang);
    await signIn(page, 'finance@example.com');
    await page.goto('/admin/ledger');
    await hydrated(page);
    const csv = `${HEADER}\nBAD-${lang}-1,near@example.com,${shanghaiDay(-1)} 10:00:00,purchase,100,0\nBAD-${lang}-2,near@example.com,${shanghaiDay(-1)} 10:00:00,gift,100,0\n`;
    await page.locator('#ledger-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('ledger-upload-form').locator('button[type=submit]').click();
    await expect(page.getByTestId('preview-refused')).toContainText(TEXT[lang].refused);
    const row = page.getByTestId('preview-errors').locator('tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row.locator('td').nth(0)).toHaveText('3');
    await expect(row.locator('td').nth(2)).toHaveText(TEXT[lang].badKind);
    await expect(page.getByTestId('commit-import')).toHaveCount(0);
  });
}

test('near@ sees the spend needed grow as an old purchase leaves the 12-month window', async ({ page }) => {
  await signIn(page, 'near@example.com');
  const vip = page.locator('[data-test=level-progress][data-level=vip]');
  await expect(vip.getByTestId('spend')).toHaveText('¥46,800 / ¥50,000');
  await expect(vip.getByTestId('level-missing')).toHaveText('还差消费 ¥3,200 或积分 3,200。');
  // A ¥10,000 purchase of 350 days ago leaves the window within the next 30 days.
  await expect(vip.getByTestId('spend-needed')).toHaveText(`在 ${shanghaiDay(30)} 前再消费 ¥13,200 即可达到。`);
});

test('an admin creates an order-system API key, sees it once, and revokes it', async ({ page }) => {
  const errors = watchErrors(page);
  await useLanguage(page, 'en');
  await signIn(page, 'admin@example.com');
  await page.goto('/admin/ledger');
  await hydrated(page);
  const name = `ERP ${Date.now()}`;
  const form = page.getByTestId('create-api-key-form');
  await form.locator('#f-name').fill(name);
  await form.locator('button[type=submit]').click();
  const secret = await page.getByTestId('api-key-secret').textContent();
  expect(secret).toMatch(/^vck_[0-9a-f]{64}$/);
  const row = page.getByTestId('api-keys-table').locator('tr', { hasText: name });
  await expect(row).toBeVisible();

  const ok = await page.request.post('/api/v1/ledger', {
    headers: { authorization: `Bearer ${secret}` },
    data: { entries: [] },
  });
  expect(ok.status()).toBe(200);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.locator('.badge-muted')).toContainText('Revoked');
  const denied = await page.request.post('/api/v1/ledger', {
    headers: { authorization: `Bearer ${secret}` },
    data: { entries: [] },
  });
  expect(denied.status()).toBe(401);
  expect(errors).toEqual([]);
});
