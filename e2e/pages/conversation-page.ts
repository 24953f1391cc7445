import { expect, type Locator, type Page } from "@playwright/test";

/** The chat screen: conversation list on the left, the open conversation on the right. */
export class ConversationPage {
  readonly list: Locator;
  readonly log: Locator;
  readonly composer: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole("navigation", { name: "Conversations" });
    this.log = page.getByRole("log", { name: "Messages" });
    this.composer = page.getByRole("textbox", { name: "Message" });
  }

  async gotoHome() {
    await this.page.goto("/");
    await expect(this.list).toBeVisible();
  }

  async open(title: string) {
    await this.list.getByRole("link", { name: new RegExp(`^${title}`) }).first().click();
    await expect(this.log).toBeVisible();
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
    await expect(this.message(text)).toBeVisible();
  }

  /** A message in the open conversation, by its visible text. */
  message(text: string): Locator {
    return this.log.getByRole("article").filter({ hasText: text });
  }
}
