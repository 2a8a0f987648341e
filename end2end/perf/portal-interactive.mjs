// How soon the customer's portal home is interactive in Chromium on loopback (issue:
// performance; goal < 1 s). Not part of the test suite: speed goals are measured, not asserted
// by timed tests. Usage, against a server with the demo data (see docs/PERFORMANCE.md):
//
//   BASE_URL=http://127.0.0.1:3200 DEMO_PASSWORD=... node end2end/perf/portal-interactive.mjs [runs]
//
// For each run, a fresh browser context signs in as vip@example.com and opens /portal, cold
// (nothing cached) and then warm (the same context again). "Interactive" is the moment the
// WebAssembly app has hydrated the page (`<body data-hydrated>`, set by the app itself).
import { chromium } from '@playwright/test';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:3200';
const PASSWORD = process.env.DEMO_PASSWORD;
const RUNS = Number(process.argv[2] ?? 10);
if (!PASSWORD) {
  console.error('set DEMO_PASSWORD to the demo password');
  process.exit(2);
}

const observe = () => {
  new MutationObserver((_, obs) => {
    if (document.body?.getAttribute('data-hydrated') === 'true') {
      window.__interactiveAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
};

async function visit(page) {
  await page.goto(`${BASE_URL}/portal`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__interactiveAt !== undefined, null, { timeout: 15_000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    // the main module and the split modules of the page's group (`cargo leptos build --split`)
    const wasm = performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.wasm'))
      .reduce((sum, r) => sum + r.transferSize, 0);
    return {
      ttfb: nav.responseStart,
      domContentLoaded: nav.domContentLoadedEventEnd,
      interactive: window.__interactiveAt,
      wasmTransfer: wasm ?? 0,
    };
  });
}

const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const res = await context.request.post(`${BASE_URL}/api/login`, {
    form: { email: 'vip@example.com', password: PASSWORD },
    headers: { origin: BASE_URL },
    maxRedirects: 0,
  });
  if (res.status() >= 400) throw new Error(`sign-in failed: ${res.status()}`);
  const page = await context.newPage();
  await page.addInitScript(observe);
  cold.push(await visit(page));
  warm.push(await visit(page));
  await context.close();
}
await browser.close();

const row = (name, xs) => {
  const f = (k) => `${pct(xs.map((x) => x[k]), 0.5).toFixed(0)} / ${pct(xs.map((x) => x[k]), 0.9).toFixed(0)}`;
  return `| ${name} | ${f('ttfb')} | ${f('domContentLoaded')} | ${f('interactive')} | ${(xs[0].wasmTransfer / 1024).toFixed(0)} KB |`;
};
console.log(`portal home, ${RUNS} runs, median / p90 in ms since navigation start (goal: interactive < 1000)`);
console.log('| visit | first byte | DOM ready | interactive (hydrated) | wasm transferred |');
console.log('|---|---|---|---|---|');
console.log(row('cold (new context)', cold));
console.log(row('warm (same context)', warm));
