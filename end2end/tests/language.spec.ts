import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, hydrated, signIn, watchErrors } from './helpers';

test('a visitor switches between Chinese and English and the choice sticks', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/complaint-channels');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('投诉渠道与方式');
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/complaint-channels$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Complaint channels');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The VIP customer programme');
  await hydrated(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('VIP 客户计划');
  expect(errors).toEqual([]);
});

test('the language switch works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录');
  await page.getByTestId('lang-switch').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await context.close();
});

test('a signed-in person keeps their language on another device', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, 'new@example.com', DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/portal$/);
  await hydrated(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await first.close();

  const second = await browser.newContext();
  const other = await second.newPage();
  await signIn(other, 'new@example.com', DEMO_PASSWORD);
  await expect(other).toHaveURL(/\/portal$/);
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await expect(other.getByRole('heading', { name: 'My account' })).toBeVisible();
  // Put it back for other tests.
  await hydrated(other);
  await other.getByTestId('lang-switch').click();
  await expect(other.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await second.close();
});
