import { expect, type Locator, type Page } from "@playwright/test";

/** Pick a person or conversation in the console's combobox pickers. */
export async function pick(page: Page, label: string, search: string, option: RegExp) {
  const box = page.getByRole("combobox", { name: label });
  await box.fill(search);
  await page.getByRole("option", { name: option }).first().click();
  await expect(page.getByRole("group", { name: label })).toContainText(option);
}

/** /admin/recalled: filters (kept in the URL) and the table. */
export class AdminReviewPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Recalled messages" });
  }

  async goto(query = "") {
    await this.page.goto(`/admin/recalled${query}`);
    await expect(this.page.getByRole("heading", { name: "Recalled messages", exact: true })).toBeVisible();
  }

  async filterBySender(name: string) {
    await pick(this.page, "Sender", name, new RegExp(`^${name}`));
    await expect(this.page).toHaveURL(/[?&]sender=/);
  }

  async filterByReason(text: string) {
    await this.page.getByRole("searchbox", { name: "Reason contains" }).fill(text);
    await expect(this.page).toHaveURL(
      new RegExp(`[?&]reason=${encodeURIComponent(text).replace(/%20/g, "(\\+|%20)")}`),
    );
  }

  /** Data rows only (the header row has no cells). */
  rows(): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("cell") });
  }

  /** The header row of the rows one recall action (a bulk recall) took back together. */
  group(sender: string): Locator {
    return this.table.getByRole("row").filter({
      has: this.page.getByRole("checkbox", {
        name: new RegExp(`^Select all \\d+\\+? messages from ${sender}, recalled together`),
      }),
    });
  }

  async markSelectedReviewed(count: number) {
    await this.page.getByRole("button", { name: `Mark ${count} selected reviewed` }).click();
    await expect(this.page.getByRole("status").filter({ hasText: `${count} messages marked reviewed.` })).toBeVisible();
  }

  async openOnly() {
    await expect(this.rows()).toHaveCount(1);
    await this.rows()
      .getByRole("link", { name: /^Open the message from/ })
      .click();
    await expect(this.page).toHaveURL(/\/admin\/recalled\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole("heading", { name: "Recalled message", exact: true })).toBeVisible();
  }
}

/** The recalled-record page's card with the audited "Show original". */
const ORIGINAL_CARD = "Original text";

/** /admin/recalled/[id]. */
export class AdminDetailPage {
  /** "In the conversation, as members see it". */
  readonly preview: Locator;
  /** The state badge beside the page's heading. */
  readonly stateBadge: Locator;
  /** "Audit trail of this message". */
  readonly trail: Locator;
  constructor(readonly page: Page) {
    this.preview = page.getByRole("region", { name: "In the conversation, as members see it" });
    this.stateBadge = page.getByTestId("record-state");
    this.trail = page.getByRole("region", { name: "Audit trail of this message" });
  }

  get id(): string {
    return new URL(this.page.url()).pathname.split("/").at(-1)!;
  }

  async showOriginal(expected: string) {
    // The original's own card: the edit history beside it is audited (and says so) too.
    const card = this.page.getByRole("region", { name: ORIGINAL_CARD });
    await expect(card.getByText("Viewing is recorded in the audit log.")).toBeVisible();
    await card.getByRole("button", { name: "Show original" }).click();
    await expect(card.getByRole("blockquote")).toHaveText(expected);
  }

  async restore() {
    await this.page.getByRole("button", { name: "Restore", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Restore this message?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Restore message" }).click();
    await expect(dialog).toBeHidden();
    await expect(
      this.page.getByRole("status").filter({ hasText: "Restored. Members see the message again." }),
    ).toBeVisible();
  }
}

/** /admin/audit. */
export class AdminAuditPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Audit log entries" });
  }

  async goto(query = "") {
    await this.page.goto(`/admin/audit${query}`);
    await expect(this.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  }

  entries(action: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("cell", { name: action, exact: true }) });
  }
}

/** /admin/settings: the global recall rules. */
export class AdminSettingsPage {
  readonly window: Locator;
  constructor(readonly page: Page) {
    this.window = page.getByRole("spinbutton", { name: "Recall window for senders (seconds)" });
  }

  async goto() {
    await this.page.goto("/admin/settings");
    await expect(this.page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  }

  async setWindow(value: string) {
    await this.window.fill(value);
    await this.page.getByRole("button", { name: "Save", exact: true }).click();
  }
}

/** /admin/bulk. */
export class AdminBulkPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/admin/bulk");
    await expect(this.page.getByRole("heading", { name: "Bulk recall" })).toBeVisible();
  }

  /** Local "now minus `minutes`" for a datetime-local input, computed in the browser's time zone. */
  async sentFrom(minutesAgo: number) {
    const value = await this.page.evaluate((m) => {
      const d = new Date(Date.now() - m * 60_000);
      const pad = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, minutesAgo);
    await this.page.getByLabel("Sent from").fill(value);
  }
}
