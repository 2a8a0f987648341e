import { Browser, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const DEMO_PASSWORD = process.env.VIPCARE_DEMO_PASSWORD ?? 'e2e-demo-password';

/** Collects page errors and console errors (CSP violations, hydration panics). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A rejected form answers 4xx on purpose (e.g. 422 for invalid input); the browser logs
    // that as a failed resource. Anything else logged as an error is a real problem.
    const expected4xx = /Failed to load resource: the server responded with a status of 4\d\d/.test(m.text());
    if (m.type() === 'error' && !expected4xx) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the WebAssembly app has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
}

/** Sets the interface language for a visitor before the first page load. */
export async function useLanguage(page: Page, lang: 'zh-CN' | 'en') {
  await page.context().addCookies([{ name: 'vipcare_lang', value: lang, domain: '127.0.0.1', path: '/' }]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('[data-test=login-form] button[type=submit]').click();
  // Either the sign-in succeeds and the browser leaves /login, or the form shows an error.
  await Promise.race([
    page.waitForURL((u) => u.pathname !== '/login'),
    page.getByTestId('form-error').waitFor(),
  ]);
}

/** Runs axe and fails on serious or critical violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

let counter = 0;
/** A unique e-mail address for a test run. */
export function uniqueEmail(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.com`;
}

/** A signed-in person in a browser context of their own, with their page's errors collected. */
export async function person(browser: Browser, email: string, lang: 'zh-CN' | 'en') {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await useLanguage(page, lang);
  await signIn(page, email);
  return { ctx, page, errors };
}

/** vip@ opens a request; agent@ (vip@'s dedicated agent) answers and resolves it. */
export async function resolvedRequest(browser: Browser, lang: 'zh-CN' | 'en', subject: string) {
  const vip = await person(browser, 'vip@example.com', lang);
  await vip.page.goto('/portal/requests');
  await hydrated(vip.page);
  const ask = vip.page.getByTestId('request-form');
  await ask.locator('#f-subject').fill(subject);
  await ask.locator('#f-body').fill(`Details for ${subject}`);
  await ask.locator('button[type=submit]').click();
  await expect(vip.page).toHaveURL(/\/portal\/requests\/\d+$/);
  const id = new URL(vip.page.url()).pathname.split('/').pop()!;
  await hydrated(vip.page);
  // Not resolved yet: nothing to rate.
  await expect(vip.page.getByTestId('rate-item')).toHaveCount(0);

  const agent = await person(browser, 'agent@example.com', lang);
  await agent.page.goto(`/admin/queue/${id}`);
  await hydrated(agent.page);
  const act = agent.page.getByTestId('request-act');
  await act.locator('#f-body').fill(`Answer to ${subject}`);
  await act.locator('button[value=resolve]').click();
  await expect(agent.page.getByTestId('request-status')).toHaveAttribute('data-status', 'resolved');
  return { vip, agent, id };
}
