import { type APIRequestContext, type Locator } from "@playwright/test";
import sharp from "sharp";
import { adminAttachmentUrl, attachmentUrl } from "~/server/attachments/view";
import { CAMERA_EXIF, still, TRACES } from "../test/image-fixtures";
import { createGroup, trpcFor } from "./api";
import { expect, test, unique } from "./fixtures";
import { AdminAuditPage, AdminDetailPage, AdminReviewPage, pick } from "./pages/admin-console";
import { type ConversationPage } from "./pages/conversation-page";

// Issue 19: images and files in messages, in real browsers for the sender, a member and an admin,
// with the realtime server between them and every file fetched through the access-checked routes.

/** A file name that is unique per run and has no spaces (unique() puts one before its suffix). */
const fileName = (label: string, extension: string) => `${unique(label).replace(" ", "-")}.${extension}`;

/** Resolves once the <img> has loaded real pixels (a broken or 404 image has naturalWidth 0). */
async function expectLoaded(img: Locator, timeout = 5_000) {
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)), { timeout })
    .toBeGreaterThan(0);
}

/**
 * Fetches `url` until it answers 404: the milliseconds since `since`, and how many fetches it took.
 * Every answer before that must be the file (200); a URL still served after `giveUpMs` fails the test.
 */
async function until404(request: APIRequestContext, url: string, since: number, giveUpMs = 5_000) {
  for (let fetches = 1; ; fetches++) {
    const res = await request.get(url);
    const status = res.status();
    await res.dispose();
    const ms = Date.now() - since;
    if (status === 404) return { ms, fetches };
    expect(status, `${url} before it is gone`).toBe(200);
    expect(ms, `${url} still served ${ms} ms after the recall returned`).toBeLessThan(giveUpMs);
  }
}

/** Alice and Bob in a fresh group, both with it open. */
async function aliceAndBob(as: (role: "alice" | "bob") => Promise<ConversationPage>, label: string) {
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique(label);
  const conversationId = await createGroup(alice.page, title, ["Bob"]);
  const bob = await as("bob");
  await bob.gotoHome();
  await bob.open(title);
  await alice.page.reload();
  await alice.open(title);
  return { alice, bob, title, conversationId };
}

