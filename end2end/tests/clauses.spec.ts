import { test, expect } from '@playwright/test';
import { hydrated, resolvedRequest, signIn, useLanguage, watchErrors } from './helpers';

// Contract fidelity: from the customer's "my rights" page every clause link — the rights' own
// links and every § reference — leads to the clause it names, in the version the customer
// signed (`/portal/agreement` or `/portal/agreements/:id`). Visitors' § links go to the current
// template. The glossary (1.1) anchors every term and links it to its clause.

for (const lang of ['zh-CN', 'en'] as const) {
  test(`every clause link on "my rights" lands on the clause it names (${lang})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await signIn(page, 'vip@example.com');
    await page.goto('/portal/rights');
    await hydrated(page);
    const links = page.locator('main a.clause');
    const count = await links.count();
    expect(count).toBeGreaterThan(4);
    const targets: { href: string; named: string }[] = [];
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const href = (await link.getAttribute('href'))!;
      // A § reference carries its clause; a right's link sits in the right's item.
      const named =
        (await link.getAttribute('data-clause')) ??
        (await link.locator('xpath=ancestor::li[@data-clause][1]').getAttribute('data-clause'))!;
      targets.push({ href, named });
    }
    for (const { href, named } of targets) {
      expect(href, `the link for ${named}`).toMatch(/^\/portal\/agreements?(\/\d+)?#clause-[\d-]+$/);
      await page.goto('/portal/rights');
      await hydrated(page);
      await page.locator(`main a.clause[href="${href}"]`).first().click();
      await expect(page).toHaveURL(/\/portal\/agreements?(\/\d+)?#clause-[\d-]+$/);
      const hash = new URL(page.url()).hash;
      // The link names the clause, or its section where the template has no clause that deep.
      const target = hash.replace('#clause-', '').replace(/-/g, '.');
      expect(named === target || named.startsWith(`${target}.`), `${named} → ${hash}`).toBeTruthy();
      const clause = page.locator(hash);
      await expect(clause).toBeVisible();
      await expect(clause).toContainText(target);
      await expect(page.getByTestId('agreement-text')).toBeVisible();
    }
    // Beside the clauses, what they mean for this customer now.
    await page.goto('/portal/agreement');
    await hydrated(page);
    for (const clause of ['2.1.1', '3.1.1', '3.4.1', '6.1.2', '7.1', '12.2']) {
      await expect(page.locator(`[data-test=clause-note][data-clause="${clause}"]`)).toBeVisible();
    }
    await expect(page.locator('[data-test=clause-note][data-clause="6.1.2"] a')).toHaveAttribute('href', '/fees');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test(`each party downloads its own signed copy of the agreement (13.1–13.3) (${lang})`, async ({ browser }) => {
    const fs = await import('node:fs/promises');
    const copy = async (page: import('@playwright/test').Page, party: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('signed-copy').click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^vip-agreement-\\d+-${party}\\.html$`));
      return fs.readFile((await download.path())!, 'utf8');
    };
    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await signIn(page, 'vip@example.com');
    await page.goto('/portal/agreement');
    await hydrated(page);
    // Governing law (13.1) and the copies held (13.2) are on the signed agreement.
    await expect(page.getByTestId('agreement-law')).toContainText(/中华人民共和国|People's Republic of China/);
    const hash = (await page.getByTestId('agreement-hash').textContent())!.trim();
    const href = (await page.getByTestId('signed-copy').getAttribute('href'))!;
    const id = href.match(/^\/agreements\/(\d+)\/signed-copy$/)![1];
    const mine = await copy(page, 'party-b');
    expect(mine).toContain('乙方留存');
    expect(mine).toContain(hash);
    expect(errors).toEqual([]);
    await ctx.close();

    const staff = await browser.newContext({ acceptDownloads: true });
    const admin = await staff.newPage();
    await useLanguage(admin, lang);
    await signIn(admin, 'admin@example.com');
    await admin.goto(`/admin/agreements/${id}`);
    await hydrated(admin);
    const theirs = await copy(admin, 'party-a');
    expect(theirs).toContain('甲方留存');
    expect(theirs).toContain(hash);
    await staff.close();
  });

  test(`every deadline on the customer's invoices, complaints and requests links to its clause (${lang})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await signIn(page, 'vip@example.com');
    const seen = new Map<string, string>(); // deadline kind → clause link
    // Every element marked as a deadline carries a § link into the version the customer signed.
    const deadlines = async (url: string, expected: string[]) => {
      await page.goto(url);
      await hydrated(page);
      const marked = page.locator('main [data-deadline]');
      const n = await marked.count();
      const kinds: string[] = [];
      for (let i = 0; i < n; i++) {
        const el = marked.nth(i);
        const kind = (await el.getAttribute('data-deadline'))!;
        const link = el.locator('a.clause');
        await expect(link, `${url}: the ${kind} deadline has its clause link`).toHaveCount(1);
        const href = (await link.getAttribute('href'))!;
        expect(href, `${url}: ${kind}`).toMatch(/^\/portal\/agreements?(\/\d+)?#clause-[\d-]+$/);
        seen.set(`${kind} ${await link.getAttribute('data-clause')}`, href);
        kinds.push(kind);
      }
      for (const k of expected) expect(kinds, `${url} shows its ${k} deadline`).toContain(k);
    };
    await deadlines('/portal/invoices', ['due']);
    const invoice = (await page.locator('tr[data-invoice]:not([data-number=""]) a').first().getAttribute('href'))!;
    await deadlines(invoice, ['due']);
    await deadlines('/portal/complaints', ['next-step']);
    const complaint = (await page.locator('tr[data-complaint] a').first().getAttribute('href'))!;
    await deadlines(complaint, ['acknowledge', 'proposal', 'next-step']);
    // A request of its own, resolved by agent@: the reopening window (7 days after resolution)
    // is a deadline too. (The demo's resolved request is closed by other tests' job runs.)
    const { vip, agent, id } = await resolvedRequest(browser, lang, `Reopen window ${Date.now()}`);
    await vip.ctx.close();
    await agent.ctx.close();
    await deadlines('/portal/requests', ['next-due']);
    await deadlines(`/portal/requests/${id}`, ['reopen']);
    await expect(page.getByTestId('reopen-until')).toBeVisible();
    // And one still open: its resolution deadline.
    await page.goto('/portal/requests');
    await hydrated(page);
    const ask = page.getByTestId('request-form');
    await ask.locator('#f-subject').fill(`Deadline ${Date.now()}`);
    await ask.locator('#f-body').fill('When will this be answered?');
    await ask.locator('button[type=submit]').click();
    await expect(page).toHaveURL(/\/portal\/requests\/\d+$/);
    await deadlines(new URL(page.url()).pathname, ['resolution']);
    // And each link lands on the clause it names.
    for (const [what, href] of seen) {
      const named = what.split(' ')[1];
      await page.goto(href);
      await hydrated(page);
      const hash = new URL(page.url()).hash;
      const target = hash.replace('#clause-', '').replace(/-/g, '.');
      expect(named === target || named.startsWith(`${target}.`), `${what} → ${hash}`).toBeTruthy();
      await expect(page.locator(hash)).toBeVisible();
      await expect(page.locator(hash)).toContainText(target);
    }
    expect(errors).toEqual([]);
    await ctx.close();
  });

  test(`the glossary anchors every term and links it to its clause (${lang})`, async ({ page }) => {
    const errors = watchErrors(page);
    await useLanguage(page, lang);
    await page.goto('/glossary');
    await hydrated(page);
    const entries = page.locator('[data-test=glossary] [data-term]');
    expect(await entries.count()).toBeGreaterThanOrEqual(15);
    const dedicated = page.locator('#term-dedicated-agent');
    await expect(dedicated).toContainText(lang === 'en' ? 'dedicated agent' : '专属客服');
    // A visitor's § link goes to the current template.
    const ref = dedicated.locator('a.clause');
    await expect(ref).toHaveAttribute('href', '/agreement#clause-3-2-1');
    await ref.click();
    await expect(page).toHaveURL(/\/agreement#clause-3-2-1$/);
    await expect(page.locator('#clause-3-2-1')).toContainText('3.2.1');
    expect(errors).toEqual([]);
  });
}
