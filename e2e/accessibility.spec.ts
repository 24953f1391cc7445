import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page, type TestInfo } from "@playwright/test";
import { createGroup, trpcFor } from "./api";
import { expect, test, unique } from "./fixtures";
import { type Role, storageState } from "./users";

/**
 * axe-core (WCAG 2.x A/AA) on every page a person reaches, in both languages and at desktop and
 * phone width: no serious or critical violation. The console pages are also checked for
 * horizontal clipping at phone width. One test per language and width keeps the suite short.
 */
const widths = [
  { name: "1280", viewport: { width: 1280, height: 800 } },
  { name: "390", viewport: { width: 390, height: 844 } },
] as const;
const locales = ["en", "zh"] as const;

async function contextFor(
  browser: Browser,
  role: Role | null,
  locale: string,
  viewport: { width: number; height: number },
  baseURL: string,
) {
  const context = await browser.newContext({ ...(role ? { storageState: storageState(role) } : {}), viewport });
  await context.addCookies([{ name: "recall-locale", value: locale, url: baseURL }]);
  return context;
}

async function expectNoSeriousViolations(page: Page, info: TestInfo, label: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary ?? ""}`).join(" | ")}`,
  );
  // Soft: one run reports every page's violations, not just the first page's.
  expect.soft(summary, `${label}: serious or critical axe violations`).toEqual([]);
  info.annotations.push({
    type: "axe",
    description: `${label}: ${result.passes.length} rules pass, ${result.violations.length} minor/moderate`,
  });
}

/** Every table cell's box lies inside the viewport or inside an element that scrolls sideways. */
export async function clippedCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // The scroll container itself must fit the viewport, or its scrollbar is off-screen too.
    const scrollsSideways = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX === "auto" || style.overflowX === "scroll")
          return e.getBoundingClientRect().right <= width + 0.5;
      }
      return false;
    };
    const bad: string[] = [];
    for (const cell of document.querySelectorAll("th, td, [role=cell], [role=columnheader], nav a")) {
      const r = cell.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const inside = r.left >= -0.5 && r.right <= width + 0.5;
      if (!inside && !scrollsSideways(cell.parentElement))
        bad.push(
          `${cell.tagName.toLowerCase()} "${(cell.textContent ?? "").trim().slice(0, 30)}" at ${Math.round(r.left)}–${Math.round(r.right)}`,
        );
    }
    return bad;
  });
}

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot({ fullPage: false }), contentType: "image/png" });
}

/** A group with a recalled message, so the review list and detail page have something to show. */
async function seedRecall(
  page: Page,
): Promise<{ conversationId: string; title: string; text: string; recalledId: string }> {
  const title = unique("A11y");
  const conversationId = await createGroup(page, title, ["Bob"]);
  const send = (body: string) =>
    trpcFor(page).message.send.mutate({
      conversationId,
      clientMsgId: `a11y-${Math.random().toString(36).slice(2, 12)}`,
      body,
    });
  const recalled = await send(unique("to be taken back"));
  await trpcFor(page).message.recall.mutate({ messageId: recalled.id, reason: "Typo" });
  const text = unique("stays readable");
  await send(text);
  return { conversationId, title, text, recalledId: recalled.id };
}

for (const locale of locales) {
  for (const width of widths) {
    test(`axe: no serious violations, ${locale} at ${width.name} px: sign-in, chat home, conversation with the menu open`, async ({
      browser,
      baseURL,
    }, info) => {
      // Three full axe analyses (colour contrast walks every text node): more work than one ordinary test.
      test.setTimeout(90_000);
      const anon = await contextFor(browser, null, locale, width.viewport, baseURL!);
      const signIn = await anon.newPage();
      await signIn.goto("/sign-in");
      await expect(signIn.locator("form")).toBeVisible();
      await expectNoSeriousViolations(signIn, info, "sign-in");
      await anon.close();

      const aliceContext = await contextFor(browser, "alice", locale, width.viewport, baseURL!);
      const alice = await aliceContext.newPage();
      const seeded = await seedRecall(alice);
      await alice.goto("/");
      // Role names only: the accessible names are in the page's language.
      await expect(alice.getByRole("navigation").getByRole("link").first()).toBeVisible({ timeout: 15_000 });
      await expectNoSeriousViolations(alice, info, "chat home");
      await expect.soft(alice.getByRole("heading", { level: 1 })).toHaveCount(1);
      await alice.goto(`/c/${seeded.conversationId}`);
      const message = alice.getByRole("log").getByRole("article").filter({ hasText: seeded.text });
      await message.focus();
      await message.press("Enter");
      await expect(alice.getByRole("menu")).toBeVisible();
      await expectNoSeriousViolations(alice, info, "conversation with the message menu open");
      await shot(alice, info, `chat ${locale} ${width.name}px`);
      await aliceContext.close();
    });

    test(`axe and clipping: every console page, ${locale} at ${width.name} px`, async ({ browser, baseURL }, info) => {
      // Six pages, each analysed by axe: more work than one ordinary test.
      test.setTimeout(120_000);
      const aliceContext = await contextFor(browser, "alice", locale, width.viewport, baseURL!);
      const seeded = await seedRecall(await aliceContext.newPage());
      await aliceContext.close();
      const adminContext = await contextFor(browser, "admin", locale, width.viewport, baseURL!);
      const admin = await adminContext.newPage();
      const pages = [
        "/admin",
        "/admin/recalled",
        `/admin/recalled/${seeded.recalledId}`,
        "/admin/bulk",
        "/admin/settings",
        "/admin/audit",
      ];
      for (const path of pages) {
        await admin.goto(path);
        await expect(admin.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 15_000 });
        // Pages fill in from queries: wait until no loading indicator is left.
        await expect(admin.locator("[aria-busy=true]")).toHaveCount(0, { timeout: 15_000 });
        if (path === "/admin/recalled") await expect(admin.getByRole("table").getByRole("cell").first()).toBeVisible();
        await expectNoSeriousViolations(admin, info, path);
        expect.soft(await clippedCells(admin), `${path}: cells clipped at ${width.name} px`).toEqual([]);
        if (path === "/admin/recalled" || path === "/admin/audit")
          await shot(admin, info, `console ${path} ${locale} ${width.name}px`);
      }
      await adminContext.close();
    });
  }
}
