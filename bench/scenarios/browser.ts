/**
 * browser: what a person feels, in real Chromium (Playwright) against the production build.
 *
 * - Recall tip: Alice and Bob each have the group open in their own page. Alice clicks "Recall" in
 *   a message's menu; the time is from that click (Date.now() in Alice's page, in a capturing click
 *   listener) to the moment Bob's page has the message's row turned into a recall tip (Date.now()
 *   in a MutationObserver in Bob's page). Both pages read the same OS clock.
 * - Conversation open: a fresh page load of /c/<id> with 50 messages, from navigation start to the
 *   last message's row in the DOM (performance.now() in a MutationObserver installed before any
 *   page script runs). Floor, measured the same way in the same run: a fresh load of /sign-in to
 *   its form in the DOM — the app's lightest page.
 * - JS shipped: every script the chat page loads (gzip-compressed size, as a server with
 *   compression would send it), next to the 404 page of the same build (framework + root layout).
 */
import { gzipSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { launchOptions } from "~/e2e/chromium";
import { trpcClient } from "~/test/trpc-client";
import { type AppScenarioContext } from "../lib/scenario";
import { seedGroup, seedMessages, seedUsers } from "../lib/seed";
import { type BenchUser, SESSION_COOKIE, sessionCookie } from "../lib/session";
import { summarize } from "../lib/stats";

export interface BrowserResult {
  recalls: number;
  recall_tip_p50: number;
  recall_tip_p95: number;
  opens: number;
  open_p50: number;
  open_p95: number;
  floor_p50: number;
  floor_p95: number;
  /** open_p95 ÷ floor_p95. */
  open_ratio_p95: number | null;
  chat_js_kb_gzip: number;
  bare_js_kb_gzip: number;
  chat_scripts: number;
  bare_scripts: number;
}

const RECALLS = 30;
const OPENS = 30;
const HISTORY = 50;
const TIMEOUT_MS = 30_000;

declare global {
  interface Window {
    __benchClickAt?: number;
    __benchTarget?: string;
    __benchTipAt?: number;
    __benchSeenAt?: number;
  }
}

export async function browserScenario(opts: AppScenarioContext): Promise<BrowserResult> {
  const { app, sql, log } = opts;
  const [alice, bob] = await seedUsers(sql, `browser${opts.runId}`, 2);
  const live = await seedGroup(sql, "Bench browser", [alice!, bob!]);
  const history = await seedGroup(sql, "Bench history", [alice!, bob!]);
  const seeded = await seedMessages(sql, [history], [alice!, bob!], HISTORY);
  const lastRow = `article[data-message-id="${seeded.at(-1)!.id}"]`;
  const aliceApi = trpcClient({
    url: `${app.baseUrl}/api/trpc`,
    headers: { cookie: await sessionCookie(app.nextAuthSecret, alice!) },
  });

  const browser = await chromium.launch(launchOptions);
  try {
    const signedIn = (user: BenchUser) => contextFor(browser, app.baseUrl, app.nextAuthSecret, user);
    const aliceContext = await signedIn(alice!);
    const bobContext = await signedIn(bob!);

    // --- recall tip -------------------------------------------------------------------------
    const [a, b] = await Promise.all([aliceContext.newPage(), bobContext.newPage()]);
    await Promise.all([a.goto(`/c/${live}`), b.goto(`/c/${live}`)]);
    await a.evaluate(() =>
      document.addEventListener("click", () => (window.__benchClickAt = Date.now()), { capture: true }),
    );
    await b.evaluate(() => {
      new MutationObserver(() => {
        const id = window.__benchTarget;
        if (!id || window.__benchTipAt !== undefined) return;
        const row = document.querySelector(`article[data-message-id="${id}"]`);
        if (row?.getAttribute("aria-label")?.includes("recalled")) window.__benchTipAt = Date.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const tips: number[] = [];
    log(`browser: ${RECALLS} recalls, clicked in one page and seen in the other…`);
    for (let i = 0; i < RECALLS + 2; i++) {
      const body = `Browser bench ${i} ${Date.now()}`;
      const sent = await aliceApi.message.send.mutate({
        conversationId: live,
        clientMsgId: `bb${i}x${Date.now()}`,
        body,
      });
      const row = (p: Page) => p.locator(`article[data-message-id="${sent.id}"]`);
      await Promise.all([row(a).waitFor({ timeout: TIMEOUT_MS }), row(b).waitFor({ timeout: TIMEOUT_MS })]);
      await b.evaluate((id) => {
        window.__benchTarget = id;
        window.__benchTipAt = undefined;
      }, sent.id);
      await row(a).hover();
      await row(a).getByRole("button", { name: "Message actions" }).click();
      await a
        .getByRole("menu", { name: "Message actions" })
        .getByRole("menuitem", { name: /^Recall/ })
        .click();
      const clickAt = await a.evaluate(() => window.__benchClickAt!);
      await b.waitForFunction(() => window.__benchTipAt !== undefined, null, { timeout: TIMEOUT_MS });
      const tipAt = await b.evaluate(() => window.__benchTipAt!);
      if (i >= 2) tips.push(tipAt - clickAt); // the first two warm up both pages
    }
    await Promise.all([a.close(), b.close()]);

    // --- conversation open, and its floor ---------------------------------------------------
    log(`browser: ${OPENS} loads of a conversation with ${HISTORY} messages, and of /sign-in…`);
    await bobContext.addInitScript(markWhenPresent, lastRow);
    const anonymous = await browser.newContext({ baseURL: app.baseUrl });
    await anonymous.addInitScript(markWhenPresent, 'form input[type="password"]');
    const opens: number[] = [];
    const floors: number[] = [];
    const loadOnce = async (context: BrowserContext, url: string) => {
      const page = await context.newPage();
      try {
        await page.goto(url, { waitUntil: "commit" });
        await page.waitForFunction(() => window.__benchSeenAt !== undefined, null, { timeout: TIMEOUT_MS });
        return await page.evaluate(() => window.__benchSeenAt!);
      } finally {
        await page.close();
      }
    };
    for (let i = 0; i < OPENS + 2; i++) {
      // Interleaved, so load on the machine falls on both alike.
      const open = await loadOnce(bobContext, `/c/${history}`);
      const floor = await loadOnce(anonymous, "/sign-in");
      if (i >= 2) {
        opens.push(open);
        floors.push(floor);
      }
    }

    // --- JS shipped -------------------------------------------------------------------------
    const chat = await scriptsOf(bobContext, `/c/${history}`, lastRow);
    const bare = await scriptsOf(anonymous, "/bench-no-such-page", null);

    const tip = summarize(tips);
    const open = summarize(opens);
    const floor = summarize(floors);
    return {
      recalls: tip.n,
      recall_tip_p50: tip.p50,
      recall_tip_p95: tip.p95,
      opens: open.n,
      open_p50: open.p50,
      open_p95: open.p95,
      floor_p50: floor.p50,
      floor_p95: floor.p95,
      open_ratio_p95: floor.p95 > 0 ? open.p95 / floor.p95 : null,
      chat_js_kb_gzip: chat.gzipBytes / 1024,
      bare_js_kb_gzip: bare.gzipBytes / 1024,
      chat_scripts: chat.count,
      bare_scripts: bare.count,
    };
  } finally {
    await browser.close();
  }
}

/** A browser context signed in as `user` with the same session cookie a credentials sign-in sets. */
async function contextFor(browser: Browser, baseUrl: string, secret: string, user: BenchUser) {
  const context = await browser.newContext({ baseURL: baseUrl });
  const value = (await sessionCookie(secret, user)).slice(SESSION_COOKIE.length + 1);
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/**
 * Runs in the page before any of its scripts: notes performance.now() (ms since navigation start)
 * the first time `selector` matches.
 */
function markWhenPresent(selector: string) {
  new MutationObserver((_, observer) => {
    if (document.querySelector(selector)) {
      window.__benchSeenAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true });
}

/** The scripts a fresh load of `url` fetches, and their gzip-compressed size. */
async function scriptsOf(context: BrowserContext, url: string, waitFor: string | null) {
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") bodies.push(response.body());
  });
  try {
    await page.goto(url, { waitUntil: "load" });
    if (waitFor) await page.locator(waitFor).waitFor({ timeout: TIMEOUT_MS });
    await page.waitForLoadState("networkidle");
    const all = await Promise.all(bodies);
    return { count: all.length, gzipBytes: all.reduce((n, b) => n + gzipSync(b).length, 0) };
  } finally {
    await page.close();
  }
}
