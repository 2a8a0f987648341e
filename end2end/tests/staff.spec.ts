import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, signIn, uniqueEmail, useLanguage, watchErrors } from './helpers';

const TEXT = {
  'zh-CN': { created: '员工账户已创建。', agent: '客服', forbidden: '无权访问', staffNav: '员工管理' },
  en: { created: 'Staff account created.', agent: 'Agent', forbidden: 'Access denied', staffNav: 'Staff' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`admin creates an agent, who then sees only what an agent may (${lang})`, async ({ browser }) => {
    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    const errors = watchErrors(admin);
    await useLanguage(admin, lang);
    await signIn(admin, 'admin@example.com');
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.goto('/admin/staff');
    await hydrated(admin);
    const email = uniqueEmail(`agent-${lang}`);
    const form = admin.getByTestId('create-staff-form');
    await form.locator('#f-name').fill(`New Agent ${lang}`);
    await form.locator('#f-email').fill(email);
    await form.locator('#f-password').fill('agent-password-123');
    await form.locator('#new-role-agent').check();
    await form.locator('button[type=submit]').click();
    await expect(admin.getByRole('status')).toHaveText(TEXT[lang].created);
    await expect(admin.locator(`tr[data-email="${email}"]`)).toBeVisible();
    expect(errors).toEqual([]);
    await adminCtx.close();

    const agentCtx = await browser.newContext();
    const agent = await agentCtx.newPage();
    await useLanguage(agent, lang);
    await signIn(agent, email, 'agent-password-123');
    await expect(agent).toHaveURL(/\/admin$/);
    await expect(agent.getByTestId('my-roles')).toHaveText(TEXT[lang].agent);
    await expect(agent.getByRole('navigation').getByRole('link', { name: TEXT[lang].staffNav })).toHaveCount(0);
    const res = await agent.goto('/admin/staff');
    expect(res?.status()).toBe(403);
    await expect(agent.getByTestId('forbidden')).toContainText(TEXT[lang].forbidden);
    const portal = await agent.goto('/portal');
    expect(portal?.status()).toBe(403);
    await agentCtx.close();
  });
}

test('admin changes roles and deactivates a staff member, who can no longer sign in', async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, 'admin@example.com');
  await admin.goto('/admin/staff');
  await hydrated(admin);
  const email = uniqueEmail('temp');
  const form = admin.getByTestId('create-staff-form');
  await form.locator('#f-name').fill('Temporary Staff');
  await form.locator('#f-email').fill(email);
  await form.locator('#f-password').fill('temporary-password-1');
  await form.locator('#new-role-finance').check();
  await form.locator('button[type=submit]').click();
  const row = admin.locator(`tr[data-email="${email}"]`);
  await expect(row).toBeVisible();
  await row.locator('input[name=role_quality]').check();
  await row.locator('.roles-form button[type=submit]').click();
  await expect(admin.getByRole('status').filter({ hasText: '角色已保存。' })).toBeVisible();
  await expect(row.locator('input[name=role_quality]')).toBeChecked();
  await row.locator('.inline-form button[type=submit]').click();
  await expect(row.locator('.badge-muted')).toHaveText('已停用');
  await adminCtx.close();

  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email, 'temporary-password-1');
  await expect(page.getByTestId('form-error')).toHaveText('电子邮箱或密码不正确。');
  await ctx.close();
});

test('the audit log shows sign-ins and an intact hash chain', async ({ page }) => {
  await signIn(page, 'admin@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto('/admin/audit');
  await expect(page.getByTestId('chain-ok')).toBeVisible();
  await expect(page.getByTestId('audit-table')).toContainText('auth.sign_in');
  // Entries name who acted (looked up in one query for the whole page).
  await expect(page.getByTestId('audit-table')).toContainText('管理员 Admin');
});
