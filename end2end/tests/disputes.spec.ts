import { test, expect, Browser } from '@playwright/test';
import { expectAccessible, hydrated, signIn, uniqueEmail, useLanguage, watchErrors } from './helpers';

// Customer breach cases (clauses 4.3.2, 8.1) and disputes (clause 11), in zh-CN and en: an agent
// opens a breach case against a customer, is told they cannot decide it themselves, a reviewer
// upholds it, and the customer reads the decision with a way to complain; an admin opens a
// dispute and carries it to mediation before a named body (a date before the previous step is
// refused first), and the customer sees the dispute at mediation. Each run registers its own
// customer so the demo customers' memberships are left alone.

const TEXT = {
  'zh-CN': {
    breaches: '客户违约案件',
    notCustomer: '没有使用该电子邮箱的客户。',
    upheld: '违约成立',
    complain: '对此决定提出投诉',
    disputes: '争议案件',
    before: '日期不能早于上一步骤的日期。',
    mediation: '调解',
  },
  en: {
    breaches: 'Customer breach cases',
    notCustomer: 'There is no customer with this e-mail address.',
    upheld: 'Upheld',
    complain: 'Complain about this decision',
    disputes: 'Dispute cases',
    before: "The date cannot be before the previous step's date.",
    mediation: 'Mediation',
  },
} as const;

async function signedIn(browser: Browser, lang: 'zh-CN' | 'en', email: string, password?: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, email, password);
  return { ctx, page, errors };
}

