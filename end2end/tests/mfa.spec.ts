import { test, expect, Page } from '@playwright/test';
import { expectAccessible, freshCode, hydrated, signIn, totp, uniqueEmail, useLanguage, watchErrors } from './helpers';

// Clause 10: staff sign in with a second factor (set up at the first sign-in, a code every
// time after, an audited reset by an admin); customers may turn it on and off.

const TEXT = {
  'zh-CN': { required: '员工账户必须启用两步验证', codeErr: '验证码不正确或已使用', reset: '两步验证已重置。', off: '两步验证已关闭。' },
  en: { required: 'Staff accounts must use two-step verification', codeErr: 'That code is not right or was already used', reset: 'Two-step verification was reset.', off: 'Two-step verification is off.' },
} as const;

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto('/login');
  await hydrated(page);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('[data-test=login-form] button[type=submit]').click();
}

/** Reads the key on the set-up page, confirms it with a code, returns key and recovery codes. */
async function setUp(page: Page, email: string, trust: boolean) {
  await page.getByTestId('mfa-begin-form').locator('button[type=submit]').click();
  await expect(page.locator('.qr svg')).toBeVisible();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
  const form = page.getByTestId('mfa-confirm-form');
  await form.locator('#f-code').fill(await freshCode(email, secret));
  if (trust) await form.locator('#f-trust').check();
  await form.locator('button[type=submit]').click();
  const items = page.getByTestId('recovery-codes').locator('li');
  await expect(items).toHaveCount(10);
  return { secret, recovery: (await items.allTextContents()).map((s) => s.trim()) };
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a new staff member sets up an authenticator, then needs a code; an admin resets it (${lang})`, async ({ browser }) => {
    // The admin creates the account.
    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    await useLanguage(admin, lang);
    await signIn(admin, 'admin@example.com');
    await admin.goto('/admin/staff');
    await hydrated(admin);
    const email = uniqueEmail(`mfa-${lang}`);
    const create = admin.getByTestId('create-staff-form');
    await create.locator('#f-name').fill(`MFA Agent ${lang}`);
    await create.locator('#f-email').fill(email);
    await create.locator('#f-password').fill('mfa-agent-password-1');
    await create.locator('#new-role-agent').check();
    await create.locator('button[type=submit]').click();
    await expect(admin.locator(`tr[data-email="${email}"] [data-test=staff-mfa]`)).toHaveAttribute('data-on', 'false');

    // First sign-in: only the set-up is open.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await passwordStep(page, email, 'mfa-agent-password-1');
    await expect(page).toHaveURL(/\/account\/security$/);
    await expect(page.getByTestId('mfa-required')).toContainText(TEXT[lang].required);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/account\/security$/);
    await hydrated(page);
    await expectAccessible(page);
    const { secret } = await setUp(page, email, false);
    await page.getByTestId('mfa-continue').click();
    await expect(page).toHaveURL(/\/admin$/);
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/signed_out=1$/);

    // Next time: password, then a code; a wrong code is refused with a message.
    await passwordStep(page, email, 'mfa-agent-password-1');
    await expect(page).toHaveURL(/\/login\/verify$/);
    await hydrated(page);
    await expectAccessible(page);
    const verify = page.getByTestId('verify-form');
    const right = await freshCode(email, secret);
    await verify.locator('#f-code').fill(right === '000000' ? '111111' : '000000');
    await verify.locator('button[type=submit]').click();
    await expect(page.locator('#f-code-error')).toContainText(TEXT[lang].codeErr);
    await verify.locator('#f-code').fill(right);
    await verify.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/admin$/);
    expect(errors).toEqual([]);
    await ctx.close();

    // The admin resets it (lost phone); the next sign-in sets up a new one.
    await admin.reload();
    await hydrated(admin);
    await expect(admin.locator(`tr[data-email="${email}"] [data-test=staff-mfa]`)).toHaveAttribute('data-on', 'true');
    const reset = admin.getByTestId('mfa-reset-form');
    await reset.locator('#f-reset-user').selectOption({ label: `MFA Agent ${lang} (${email})` });
    await reset.locator('#f-reset-reason').fill('手机遗失 / lost phone');
    await reset.locator('button[type=submit]').click();
    await expect(admin.getByTestId('mfa-reset')).toContainText(TEXT[lang].reset);
    await expect(admin.locator(`tr[data-email="${email}"] [data-test=staff-mfa]`)).toHaveAttribute('data-on', 'false');
    await adminCtx.close();
    const again = await (await browser.newContext()).newPage();
    await passwordStep(again, email, 'mfa-agent-password-1');
    await expect(again).toHaveURL(/\/account\/security$/);
    await again.context().close();
  });

  test(`a customer turns two-step verification on, signs in with a code or a recovery code, and off again (${lang})`, async ({ browser }) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    const email = uniqueEmail(`careful-${lang}`);
    await page.goto('/register');
    await hydrated(page);
    const reg = page.getByTestId('register-form');
    await reg.locator('#f-name').fill('Careful Customer');
    await reg.locator('#f-email').fill(email);
    await reg.locator('#f-phone').fill('13900000000');
    await reg.locator('#f-password').fill('careful-password-1');
    await reg.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/portal$/);
    await page.goto('/account');
    await page.getByTestId('security-link').click();
    await expect(page).toHaveURL(/\/account\/security$/);
    await hydrated(page);
    await expect(page.getByTestId('mfa-required')).toHaveCount(0);
    const { secret, recovery } = await setUp(page, email, false);
    expect(new Set(recovery).size).toBe(10);
    await page.goto('/portal');
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/signed_out=1$/);

    // A recovery code instead of the phone, once.
    await passwordStep(page, email, 'careful-password-1');
    await expect(page).toHaveURL(/\/login\/verify$/);
    await hydrated(page);
    await page.getByTestId('verify-form').locator('#f-code').fill(recovery[0]);
    await page.getByTestId('verify-form').locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/portal$/);
    await page.goto('/account/security');
    await hydrated(page);
    await expect(page.getByTestId('recovery-left')).toHaveText('9');
    // Off again, with the password.
    const off = page.getByTestId('mfa-disable-form');
    await off.locator('#f-disable-password').fill('careful-password-1');
    await off.locator('button[type=submit]').click();
    await expect(page.getByTestId('mfa-card')).toContainText(TEXT[lang].off);
    await expect(page.getByTestId('mfa-state')).toHaveAttribute('data-enrolled', 'false');
    expect(totp(secret, 1).length).toBe(6);
    expect(errors).toEqual([]);
    await ctx.close();
  });
}

test('the code step works without JavaScript', async ({ browser }) => {
  // A customer with an authenticator (set up with JavaScript), then a browser without it.
  const email = uniqueEmail('nojs-mfa');
  const setup = await (await browser.newContext()).newPage();
  await setup.goto('/register');
  await hydrated(setup);
  const reg = setup.getByTestId('register-form');
  await reg.locator('#f-name').fill('No Script MFA');
  await reg.locator('#f-email').fill(email);
  await reg.locator('#f-phone').fill('13900000000');
  await reg.locator('#f-password').fill('nojs-password-12');
  await reg.locator('button[type=submit]').click();
  await expect(setup).toHaveURL(/\/portal$/);
  await setup.goto('/account/security');
  await hydrated(setup);
  await setUp(setup, email, false);
  await setup.context().close();

  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto('/login?next=/portal/membership');
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill('nojs-password-12');
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/login\/verify\?next=\/portal\/membership$/);
  await page.locator('#f-code').fill('000000');
  await page.locator('[data-test=verify-form] button[type=submit]').click();
  await expect(page).toHaveURL(/error=ErrMfaCode&field=code/);
  await page.locator('#f-code').fill(await freshCode(email));
  await page.locator('[data-test=verify-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/portal\/membership$/);
  await ctx.close();
});
