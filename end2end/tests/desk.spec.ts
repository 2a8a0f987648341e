import { test, expect, Browser } from '@playwright/test';
import { hydrated, signIn, useLanguage, watchErrors, person } from './helpers';

// The service desk (clause 3): VIP first under equal urgency (3.2.2), the dedicated agent's
// reply meets the first-response time (3.2.1), the customer sees the clock and their place in
// the queue, and internal notes never reach the customer.

async function ask(browser: Browser, email: string, lang: 'zh-CN' | 'en', subject: string) {
  const c = await person(browser, email, lang);
  await c.page.goto('/portal/requests');
  await hydrated(c.page);
  const form = c.page.getByTestId('request-form');
  await form.locator('#f-subject').fill(subject);
  await form.locator('#f-body').fill(`Details for ${subject}`);
  await form.locator('button[type=submit]').click();
  await expect(c.page).toHaveURL(/\/portal\/requests\/\d+$/);
  await hydrated(c.page);
  const id = new URL(c.page.url()).pathname.split('/').pop()!;
  return { ...c, id };
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a VIP is above a non-VIP of equal urgency; the agent's reply meets the first-response time (${lang})`, async ({ browser }) => {
    const stamp = `${lang}-${Date.now()}`;
    // The non-VIP asks first.
    const near = await ask(browser, 'near@example.com', lang, `Plain question ${stamp}`);
    await expect(near.page.getByTestId('request-status')).toHaveAttribute('data-status', 'new');
    await expect(near.page.getByTestId('queue-position')).toHaveText(/^\d+$/);
    await expect(near.page.getByTestId('sla-countdown').first()).toBeVisible(); // live, once hydrated
    const vip = await ask(browser, 'vip@example.com', lang, `VIP question ${stamp}`);
    // Routed to the dedicated agent, 1 h to first response on a 24×7 clock.
    await expect(vip.page.getByTestId('assignee')).toContainText('Agent');

    // In the agent's queue the VIP's request is above the non-VIP's.
    const agent = await person(browser, 'agent@example.com', lang);
    await agent.page.goto('/admin/queue');
    await hydrated(agent.page);
    const rows = agent.page.locator('[data-test=requests] tbody tr');
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request')));
    expect(ids.indexOf(vip.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(near.id)).toBeGreaterThan(ids.indexOf(vip.id));
    await expect(agent.page.locator(`tr[data-request="${vip.id}"] [data-test=vip]`)).toBeVisible();

    // An internal note, then the reply.
    await agent.page.locator(`tr[data-request="${vip.id}"] a`).first().click();
    await expect(agent.page).toHaveURL(new RegExp(`/admin/queue/${vip.id}$`));
    await hydrated(agent.page);
    const act = agent.page.getByTestId('request-act');
    const secret = `internal-${stamp}`;
    await act.locator('#f-body').fill(secret);
    await act.locator('button[value=note]').click();
    await expect(agent.page.locator('[data-test=thread] li[data-internal=true]')).toContainText(secret);
    await agent.page.getByTestId('request-act').locator('#f-body').fill(`Answer ${stamp}`);
    await agent.page.getByTestId('request-act').locator('button[value=reply]').click();
    await expect(agent.page.getByTestId('request-status')).toHaveAttribute('data-status', 'open');

    // The customer sees the answer and the first response on time, never the note.
    await vip.page.reload();
    await hydrated(vip.page);
    await expect(vip.page.getByTestId('thread')).toContainText(`Answer ${stamp}`);
    await expect(vip.page.getByTestId('first-response-at')).toContainText('✓');
    await expect(vip.page.locator('body')).not.toContainText(secret);
    const res = await vip.page.request.post('/api/requests/get', { form: { id: vip.id } });
    expect(res.status()).toBe(200);
    expect(await res.text()).not.toContain(secret);

    // Another customer cannot open it.
    const other = await near.page.goto(`/portal/requests/${vip.id}`);
    expect(other?.status()).toBe(404);

    expect(vip.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    for (const c of [near, vip, agent]) await c.ctx.close();
  });
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a custom plan request opens a plan in billing; the customer attaches a brief (${lang})`, async ({ browser }) => {
    const stamp = `${lang}-${Date.now()}`;
    const c = await person(browser, 'vip@example.com', lang);
    await c.page.goto('/portal/requests');
    await hydrated(c.page);
    const form = c.page.getByTestId('request-form');
    await form.locator('#req-kind').selectOption('custom_plan');
    await form.locator('#f-subject').fill(`Gift plan ${stamp}`);
    await form.locator('#f-body').fill('Gifts for 300 staff, delivered before the Spring Festival.');
    await form.locator('button[type=submit]').click();
    await expect(c.page).toHaveURL(/\/portal\/requests\/\d+$/);
    await hydrated(c.page);
    // Handled with billing's custom plans (clause 3.2.3): the request links to the plan.
    const plan = c.page.getByTestId('plan-link');
    await expect(plan).toHaveAttribute('href', /^\/portal\/plans\/\d+$/);

    // A brief as PDF is attached; a file that is not PDF/JPEG/PNG by content is refused.
    const upload = c.page.getByTestId('request-file-form');
    await upload.locator('#request-file').setInputFiles({ name: `brief-${stamp}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 brief') });
    await upload.locator('button[type=submit]').click();
    await expect(c.page.getByTestId('request-files')).toContainText(`brief-${stamp}.pdf`);
    await upload.locator('#request-file').setInputFiles({ name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a pdf') });
    await upload.locator('button[type=submit]').click();
    await expect(c.page.getByTestId('upload-error')).toBeVisible();
    await expect(c.page.getByTestId('request-files').locator('li')).toHaveCount(1);

    // The plan is there for the customer too.
    await plan.click();
    await expect(c.page).toHaveURL(/\/portal\/plans\/\d+$/);
    expect(c.errors).toEqual([]);
    await c.ctx.close();
  });
}