async function registerCustomer(browser: Browser, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  const email = uniqueEmail(`breach-${lang}`);
  const password = 'a-long-password-1';
  await page.goto('/register');
  await hydrated(page);
  await page.locator('#f-name').fill('违约 Test');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-phone').fill('+86 139 5555 0000');
  await page.locator('#f-password').fill(password);
  await page.locator('[data-test=register-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/portal$/);
  return { ctx, page, errors, email };
}

/** The day before `iso` (YYYY-MM-DD), as YYYY-MM-DD. */
function dayBefore(iso: string) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`an agent opens a breach case, a reviewer upholds it, the customer sees the decision (${lang})`, async ({ browser }) => {
    const customer = await registerCustomer(browser, lang);
    const agent = await signedIn(browser, lang, 'agent@example.com');
    const page = agent.page;
    await page.goto('/admin/complaints/breaches');
    await hydrated(page);
    await expect(page.locator('h1')).toContainText(TEXT[lang].breaches);
    await expectAccessible(page);

    // An address that is no customer's is refused in the reader's language; nothing is opened.
    const form = page.getByTestId('breach-open');
    await form.locator('input[name=customer_email]').fill('nobody-at-all@example.com');
    await form.locator('select[name=clause]').selectOption('4.3.2');
    await form.locator('input[name=summary]').fill(`E2E ${lang} 转售专享名额`);
    await form.locator('textarea[name=evidence]').fill('订单收货人均为第三方。');
    await form.locator('button[type=submit]').click();
    await expect(page.locator('#bc-email-error')).toHaveText(TEXT[lang].notCustomer);
    await expect(page).toHaveURL(/\/admin\/complaints\/breaches$/);

    await form.locator('input[name=customer_email]').fill(customer.email);
    await form.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/admin\/complaints\/breaches\/\d+$/);
    const caseUrl = new URL(page.url()).pathname;
    const id = caseUrl.split('/').pop()!;
    await hydrated(page);
    // The opener is told why they cannot decide.
    await expect(page.getByTestId('breach-own-case')).toBeVisible();
    await expect(page.getByTestId('breach-decide')).toHaveCount(0);

    // The reviewer upholds it with a reason.
    const reviewer = await signedIn(browser, lang, 'reviewer@example.com');
    const rp = reviewer.page;
    await rp.goto(caseUrl);
    await hydrated(rp);
    await expect(rp.getByTestId('breach-evidence')).toContainText('第三方');
    const reason = `E2E ${lang}: 多次转售,证据确凿`;
    const decide = rp.getByTestId('breach-decide');
    await decide.locator('#bc-upheld').check();
    await decide.locator('textarea[name=reason]').fill(reason);
    await decide.locator('button[type=submit]').click();
    await expect(rp.getByTestId('breach-decision')).toBeVisible();
    await expect(rp.getByTestId('breach-case').getByTestId('breach-status')).toHaveAttribute('data-status', 'upheld');

    // The customer reads the decision and may complain about it.
    const cp = customer.page;
    await cp.goto(`/portal/breaches/${id}`);
    await hydrated(cp);
    await expect(cp.getByTestId('my-breach').getByTestId('breach-status')).toHaveText(TEXT[lang].upheld);
    await expect(cp.getByTestId('breach-clause')).toHaveText('4.3.2');
    await expect(cp.getByTestId('breach-reason')).toHaveText(reason);
    const link = cp.getByTestId('breach-complain');
    await expect(link).toHaveText(TEXT[lang].complain);
    await expect(link).toHaveAttribute('href', `/portal/complaints?breach=${id}`);
    await expectAccessible(cp);

    expect([...agent.errors, ...reviewer.errors, ...customer.errors]).toEqual([]);
    await Promise.all([agent.ctx.close(), reviewer.ctx.close(), customer.ctx.close()]);
  });

  test(`an admin carries a dispute to mediation and the customer sees it (${lang})`, async ({ browser }) => {
    const customer = await registerCustomer(browser, lang);
    const admin = await signedIn(browser, lang, 'admin@example.com');
    const page = admin.page;
    await page.goto('/admin/complaints/disputes');
    await hydrated(page);
    await expect(page.locator('h1')).toContainText(TEXT[lang].disputes);

    const open = page.getByTestId('dispute-open');
    await open.locator('input[name=customer_email]').fill(customer.email);
    await open.locator('select[name=method]').selectOption('negotiation');
    await open.locator('textarea[name=summary]').fill(`E2E ${lang}: 对违约认定不服`);
    await open.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/admin\/complaints\/disputes\/\d+$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await hydrated(page);
    await expect(page.getByTestId('dispute').getByTestId('dispute-method')).toHaveAttribute('data-method', 'negotiation');

    // To mediation: a date before the opening day is refused and nothing changes.
    const step = page.getByTestId('dispute-step');
    const today = await step.locator('input[name=happened_on]').inputValue();
    const body = '上海市消费者权益保护委员会';
    await step.locator('select[name=kind]').selectOption('method_changed');
    await step.locator('select[name=method]').selectOption('mediation');
    await step.locator('input[name=body]').fill(body);
    await step.locator('input[name=happened_on]').fill(dayBefore(today));
    await step.locator('button[type=submit]').click();
    await expect(step.locator('.field-error')).toHaveText(TEXT[lang].before);
    await expect(page.getByTestId('dispute').getByTestId('dispute-method')).toHaveAttribute('data-method', 'negotiation');

    await step.locator('input[name=happened_on]').fill(today);
    await step.locator('button[type=submit]').click();
    await expect(page.getByTestId('dispute').getByTestId('dispute-method')).toHaveAttribute('data-method', 'mediation');
    await expect(page.getByTestId('dispute-body')).toHaveText(body);
    await expect(page.locator('[data-test=dispute-steps] li')).toHaveCount(2);
    await expectAccessible(page);

    // The customer sees the dispute at mediation, with both steps.
    const cp = customer.page;
    await cp.goto(`/portal/disputes/${id}`);
    await hydrated(cp);
    await expect(cp.getByTestId('dispute-method')).toHaveText(TEXT[lang].mediation);
    await expect(cp.getByTestId('dispute-body')).toHaveText(body);
    await expect(cp.locator('[data-test=dispute-steps] li')).toHaveCount(2);
    await expect(cp.locator('[data-test=dispute-steps] li').last()).toHaveAttribute('data-kind', 'method_changed');
    await expectAccessible(cp);

    expect([...admin.errors, ...customer.errors]).toEqual([]);
    await Promise.all([admin.ctx.close(), customer.ctx.close()]);
  });
}
