/**
 * Largest Contentful Paint of the city overview in headless Chromium, for `npm run bench`.
 * Signs in as the city leader first when the server has accounts. Each run is a fresh page
 * load in the same browser (warm HTTP cache, as a leader reopening the dashboard); the median
 * is reported with the first (cold) run.
 *
 *   import { measureLcp } from '../e2e/lcp.ts';
 *   const r = await measureLcp('http://127.0.0.1:3000');            // or measureLcp({ baseUrl, runs })
 *   const r = await measureLcp(base, { cookie: 'tiendo_session=…' }); // reuse a signed-in session
 *
 * or `npx tsx e2e/lcp.ts http://127.0.0.1:3000`.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchSession } from './browser.ts';

export interface LcpOptions {
  baseUrl: string;
  /** A `Cookie` header of a signed-in session; otherwise the demo leader signs in. */
  cookie?: string;
  /** Unit whose overview is measured; the city by default. */
  unit?: string;
  username?: string;
  password?: string;
  runs?: number;
}

export interface LcpResult {
  /** Median LCP over the runs, in milliseconds. */
  lcpMs: number;
  /** The first run, on a cold cache. */
  coldMs: number;
  runs: number[];
  /**
   * Median time from the start of the page load to the frame that shows the first indicator's
   * figure: the largest paint can be the heading, which the page carries (the server renders the
   * first frame), so this says when the figures themselves are on screen.
   */
  figuresMs: number;
  /** Median time from the start of the page load to the page's last byte (the server's part of the wait). */
  pageMs: number;
  /**
   * Median First Contentful Paint: with the dashboard's first frame in the page (rendered by the
   * server), its header and heading are drawn from the page itself, before the app has run. The
   * app's first render then replaces that frame with the same one, and Chromium counts a replaced
   * element's paint for the LCP only if it had reported it before, so the LCP is often the app's.
   */
  fcpMs: number;
  /** What the largest element was in the last run (tag and a little text). */
  element: string;
  /**
   * The deepest chain of API requests after the session's in the last run (the sign-in's reply
   * carries what the session's does), each asked only after the one before it had answered: how
   * many round trips the page waits for at worst once it knows who is looking.
   */
  waterfall: number;
  /** The API requests of the last run, in the order asked, with their step in the chain. */
  requests: { path: string; step: number }[];
}

interface Timed {
  path: string;
  start: number;
  end: number;
}

/**
 * The step of each request: 1 + the deepest step among the requests that had answered before
 * it was asked. Requests asked together share a step; one asked after another's answer is a
 * step further, whether or not it needed that answer (an upper bound of the true chain).
 */
export function waterfallSteps(requests: readonly Timed[]): { path: string; step: number }[] {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const steps: number[] = [];
  return sorted.map((r, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const q = sorted[j] as Timed;
      if (q.end <= r.start) before = Math.max(before, steps[j] ?? 0);
    }
    steps[i] = before + 1;
    return { path: r.path, step: before + 1 };
  });
}

interface LcpSample {
  time: number;
  element: string;
}

export async function measureLcp(target: string | LcpOptions, extra: Partial<LcpOptions> = {}): Promise<LcpResult | null> {
  const opts: LcpOptions = typeof target === 'string' ? { ...extra, baseUrl: target } : { ...extra, ...target };
  if (!existsSync(CHROMIUM_PATH)) {
    console.warn(`[lcp] ${CHROMIUM_PATH} not found: Largest Contentful Paint not measured.`);
    return null;
  }
  const base = opts.baseUrl.replace(/\/$/, '');
  const session = await launchSession();
  try {
    const { context } = session;
    if (opts.cookie) {
      const cookies = opts.cookie
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c.includes('='))
        .map((c) => ({ name: c.slice(0, c.indexOf('=')), value: c.slice(c.indexOf('=') + 1), url: base }));
      await context.addCookies(cookies);
    }
    const me = await context.request.get(`${base}/api/me`);
    if (me.status() === 401) {
      const login = await context.request.post(`${base}/api/auth/login`, {
        data: { username: opts.username ?? 'lanhdao', password: opts.password ?? 'tiendo-demo' },
      });
      if (!login.ok()) throw new Error(`sign-in for the LCP measurement failed: HTTP ${login.status()}`);
    }
    const url = `${base}/?unit=${encodeURIComponent(opts.unit ?? '01')}`;
    const runs: number[] = [];
    const figures: number[] = [];
    const pages: number[] = [];
    const fcps: number[] = [];
    let element = '';
    // Stamped in the page: the first frame after an indicator's figure is in the document.
    await context.addInitScript(() => {
      const w = window as unknown as { __figuresAt?: number };
      new MutationObserver((_, obs) => {
        if (!document.querySelector('[data-testid^=kpi-value-]')) return;
        obs.disconnect();
        requestAnimationFrame(() => {
          w.__figuresAt = performance.now();
        });
      }).observe(document, { childList: true, subtree: true });
    });
    let requests: { path: string; step: number }[] = [];
    for (let i = 0; i < (opts.runs ?? 5); i++) {
      const page = await context.newPage();
      const asked = new Map<object, Timed>();
      page.on('request', (r) => {
        const path = r.url().slice(base.length);
        if (path.startsWith('/api/') && !path.startsWith('/api/auth/session'))
          asked.set(r, { path, start: performance.now(), end: Number.POSITIVE_INFINITY });
      });
      const answered = (r: object) => {
        const t = asked.get(r);
        if (t) t.end = performance.now();
      };
      page.on('requestfinished', answered);
      page.on('requestfailed', answered);
      await page.goto(url, { waitUntil: 'load' });
      await page.locator('[data-testid^=kpi-value-]').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300);
      const sample = await page.evaluate(
        () =>
          new Promise<LcpSample>((resolve) => {
            let last: LcpSample = { time: Number.NaN, element: '' };
            const obs = new PerformanceObserver((list) => {
              for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
                const el = e.element;
                last = { time: e.startTime, element: el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 40)}"` : '' };
              }
            });
            obs.observe({ type: 'largest-contentful-paint', buffered: true });
            setTimeout(() => {
              obs.disconnect();
              resolve(last);
            }, 100);
          }),
      );
      runs.push(sample.time);
      figures.push(await page.evaluate(() => (window as unknown as { __figuresAt?: number }).__figuresAt ?? Number.NaN));
      fcps.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN));
      pages.push(
        await page.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? Number.NaN,
        ),
      );
      element = sample.element;
      // the panels below the fold have asked by now too (the heading and the cards are on screen)
      await page.waitForLoadState('networkidle');
      requests = waterfallSteps([...asked.values()]);
      await page.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const waterfall = Math.max(0, ...requests.map((r) => r.step));
    return {
      lcpMs: median(runs),
      coldMs: runs[0] ?? Number.NaN,
      runs,
      figuresMs: median(figures),
      pageMs: median(pages),
      fcpMs: median(fcps),
      element,
      waterfall,
      requests,
    };
  } finally {
    await session.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const baseUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
  const r = await measureLcp({ baseUrl });
  if (r) {
    console.log(`LCP of the city overview: ${r.lcpMs.toFixed(0)} ms median (cold ${r.coldMs.toFixed(0)} ms) — ${r.element}`);
    console.log(
      `page received: ${r.pageMs.toFixed(0)} ms median; first contentful paint ${r.fcpMs.toFixed(0)} ms; first figure on screen: ${r.figuresMs.toFixed(0)} ms median`,
    );
    console.log(`API requests: ${r.requests.length}, deepest chain ${r.waterfall} steps`);
    for (const q of r.requests) console.log(`  ${q.step}  ${q.path}`);
  }
}
