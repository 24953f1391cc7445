import { expect, type Locator, type Page } from "@playwright/test";

/** A file to attach, as the file chooser takes it. */
export interface FileToAttach {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The chat screen: conversation list on the left, the open conversation on the right. */
export class ConversationPage {
  readonly list: Locator;
  readonly log: Locator;
  readonly composer: Locator;
  /** The files attached to the message being written (each has data-status: uploading, done, failed). */
  readonly chips: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole("navigation", { name: "Conversations" });
    this.log = page.getByRole("log", { name: "Messages" });
    this.composer = page.getByRole("textbox", { name: "Message" });
    this.chips = page.getByTestId("attachment-chip");
  }

  async gotoHome() {
    await this.page.goto("/");
    // The nav shows a skeleton at once and the rows when the first query answers; on a busy CI
    // machine that can take a while, and budgets that follow (a row within 2 s) must not include it.
    await expect(this.list).toHaveAttribute("aria-busy", "false", { timeout: 15_000 });
  }

  async open(title: string) {
    await this.conversationLink(title).click();
    await expect(this.log).toBeVisible();
  }

  async send(text: string) {
    await this.composer.fill(text);
    await this.composer.press("Enter");
    // Shown at once as pending; confirmed when the server's copy (with its id) replaces it.
    await expect(this.message(text)).toHaveAttribute("data-message-id", /.+/);
  }

  conversationLink(title: string): Locator {
    return this.list.getByRole("link", { name: new RegExp(`^${title}`) }).first();
  }

  /** A one-line row (a recall tip or a system line such as a role change), by its exact text. */
  tip(text: string): Locator {
    return this.log.getByRole("article", { name: text, exact: true });
  }

  /** Attaches files the way a person does: the paperclip, then the file chooser. */
  async attach(...files: FileToAttach[]) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.page.getByTestId("attach-button").click();
    await (await chooser).setFiles(files);
  }

  /** Opens the actions menu of a message (by its text, or a located one) through its visible "…" button. */
  async openMenu(text: string | Locator) {
    const message = typeof text === "string" ? this.message(text) : text;
    await message.hover();
    await message.getByRole("button", { name: "Message actions" }).click();
    await expect(this.page.getByRole("menu", { name: "Message actions" })).toBeVisible();
  }

  menuItem(name: RegExp): Locator {
    return this.page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name });
  }

  async replyTo(text: string, reply: string) {
    await this.openMenu(text);
    await this.menuItem(/^Reply$/).click();
    await this.send(reply);
  }

  /** A message in the open conversation, by its visible text (an edited one's name ends "(edited)"). */
  message(text: string): Locator {
    return this.log.getByRole("article", { name: new RegExp(`: ${escapeRegExp(text)}( \\(edited\\))?$`) });
  }

  /** A message sent with files, by its caption: its name reads "Alice: Photo · caption" (or a file's name). */
  withFiles(caption: string): Locator {
    return this.log.getByRole("article", { name: new RegExp(`: .+ · ${escapeRegExp(caption)}( \\(edited\\))?$`) });
  }
}
