import { test, expect } from '@playwright/test';
import {
  DEMO_PASSWORD,
  ensureSecondFactor,
  hydrated,
  signIn,
  trustBrowser,
  uniqueEmail,
  useLanguage,
  watchErrors,
} from './helpers';

const TEXT = {
  'zh-CN': { account: '我的账户', signIn: '登录', badLogin: '电子邮箱或密码不正确。', signedOut: '您已退出登录。', taken: '该电子邮箱已注册。' },
  en: { account: 'My account', signIn: 'Sign in', badLogin: 'The e-mail address or password is not correct.', signedOut: 'You have signed out.', taken: 'That e-mail address is already registered.' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`customer registers, reaches the portal, signs out and back in (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    const email = uniqueEmail(`reg-${lang}`);
    await page.goto('/register');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await page.locator('#f-name').fill('测试 Customer');
    await page.locator('#f-email').fill(email);
    await page.locator('#f-phone').fill('+86 139 1234 5678');
    await page.locator('#f-password').fill('a-long-password-1');
    await page.locator('[data-test=register-form] button[type=submit]').click();
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByTestId('portal-welcome')).toContainText('测试 Customer');
    await expect(page.getByRole('heading', { name: TEXT[lang].account })).toBeVisible();

    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login\?signed_out=1$/);
    await expect(page.getByRole('status')).toHaveText(TEXT[lang].signedOut);

    await signIn(page, email, 'a-long-password-1');
    await expect(page).toHaveURL(/\/portal$/);

    // The same address cannot register twice.
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/login\?signed_out=1$/);
    await page.goto('/register');
    await hydrated(page);
    await page.locator('#f-name').fill('Someone Else');
    await page.locator('#f-email').fill(email.toUpperCase());
    await page.locator('#f-phone').fill('13912345678');
    await page.locator('#f-password').fill('another-long-password');
    await page.locator('[data-test=register-form] button[type=submit]').click();
    await expect(page.locator('#f-email-error')).toHaveText(TEXT[lang].taken);
    expect(errors).toEqual([]);
  });

  test(`unknown e-mail and wrong password get the same answer (${lang})`, async ({ page }) => {
    await useLanguage(page, lang);
    await signIn(page, 'nobody-here@example.com', 'whatever-password');
    const unknown = await page.getByTestId('form-error').textContent();
    await signIn(page, 'vip@example.com', 'wrong-password-here');
    const wrong = await page.getByTestId('form-error').textContent();
    expect(unknown).toBe(TEXT[lang].badLogin);
    expect(wrong).toBe(unknown);
    await expect(page).toHaveURL(/\/login/);
  });
}

test('sign-in, a wrong password and sign-out work with JavaScript disabled', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#f-email').fill('vip@example.com');
  await page.locator('#f-password').fill('not-the-password');
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/login\?error=ErrInvalidCredentials/);
  await expect(page.getByTestId('form-error')).toHaveText('电子邮箱或密码不正确。');

  await page.locator('#f-email').fill('vip@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('portal-welcome')).toContainText('王贵宾');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login\?signed_out=1$/);
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/login\?next=\/portal$/);
  await context.close();
});

test('registration works with JavaScript disabled and shows field errors', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/register');
  await page.locator('#f-name').fill('No Script');
  await page.locator('#f-email').fill(uniqueEmail('nojs'));
  await page.locator('#f-phone').fill('13900000000');
  await page.locator('#f-password').fill('short');
  await page.locator('[data-test=register-form] button[type=submit]').click();
  await expect(page).toHaveURL(/error=ErrPasswordTooShort&field=password/);
  await expect(page.locator('#f-password-error')).toHaveText('密码至少需要 10 个字符。');
  await context.close();
});

test('a visitor sent to sign-in from a portal page comes back to it', async ({ page }) => {
  await page.goto('/portal');
  await expect(page).toHaveURL(/\/login\?next=\/portal$/);
  await hydrated(page);
  await page.locator('#f-email').fill('near@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByTestId('portal-welcome')).toContainText('李将近');
});

test('without JavaScript, sign-in also returns to the page that asked for it', async ({ browser }) => {
  // From a browser the admin trusts: no code step (mfa.spec.ts walks that without JavaScript).
  await ensureSecondFactor(browser, 'admin@example.com');
  const context = await browser.newContext({ javaScriptEnabled: false });
  await trustBrowser(context, 'admin@example.com');
  const page = await context.newPage();
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/login\?next=\/admin\/audit$/);
  await page.locator('#f-email').fill('admin@example.com');
  await page.locator('#f-password').fill(DEMO_PASSWORD);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByTestId('chain-ok')).toBeVisible();
  await context.close();
});
