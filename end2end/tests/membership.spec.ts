import { test, expect, Page, Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, signIn, uniqueEmail, useLanguage, watchErrors } from './helpers';

// The same database and binary the web server of playwright.config.ts uses.
const DB = process.env.VIPCARE_E2E_DB ?? '../target/e2e/vipcare-e2e.db';
const BIN = process.env.VIPCARE_BIN ?? '../target/release/vipcare';

function shanghaiDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

/** `vipcare jobs run --now <noon Shanghai, offsetDays from today>`: moves the programme's calendar. */
function runJobs(offsetDays: number): string {
  return execFileSync(BIN, ['jobs', 'run', '--now', `${shanghaiDay(offsetDays)}T12:00:00+08:00`], {
    env: { ...process.env, VIPCARE_DATABASE: DB, RUST_LOG: 'warn' },
  }).toString();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const TEXT = {
  'zh-CN': {
    reached: '您已达到 VIP 资格。',
    infoRequested: '需补充材料',
    submitted: '已提交',
    active: '有效',
    effective: '已生效',
    verified: '已核验',
    awaitingCountersign: '待公司会签',
    signName: '请输入与账户一致的全名。',
  },
  en: {
    reached: 'You qualify for VIP.',
    infoRequested: 'More information requested',
    submitted: 'Submitted',
    active: 'Active',
    effective: 'In effect',
    verified: 'Verified',
    awaitingCountersign: 'Awaiting countersignature',
    signName: 'Please type your full name exactly as on your account.',
  },
} as const;

async function page(browser: Browser, lang: 'zh-CN' | 'en'): Promise<[Page, string[]]> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors = watchErrors(p);
  await useLanguage(p, lang);
  return [p, errors];
}

