import { Browser, BrowserContext, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

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

// ---------------------------------------------------------------- the second factor (clause 10)
// Staff must set up an authenticator app at their first sign-in. The helpers below play the
// app: they read the key the page shows, compute RFC 6238 codes, and keep each account's key
// and trusted-browser cookie in a file beside the e2e database (removed with it at start-up),
// so later sign-ins of the same account skip the code like a trusted browser does.

const MFA_DIR = path.join(path.dirname(process.env.VIPCARE_E2E_DB ?? '../target/e2e/vipcare-e2e.db'), 'mfa');

type MfaState = { secret: string; lastStep: number; trusted?: string };

function mfaFile(email: string) {
  return path.join(MFA_DIR, `${email.toLowerCase()}.json`);
}

export function mfaState(email: string): MfaState | undefined {
  try {
    return JSON.parse(fs.readFileSync(mfaFile(email), 'utf8')) as MfaState;
  } catch {
    return undefined;
  }
}

function saveMfaState(email: string, state: MfaState) {
  fs.mkdirSync(MFA_DIR, { recursive: true });
  fs.writeFileSync(mfaFile(email), JSON.stringify(state));
}

function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP code (RFC 6238, SHA-1, 30 s) of `secret` (base32) for time step `step`. */
export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

/** A code for `email` that the server has not accepted yet: a code works only once. */
export async function freshCode(email: string, secret = mfaState(email)!.secret): Promise<string> {
  const state = mfaState(email);
  const last = state?.secret === secret ? state.lastStep : -1;
  let step = Math.floor(Date.now() / 30_000);
  if (step <= last) step = last + 1;
  // One step ahead is accepted (clock drift); further ahead, wait for the clock.
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((r) => setTimeout(r, 1_000));
  saveMfaState(email, { ...(state ?? { secret }), secret, lastStep: step });
  return totp(secret, step);
}

/** The staff member's first sign-in: sets up the authenticator on /account/security. */
async function enrol(page: Page, email: string) {
  await hydrated(page);
  await page.getByTestId('mfa-begin-form').locator('button[type=submit]').click();
  const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
  const form = page.getByTestId('mfa-confirm-form');
  await form.locator('#f-code').fill(await freshCode(email, secret));
  await form.locator('#f-trust').check();
  await form.locator('button[type=submit]').click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  const cookies = await page.context().cookies();
  const trusted = cookies.find((c) => c.name === 'vipcare_tb')?.value;
  saveMfaState(email, { ...mfaState(email)!, trusted });
  await page.getByTestId('mfa-continue').click();
  await page.waitForURL((u) => u.pathname !== '/account/security');
}

/** Enters a code on /login/verify (trusting the browser) and waits to leave the page. */
export async function enterCode(page: Page, email: string) {
  await hydrated(page);
  const form = page.getByTestId('verify-form');
  await form.locator('#f-code').fill(await freshCode(email));
  await form.locator('#f-trust').check();
  await form.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.pathname !== '/login/verify');
  const trusted = (await page.context().cookies()).find((c) => c.name === 'vipcare_tb')?.value;
  if (trusted) saveMfaState(email, { ...mfaState(email)!, trusted });
}

/** Puts `email`'s trusted-browser cookie into `context`, if the account has one. */
export async function trustBrowser(context: BrowserContext, email: string) {
  const trusted = mfaState(email)?.trusted;
  if (trusted) {
    await context.addCookies([{ name: 'vipcare_tb', value: trusted, domain: '127.0.0.1', path: '/' }]);
  }
}

/** Makes sure a staff account has set up its authenticator (signing in once, with JavaScript). */
export async function ensureSecondFactor(browser: Browser, email: string) {
  if (mfaState(email)?.trusted) return;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, email);
  await ctx.close();
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await trustBrowser(page.context(), email);
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
  const at = new URL(page.url()).pathname;
  if (at === '/login/verify') {
    await enterCode(page, email);
  } else if (at === '/account/security' && (await page.getByTestId('mfa-required').count()) > 0) {
    await enrol(page, email);
  }
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