test("alice sends a photo with a caption; bob sees it live and in the lightbox, served privately and without EXIF; her recall makes every URL 404 within 1 s; the admin sees the original (audited)", async ({
  as,
}, info) => {
  // Three people, an upload, a recall and the admin console: each step keeps its own budget.
  test.setTimeout(120_000);
  const { alice, bob, title } = await aliceAndBob(as, "Photos");

  const photo = await still(400, 300, "jpeg").withExif(CAMERA_EXIF).toBuffer();
  expect(photo.includes("WGS-84-SECRET"), "the test photo carries GPS EXIF").toBe(true);
  const name = fileName("pier", "jpg");
  const caption = unique("the view from the pier");
  const sendButton = alice.page.getByRole("button", { name: "Send", exact: true });

  // The upload is held at the door for a moment, so its progress can be seen and Send waits for it.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const isUpload = (url: URL) => url.pathname === "/api/attachments";
  await alice.page.route(isUpload, async (route) => {
    await held;
    await route.continue();
  });
  await alice.attach({ name, mimeType: "image/jpeg", buffer: photo });
  const chip = alice.chips.filter({ hasText: name });
  await expect(chip).toHaveAttribute("data-status", "uploading");
  await expect(chip.getByRole("progressbar", { name: /^Uploading… \d+%$/ })).toBeVisible();
  await expect(chip.getByRole("img")).toHaveCount(0); // the preview is decorative (alt="")
  await alice.composer.fill(caption);
  await expect(sendButton).toBeDisabled();
  release();
  // Sharp decodes and re-encodes the photo: allow for a loaded machine.
  await expect(chip).toHaveAttribute("data-status", "done", { timeout: 10_000 });
  await expect(chip.getByRole("progressbar")).toHaveCount(0);
  await alice.page.unroute(isUpload);
  await expect(sendButton).toBeEnabled();
  await alice.composer.press("Enter");
  await expect(alice.chips).toHaveCount(0);
  const sent = alice.withFiles(caption);
  await expect(sent).toHaveAttribute("data-message-id", /^[0-9a-f-]{36}$/);
  const messageId = (await sent.getAttribute("data-message-id"))!;

  // Bob: the photo arrives live, loads, and carries the caption (as its alt text too).
  const received = bob.withFiles(caption);
  await expect(received).toBeVisible({ timeout: 5_000 });
  await expect(received).toContainText(caption);
  const thumbnail = received.getByTestId("message-image");
  await expect(thumbnail).toHaveAttribute("alt", caption);
  await expectLoaded(thumbnail);

  // The lightbox: opened by a click and by Enter, closed by Escape, focus back on the thumbnail.
  const opener = received.getByRole("button", { name: caption, exact: true });
  const lightbox = bob.page.getByTestId("lightbox");
  await opener.click();
  await expect(bob.page.getByRole("dialog", { name: caption })).toBeVisible();
  const large = lightbox.getByRole("img", { name: caption });
  await expectLoaded(large);
  const displayUrl = await large.getAttribute("src");
  await bob.page.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();
  await expect(opener).toBeFocused();
  await opener.focus();
  await bob.page.keyboard.press("Enter");
  await expect(lightbox).toBeVisible();
  await expectLoaded(large);
  await bob.page.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();
  await expect(opener).toBeFocused();

  // The URLs Bob's page uses: the member route, nothing else.
  const thumbUrl = await thumbnail.getAttribute("src");
  const attachmentId = thumbUrl?.split("/")[3] ?? "";
  expect(thumbUrl).toBe(attachmentUrl(attachmentId, "thumb"));
  expect(displayUrl).toBe(attachmentUrl(attachmentId, "display"));
  const urls = [attachmentUrl(attachmentId, "thumb"), attachmentUrl(attachmentId, "display")];
  for (const url of urls) {
    const res = await bob.page.request.get(url);
    expect(res.status(), url).toBe(200);
    const headers = res.headers();
    expect(headers["cache-control"], url).toBe("private, no-store");
    expect(headers["x-content-type-options"], url).toBe("nosniff");
    expect(headers["content-type"], url).toBe("image/jpeg");
    const body = await res.body();
    // Re-encoded without metadata: no location, no camera, no EXIF block at all.
    for (const trace of TRACES) expect(body.includes(trace), `${url} contains ${JSON.stringify(trace)}`).toBe(false);
    expect((await sharp(body).metadata()).exif, url).toBeUndefined();
  }
  const display = await sharp(await (await bob.page.request.get(urls[1]!)).body()).metadata();
  expect([display.width, display.height]).toEqual([400, 300]);

  // Bob has the photo open in the lightbox when Alice recalls it. From the moment her request returns, every URL of the photo is a 404, for Bob and for her.
  await opener.click();
  await expectLoaded(large);
  await alice.openMenu(sent);
  const recallAnswer = alice.page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().includes("/api/trpc/") && r.url().includes("message.recall"),
  );
  const clicked = Date.now();
  await alice.menuItem(/^Recall/).click();
  const answer = await recallAnswer;
  await answer.finished();
  const returned = Date.now();
  expect(answer.status()).toBe(200);
  const gone = await Promise.all(
    (["bob", "alice"] as const).flatMap((who) =>
      urls.map(async (url) => ({
        what: `${who} ${url.split("/").at(-1)}`,
        ...(await until404((who === "bob" ? bob : alice).page.request, url, returned)),
      })),
    ),
  );
  const timings = `recall answered ${returned - clicked} ms after the click; 404 after: ${gone
    .map((g) => `${g.what} ${g.ms} ms (${g.fetches} fetch${g.fetches === 1 ? "" : "es"})`)
    .join(", ")}`;
  info.annotations.push({ type: "recall→404", description: timings });
  console.log(`[attachments] ${timings}`);
  for (const g of gone) expect(g.ms, g.what).toBeLessThan(1_000);
  // The image variant "file" (the display size) too: the same check.
  expect((await bob.page.request.get(attachmentUrl(attachmentId, "file"))).status()).toBe(404);

  await expect(alice.tip("You recalled a message")).toBeVisible();
  await expect(bob.tip("Alice recalled a message")).toBeVisible({ timeout: 5_000 });
  // The lightbox closes with it: no <img> of the photo is left anywhere in his page.
  await expect(lightbox).toBeHidden();
  // Its thumbnail is gone, so focus goes to the message's row, not to the page.
  await expect.poll(() => bob.log.evaluate((log) => log.contains(document.activeElement))).toBe(true);
  await expect(bob.page.locator(`img[src*="${attachmentId}"]`)).toHaveCount(0);
  await expect(bob.log.getByTestId("message-image")).toHaveCount(0);
  await expect(bob.log).not.toContainText(caption);
  // No node of Bob's page names the photo any more: not its URL, not its file name.
  const bobHtml = await bob.page.content();
  expect(bobHtml).not.toContain(attachmentId);
  expect(bobHtml).not.toContain(name);

  // The admin: recalled messages → this one → Show original (audited): the photo, through the admin route.
  const admin = await as("admin");
  const review = new AdminReviewPage(admin.page);
  await review.goto();
  await pick(admin.page, "Conversation", title, new RegExp(`^${title}`));
  await expect(admin.page).toHaveURL(/[?&]conversation=/);
  await review.openOnly();
  const detail = new AdminDetailPage(admin.page);
  expect(detail.id).toBe(messageId);
  await detail.showOriginal(caption);
  const original = admin.page.getByRole("region", { name: "Original text" });
  const originalImage = original.getByRole("img", { name });
  await expect(originalImage).toHaveAttribute("src", adminAttachmentUrl(attachmentId, "thumb"));
  await expectLoaded(originalImage);
  await expect(original.getByRole("link", { name: `Open ${name} in a new tab` })).toHaveAttribute(
    "href",
    adminAttachmentUrl(attachmentId, "display"),
  );
  // The page's own audit trail shows the look, without a reload.
  await expect(detail.trail.getByRole("cell", { name: "Viewed attachment", exact: true }).first()).toBeVisible();
  // Members still get nothing: the admin's look does not reopen the member route.
  expect((await bob.page.request.get(urls[0]!)).status()).toBe(404);

  const audit = new AdminAuditPage(admin.page);
  await audit.goto(`?target=${messageId}`);
  await expect(audit.entries("Viewed original")).toHaveCount(1);
  const viewed = audit.entries("Viewed attachment");
  await expect(viewed.first()).toBeVisible();
  await expect(viewed.first()).toContainText(/Admin viewed an attachment of Alice’s message/);
});