async function importCsv(admin: Page, csv: string) {
  await admin.goto('/admin/ledger');
  await hydrated(admin);
  await admin.locator('#ledger-file').setInputFiles({ name: 'lift.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await admin.getByTestId('ledger-upload-form').locator('button[type=submit]').click();
  await admin.getByTestId('commit-import').click();
  await expect(admin.getByTestId('import-progress')).toHaveAttribute('data-status', 'committed');
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a customer is lifted over the threshold, applies, is asked for more, signs and becomes VIP (${lang})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const L = TEXT[lang];
    const [customer, customerErrors] = await page(browser, lang);
    let email = 'near@example.com';
    let name = '李将近';
    if (lang === 'en') {
      email = uniqueEmail('apply-en');
      name = 'Apply English';
      await customer.goto('/register');
      await hydrated(customer);
      await customer.locator('#f-name').fill(name);
      await customer.locator('#f-email').fill(email);
      await customer.locator('#f-phone').fill('13800005678');
      await customer.locator('#f-password').fill('customer-password-1');
      await customer.locator('[data-test=register-form] button[type=submit]').click();
      await expect(customer).toHaveURL(/\/portal$/);
    } else {
      await signIn(customer, email);
      await expect(customer.locator('[data-level=vip]').getByTestId('spend-needed')).toContainText('¥13,200');
    }

    // An admin's CSV import lifts the customer over ¥50,000 (clause 2.1.1).
    const [admin, adminErrors] = await page(browser, lang);
    await signIn(admin, 'admin@example.com');
    const amount = lang === 'en' ? 5000000 : 320000;
    await importCsv(admin, `external_id,customer_email,occurred_at,kind,amount_fen,points\nLIFT-${Date.now()},${email},${shanghaiDay(0)} 08:00:00,purchase,${amount},0\n`);
    await customer.goto('/portal');
    await expect(customer.getByTestId('eligibility-status')).toHaveText(L.reached);

    // The application with a PDF and the acceptance of the exact version shown (2.1.3).
    await customer.goto('/portal/membership');
    await hydrated(customer);
    await customer.getByTestId('application-form').locator('#f-company').fill('ACME 贸易');
    await customer.getByTestId('application-form').locator('button[type=submit]').click();
    await customer.locator('#material-file').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
    await customer.getByTestId('material-form').locator('button[type=submit]').click();
    await expect(customer.getByTestId('materials').locator('li')).toHaveCount(1);
    await customer.locator('#accept-terms').check();
    await customer.getByTestId('submit-form').locator('button[type=submit]').click();
    await expect(customer.getByTestId('application-status')).toHaveText(L.submitted);

    // The reviewer asks for more information.
    const [reviewer, reviewerErrors] = await page(browser, lang);
    await signIn(reviewer, 'reviewer@example.com');
    await reviewer.goto('/admin/applications');
    await reviewer.locator(`tr[data-email="${email}"] a`).click();
    await hydrated(reviewer);
    await expect(reviewer.getByTestId('review-materials').locator('li')).toHaveCount(1);
    await reviewer.getByTestId('request-info').locator('textarea').fill('Please add a recent invoice / 请补充近期发票');
    await reviewer.getByTestId('request-info').locator('button[type=submit]').click();
    await expect(reviewer.getByTestId('application-status')).toHaveText(L.infoRequested);

    // The customer replies and submits again.
    await customer.goto('/portal/membership');
    await hydrated(customer);
    await expect(customer.getByTestId('info-requested')).toBeVisible();
    await expect(customer.getByTestId('conversation')).toContainText('recent invoice');
    await customer.locator('#f-reply').fill('Invoice attached / 已补充发票');
    await customer.locator('#material-file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF });
    await customer.getByTestId('material-form').locator('button[type=submit]').click();
    await expect(customer.getByTestId('materials').locator('li')).toHaveCount(2);
    await customer.locator('#f-reply').fill('Invoice attached / 已补充发票');
    await customer.locator('#accept-terms').check();
    await customer.getByTestId('submit-form').locator('button[type=submit]').click();
    await expect(customer.getByTestId('application-status')).toHaveText(L.submitted);

    // Approved; the customer signs with their exact name.
    await reviewer.reload();
    await hydrated(reviewer);
    await reviewer.getByTestId('approve').locator('button[type=submit]').click();
    await expect(reviewer.getByTestId('agreement-link')).toBeVisible();
    await customer.goto('/portal/membership');
    await customer.getByTestId('go-sign').click();
    await hydrated(customer);
    await expect(customer.getByTestId('hash-verified')).toHaveText(L.verified);
    await customer.locator('#f-signed_name').fill('Someone Else');
    await customer.locator('#sign-consent').check();
    await customer.getByTestId('sign-form').locator('button[type=submit]').click();
    await expect(customer.locator('.field-error')).toHaveText(L.signName);
    await customer.locator('#f-signed_name').fill(name);
    await customer.getByTestId('sign-form').locator('button[type=submit]').click();
    await expect(customer.getByTestId('agreement-status')).toHaveText(L.awaitingCountersign);
    const agreementUrl = customer.url();
    const agreementId = agreementUrl.split('/').pop();

    // The reviewer countersigns from the queue.
    await reviewer.goto(`/admin/agreements/${agreementId}`);
    await hydrated(reviewer);
    await reviewer.getByTestId('countersign-form').locator('button[type=submit]').click();
    await expect(reviewer.getByTestId('agreement-status')).toHaveText(L.effective);

    // Active membership; rights link to the clauses of the signed version.
    await customer.goto('/portal/membership');
    await expect(customer.getByTestId('membership-status')).toHaveText(L.active);
    await customer.getByTestId('rights-link').click();
    await expect(customer).toHaveURL(/\/portal\/rights$/);
    const link = customer.locator('[data-clause="3.2.1"] [data-test=clause-link]');
    await link.click();
    await expect(customer).toHaveURL(new RegExp(`/portal/agreements/${agreementId}#clause-3-2-1$`));
    await expect(customer.locator('#clause-3-2-1')).toBeVisible();
    await expect(customer.locator('#clause-3-2-1')).toContainText(lang === 'en' ? '24 hours a day' : '7×24');
    // Notifications reached the customer.
    await expect(customer.getByTestId('inbox-link')).toBeVisible();

    expect(customerErrors).toEqual([]);
    expect(adminErrors).toEqual([]);
    expect(reviewerErrors).toEqual([]);
    for (const p of [customer, admin, reviewer]) await p.context().close();
  });
}

test('a reviewer revokes a membership with a reason, and the customer is told', async ({ browser }) => {
  const [reviewer, errors] = await page(browser, 'en');
  await signIn(reviewer, 'reviewer@example.com');
  await reviewer.goto('/admin/customers?q=apply-en');
  await reviewer.locator('tbody tr a').first().click();
  await hydrated(reviewer);
  const section = reviewer.getByTestId('customer-membership');
  await expect(section.getByTestId('customer-membership-status')).toHaveText('Active');
  await section.getByTestId('revoke').locator('summary').click();
  await section.locator('#f-reason').fill('Breach of clause 4.3.2');
  await section.getByTestId('revoke-form').locator('button[type=submit]').click();
  await expect(section.getByTestId('customer-membership-status')).toHaveText('Revoked');
  const email = (await reviewer.locator('.facts dd').first().textContent())!.trim();
  expect(errors).toEqual([]);
  await reviewer.context().close();

  const [customer] = await page(browser, 'en');
  await signIn(customer, email, 'customer-password-1');
  await expect(customer.getByTestId('unread-count')).toBeVisible();
  await customer.goto('/notifications');
  await expect(customer.getByTestId('inbox')).toContainText('Reason: Breach of clause 4.3.2');
  await customer.goto('/portal/membership');
  await expect(customer.getByTestId('membership-status')).toHaveText('Revoked');
  await expect(customer.getByTestId('end-reason')).toHaveText('Breach of clause 4.3.2');
  await customer.context().close();
});

test('a rights change proposed by the customer is accepted and signed by a reviewer (clause 4.3.1)', async ({ browser }) => {
  const [vip, vipErrors] = await page(browser, 'zh-CN');
  await signIn(vip, 'vip@example.com');
  await vip.goto('/portal/membership');
  await hydrated(vip);
  const box = vip.getByTestId('amendments');
  await box.locator('summary').click();
  await box.locator('#amend-kind').selectOption('terms');
  await box.locator('#amend-description').fill('每季度一次上门回访');
  await box.locator('#amend-signed-name').fill('王贵宾');
  await box.getByTestId('propose-form').locator('button[type=submit]').click();
  await expect(box.getByTestId('amendment-list').locator('li').first()).toHaveAttribute('data-status', 'proposed');

  const [reviewer, reviewerErrors] = await page(browser, 'zh-CN');
  await signIn(reviewer, 'reviewer@example.com');
  await reviewer.goto('/admin/customers?q=vip%40example.com');
  await reviewer.locator('tr[data-email="vip@example.com"] a').click();
  await hydrated(reviewer);
  const list = reviewer.getByTestId('amendment-list');
  const item = list.locator('li').first();
  await item.getByTestId('accept-amendment').locator('input[name=signed_name]').fill('审核员 Reviewer');
  await item.getByTestId('accept-amendment').locator('button[type=submit]').click();
  await expect(list.locator('li').first()).toHaveAttribute('data-status', 'accepted');

  await vip.reload();
  await expect(vip.getByTestId('amendment-list').locator('li').first()).toHaveAttribute('data-status', 'accepted');
  await vip.goto(vip.url().replace('/portal/membership', '/portal/membership'));
  expect(vipErrors).toEqual([]);
  expect(reviewerErrors).toEqual([]);
  await vip.context().close();
  await reviewer.context().close();
});

test('a simulated date without new spend: notice, grace, then lapse (clause 2.3.1)', async ({ browser }) => {
  // vip@ bought ¥62,000 over the last 300 days; 70 days on, only ¥44,000 is left in the window.
  const first = runJobs(70);
  expect(first).toMatch(/[1-9]\d* notices/);
  expect(runJobs(70)).toContain(' 0 notices');
  const [vip, errors] = await page(browser, 'zh-CN');
  await signIn(vip, 'vip@example.com');
  await vip.goto('/portal/membership');
  await expect(vip.getByTestId('grace-notice')).toContainText(shanghaiDay(100));
  expect(runJobs(100)).toContain(' 0 lapsed');
  expect(runJobs(101)).toMatch(/[1-9]\d* lapsed/);
  await vip.reload();
  await expect(vip.getByTestId('membership-status')).toHaveText('已失效');
  await expect(vip.getByTestId('final-statement')).toBeVisible();
  // The final statement (9.3) lists the open invoices (the demo data leaves some) and the credit.
  await expect(vip.getByTestId('final-statement-billing')).toContainText('INV-');
  await vip.goto('/portal/rights');
  await expect(vip.getByTestId('no-rights')).toBeVisible();
  await vip.goto('/notifications');
  await expect(vip.getByTestId('inbox')).toContainText('资格将自动取消');
  expect(errors).toEqual([]);
  await vip.context().close();
});
