import { test as base, type Page } from "@playwright/test";
import { ConversationPage } from "./pages/conversation-page";
import { type Role, storageState } from "./users";

/** One signed-in browser context per role, each with the chat page object. */
type Fixtures = { as: (role: Role) => Promise<ConversationPage> };

export const test = base.extend<Fixtures>({
  as: async ({ browser }, use) => {
    const pages: Page[] = [];
    await use(async (role) => {
      const context = await browser.newContext({ storageState: storageState(role) });
      const page = await context.newPage();
      pages.push(page);
      return new ConversationPage(page);
    });
    for (const page of pages) await page.context().close();
  },
});

export { expect } from "@playwright/test";

export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
