import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, hydrated, signIn, useLanguage, watchErrors, person, resolvedRequest } from './helpers';

// Customer feedback (clause 5.3.1): agent@ resolves a request vip@ opened → vip@ is asked to
// rate it (the inbox, and the form on the request's page), rates it 2 with a comment and
// changes it to 4 (allowed for 7 days) → the portal's feedback page lists it and takes
// free-form feedback; staff record feedback near@ gave by phone and see it in the list.
// Demo customers read in their stored language (zh-CN), so their pages are checked by data-*
// attributes; staff pages follow the cookie.

// What staff pages say.
const TEXT = {
  'zh-CN': { title: '客户反馈', phone: '电话', unknown: '没有使用该电子邮箱的客户。' },
  en: { title: 'Customer feedback', phone: 'Phone', unknown: 'There is no customer with this e-mail address.' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`the customer rates a resolved request, changes the rating, and gives feedback; staff record a call (${lang})`, async ({ browser }) => {
    test.setTimeout(90_000);
    const T = TEXT[lang];
    const stamp = `${lang}-${Date.now()}`;
    const subject = `Rate me ${stamp}`;
    const { vip, agent, id } = await resolvedRequest(browser, lang, subject);

    // The request's page asks for a rating: five labelled radio buttons in a fieldset.
    await vip.page.reload();
    await hydrated(vip.page);
    const item = vip.page.getByTestId('rate-item');
    await expect(item).toBeVisible();
    await expect(item.locator('fieldset legend')).toBeVisible();
    await expect(item.locator('input[type=radio][name=rating]')).toHaveCount(5);
    await expect(vip.page.getByTestId('my-rating')).toHaveCount(0);
    await expectAccessible(vip.page);

    // Rated 2 with a comment.
    const form = vip.page.getByTestId('rate-form');
    await form.locator('input[name=rating][value="2"]').check();
    await form.locator('#rate-comment').fill(`Too slow ${stamp}`);
    await form.locator('button[type=submit]').click();
    await expect(vip.page.getByTestId('my-rating')).toHaveAttribute('data-rating', '2');
    await expect(vip.page.getByTestId('my-rating')).toContainText(`Too slow ${stamp}`);
    await expect(vip.page.getByTestId('change-until')).toBeVisible();

    // Changed to 4 within the seven days; still there after a reload.
    await vip.page.getByTestId('rate-form').locator('input[name=rating][value="4"]').check();
    await vip.page.getByTestId('rate-form').locator('#rate-comment').fill(`Solved in the end ${stamp}`);
    await vip.page.getByTestId('rate-form').locator('button[type=submit]').click();
    await expect(vip.page.getByTestId('my-rating')).toHaveAttribute('data-rating', '4');
    await vip.page.reload();
    await hydrated(vip.page);
    await expect(vip.page.getByTestId('my-rating')).toHaveAttribute('data-rating', '4');
    await expect(vip.page.getByTestId('rate-form').locator('input[name=rating][value="4"]')).toBeChecked();

    // The inbox asked for the rating once, linking to the request.
    await vip.page.goto('/notifications');
    await hydrated(vip.page);
    const prompt = vip.page.getByTestId('inbox').locator('li', { hasText: subject });
    await expect(prompt).toHaveCount(1);
    await expect(prompt.locator('a')).toHaveAttribute('href', `/portal/requests/${id}`);

    // The portal's feedback page: the rating in the history (changeable), and free-form
    // feedback at any time.
    await vip.page.goto('/portal');
    await hydrated(vip.page);
    await vip.page.getByTestId('feedback-link').click();
    await expect(vip.page).toHaveURL(/\/portal\/feedback$/);
    await hydrated(vip.page);
    const history = vip.page.getByTestId('my-feedback');
    const rated = history.locator('tr', { has: vip.page.locator(`a[href="/portal/requests/${id}"]`) });
    await expect(rated).toHaveAttribute('data-rating', '4');
    await expect(rated.getByTestId('feedback-change')).toBeVisible();
    await expect(vip.page.locator(`[data-test=awaiting] li[data-item="request-${id}"]`)).toHaveCount(0);
    const free = vip.page.getByTestId('feedback-form');
    // A comment is required.
    await free.locator('#fb-rating').selectOption('5');
    await free.locator('#fb-comment').fill('   ');
    await free.locator('button[type=submit]').click();
    await expect(vip.page.locator('#fb-comment-error')).toBeVisible();
    await free.locator('#fb-comment').fill(`More evening hours please ${stamp}`);
    await free.locator('button[type=submit]').click();
    await expect(vip.page.getByTestId('feedback-saved')).toBeVisible();
    const given = history.locator('tr', { hasText: `More evening hours please ${stamp}` });
    await expect(given).toHaveAttribute('data-channel', 'web');
    await expect(given).toHaveAttribute('data-rating', '5');
    await expectAccessible(vip.page);

    // Staff record feedback near@ gave by phone; an unknown customer is refused on the field.
    await agent.page.goto('/admin/quality/feedback');
    await hydrated(agent.page);
    await expect(agent.page.locator('h1')).toContainText(T.title);
    const record = agent.page.getByTestId('record-feedback');
    await record.locator('#fb-customer-email').fill(`nobody-${Date.now()}@example.com`);
    await record.locator('#fb-channel').selectOption('phone');
    await record.locator('#fb-comment').fill(`Called to say thanks ${stamp}`);
    await record.locator('button[type=submit]').click();
    await expect(agent.page.locator('#fb-customer-email-error')).toHaveText(T.unknown);
    await record.locator('#fb-customer-email').fill('near@example.com');
    await record.locator('#fb-rating').selectOption('4');
    await record.locator('button[type=submit]').click();
    await expect(agent.page.getByTestId('feedback-recorded')).toBeVisible();
    const row = agent.page.getByTestId('feedback-list').locator('tr', { hasText: `Called to say thanks ${stamp}` });
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-channel', 'phone');
    await expect(row).toHaveAttribute('data-rating', '4');
    await expect(row).toContainText('near@example.com');
    await expect(row).toContainText(T.phone);
    // vip@'s rating is in the list too, with the request and the agent who handled it.
    const vipRow = agent.page.getByTestId('feedback-list').locator('tr', { hasText: `Solved in the end ${stamp}` });
    await expect(vipRow.locator(`a[href="/admin/queue/${id}"]`)).toBeVisible();
    await expect(vipRow).toContainText('Agent');

    // Filtered by channel: only phone feedback.
    await agent.page.goto('/admin/quality/feedback?channel=phone');
    await hydrated(agent.page);
    const rows = agent.page.locator('[data-test=feedback-list] tbody tr');
    await expect(rows.first()).toBeVisible();
    expect(await rows.evaluateAll((trs) => trs.every((tr) => tr.getAttribute('data-channel') === 'phone'))).toBe(true);
    await expectAccessible(agent.page);

    // Customers do not reach the staff list.
    const denied = await vip.page.goto('/admin/quality/feedback');
    expect(denied?.status()).toBe(403);

    expect(vip.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    for (const c of [vip, agent]) await c.ctx.close();
  });
}

test('the rating form works with JavaScript disabled', async ({ browser }) => {
  const stamp = `nojs-${Date.now()}`;
  const { vip, agent, id } = await resolvedRequest(browser, 'zh-CN', `Rate without JS ${stamp}`);
  for (const c of [vip, agent]) await c.ctx.close();

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.locator('#f-email').fill('vip@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.goto(`/portal/requests/${id}`);
  const form = page.getByTestId('rate-form');
  await form.locator('input[name=rating][value="3"]').check();
  await form.locator('#rate-comment').fill(`Fine ${stamp}`);
  await form.locator('button[type=submit]').click();
  await expect(page).toHaveURL(new RegExp(`/portal/requests/${id}`));
  await expect(page.getByTestId('my-rating')).toHaveAttribute('data-rating', '3');
  await ctx.close();
});
