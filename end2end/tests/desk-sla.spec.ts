import { test, expect, Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, signIn, useLanguage, watchErrors, person } from './helpers';

// The SLA clock on real calendars and the breach path (clauses 3.2.1, 3.2.2, 3.4.1, 3.4.2):
// a non-VIP's call received on Friday 17:30 is due on the next working day; staff claim and
// transfer it with a note; a simulated clock (`vipcare jobs run --now`) breaches a request and
// the SLA watcher tells the branch supervisor; the queue's "breached" filter with its count.

const DB = process.env.VIPCARE_E2E_DB ?? '../target/e2e/vipcare-e2e.db';
const BIN = process.env.VIPCARE_BIN ?? '../target/release/vipcare';

const DAY = 86400e3;
/** The Shanghai calendar day `offsetDays` from today (UTC+8, no daylight saving). */
function shanghaiDay(offsetDays: number): string {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * DAY).toISOString().slice(0, 10);
}

/** The latest Friday before today in Shanghai, and the Monday after it. */
function lastFriday(): { friday: string; monday: string } {
  const today = new Date(Date.now() + 8 * 3600e3);
  let back = (today.getUTCDay() - 5 + 7) % 7;
  if (back === 0) back = 7;
  return { friday: shanghaiDay(-back), monday: shanghaiDay(-back + 3) };
}

/** Every background job once, as of noon Shanghai `offsetDays` from today. */
function runJobs(offsetDays: number): string {
  return execFileSync(BIN, ['jobs', 'run', '--now', `${shanghaiDay(offsetDays)}T12:00:00+08:00`], {
    env: { ...process.env, VIPCARE_DATABASE: DB, RUST_LOG: 'warn' },
  }).toString();
}

const TEXT = {
  'zh-CN': { breached: '已超出', beijing: '北京分公司 / Beijing branch', firstResponse: '首次响应' },
  en: { breached: 'has breached', beijing: '北京分公司 / Beijing branch', firstResponse: 'First response' },
} as const;

for (const lang of ['zh-CN', 'en'] as const) {
  test(`a Friday 17:30 call is due next working day; claim, transfer, and a simulated breach tells the supervisor (${lang})`, async ({ browser }) => {
    test.setTimeout(60_000);
    const stamp = `${lang}-${Date.now()}`;
    const agent = await person(browser, 'agent@example.com', lang);
    const { page } = agent;

    async function logCall(subject: string, receivedAt?: string): Promise<string> {
      await page.goto('/admin/queue');
      await hydrated(page);
      await page.locator('details:has([data-test=log-contact]) summary').click();
      const form = page.getByTestId('log-contact');
      await form.locator('#f-customer_email').fill('near@example.com');
      await form.locator('#req-channel').selectOption('phone');
      if (receivedAt) await form.locator('#f-received_at').fill(receivedAt);
      await form.locator('#f-subject').fill(subject);
      await form.locator('#f-body').fill(`Called about ${subject}`);
      await form.locator('button[type=submit]').click();
      await expect(page).toHaveURL(/\/admin\/queue\/\d+$/);
      await hydrated(page);
      return new URL(page.url()).pathname.split('/').pop()!;
    }

    // Not a VIP: 8 business hours, Mon–Fri 09:00–18:00 Shanghai. 30 min on Friday, 7.5 h Monday.
    const { friday, monday } = lastFriday();
    await logCall(`Friday call ${stamp}`, `${friday}T17:30`);
    await expect(page.getByTestId('sla-due').first()).toHaveText(`${monday} 16:30`);
    await expect(page.getByTestId('timeline').locator('li')).toHaveCount(1);

    // Claim it, then transfer it with a note: both on the timeline.
    await page.getByTestId('route-claim').locator('button').click();
    await expect(page.getByTestId('assignee')).toContainText('Agent');
    const transfer = page.getByTestId('route-transfer');
    await transfer.locator('#route-branch').selectOption({ label: TEXT[lang].beijing });
    await transfer.locator('#transfer-note').fill(`Customer is in Beijing ${stamp}`);
    await transfer.locator('button[type=submit]').click();
    await expect(page.getByTestId('timeline')).toContainText(`Customer is in Beijing ${stamp}`);
    await expect(page.getByTestId('assignee')).toContainText('Beijing');

    // A call logged now, unassigned in headquarters; ten days on, the watcher finds it breached.
    const late = await logCall(`Breach ${stamp}`);
    const lead = await person(browser, 'lead@example.com', lang);
    await lead.page.goto('/notifications');
    await expect(lead.page.getByTestId('inbox')).not.toContainText(`#${late}`);
    expect(runJobs(10)).toMatch(/ [1-9]\d* breached/);
    await lead.page.reload();
    await hydrated(lead.page);
    // Ten days on, the resolution time may have passed too (it depends on today's weekday):
    // the first response's breach is told exactly once.
    const notice = lead.page
      .getByTestId('inbox')
      .locator('li', { hasText: `#${late}` })
      .filter({ hasText: TEXT[lang].breached })
      .filter({ hasText: '首次响应 / first response' });
    await expect(notice).toHaveCount(1);
    await lead.page.goto(`/admin/queue/${late}`);
    await hydrated(lead.page);
    await expect(
      lead.page.locator('[data-test=timeline] li[data-sla=breached]').filter({ hasText: TEXT[lang].firstResponse }),
    ).toHaveCount(1);

    // The queue's breached filter, with its count, holds the demo VIP's unanswered call.
    await page.goto('/admin/queue?scope=breached');
    await hydrated(page);
    await expect(page.locator('[data-scope=breached] [data-test=scope-count]')).toHaveText(/^[1-9]\d*$/);
    await expect(page.getByTestId('requests')).toContainText('A custom plan for our annual gifts');

    expect(agent.errors).toEqual([]);
    expect(lead.errors).toEqual([]);
    for (const c of [agent, lead]) await c.ctx.close();
  });
}