test("a text file goes as a download: bob sees its name and size, and both the link and the response say download", async ({
  as,
}) => {
  const { alice, bob } = await aliceAndBob(as, "Files");
  const name = fileName("agenda", "txt");
  const text = "Agenda\n1. budget\n2. the pier photos\n";
  const bytes = Buffer.from(text, "utf8");

  await alice.attach({ name, mimeType: "text/plain", buffer: bytes });
  const chip = alice.chips.filter({ hasText: name });
  await expect(chip).toHaveAttribute("data-status", "done");
  await expect(chip).toContainText(`${bytes.length} B`);
  // A file alone is a message: Enter in the empty composer sends it.
  await alice.composer.press("Enter");
  await expect(alice.message(name)).toHaveAttribute("data-message-id", /^[0-9a-f-]{36}$/);

  const file = bob.message(name).getByTestId("message-file");
  await expect(file).toBeVisible({ timeout: 5_000 });
  await expect(file).toContainText(name);
  await expect(file).toContainText(`${bytes.length} B · Text`);
  await expect(file).toHaveAccessibleName(`Download ${name} (Text, ${bytes.length} B)`);
  await expect(file).toHaveAttribute("download", name);
  const href = (await file.getAttribute("href"))!;
  expect(href).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}\/file$/);

  const res = await bob.page.request.get(href);
  expect(res.status()).toBe(200);
  const headers = res.headers();
  expect(headers["content-disposition"]).toMatch(new RegExp(`^attachment; filename="${name}"`));
  expect(headers["content-type"]).toBe("text/plain; charset=utf-8");
  expect(headers["cache-control"]).toBe("private, no-store");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(await res.text()).toBe(text);

  // And in the browser, a click downloads it under its name.
  const download = bob.page.waitForEvent("download");
  await file.click();
  expect((await download).suggestedFilename()).toBe(name);
});

test("a renamed program is refused: the chip says why, and nothing of it is sent", async ({ as }) => {
  const { alice, bob, conversationId } = await aliceAndBob(as, "Refused");
  // A Windows program's first bytes ("MZ", then the DOS header), named and typed as a PNG.
  const program = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), Buffer.alloc(504)]);

  await alice.attach({ name: "photo.png", mimeType: "image/png", buffer: program });
  const chip = alice.chips.filter({ hasText: "photo.png" });
  await expect(chip).toHaveAttribute("data-status", "failed");
  await expect(chip.getByRole("alert")).toHaveText("Programs and scripts cannot be sent.");
  // Named .png, but no picture: the chip shows the file icon, not a broken image.
  await expect(chip.locator("img")).toHaveCount(0);
  // Nothing to retry (the file itself is the problem); it can only be removed.
  await expect(chip.getByRole("button", { name: "Retry uploading photo.png" })).toHaveCount(0);
  await expect(chip.getByRole("button", { name: "Remove photo.png" })).toBeVisible();
  // A refused file alone is nothing to send.
  await expect(alice.page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await alice.composer.press("Enter");
  await expect(chip).toHaveAttribute("data-status", "failed");

  // Text written beside it goes alone: the refused file is left out.
  const after = unique("sending the text only");
  await alice.send(after);
  await expect(alice.chips).toHaveCount(0);
  await expect(bob.message(after)).toBeVisible({ timeout: 5_000 });
  const ownMessages = bob.log.getByRole("article", { name: /^Alice: / });
  await expect(ownMessages).toHaveCount(1);
  await expect(bob.log.getByTestId("message-image")).toHaveCount(0);
  await expect(bob.log.getByTestId("message-file")).toHaveCount(0);
  await expect(bob.log).not.toContainText("photo.png");

  const history = await trpcFor(bob.page).message.history.query({ conversationId, limit: 50 });
  const sent = history.messages.filter((m) => m.kind !== "system");
  expect(sent.map((m) => [m.body, m.attachments.length])).toEqual([[after, 0]]);
});
