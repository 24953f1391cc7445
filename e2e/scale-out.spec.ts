import { expect, test, unique } from "./fixtures";
import { ConversationPage } from "./pages/conversation-page";
import { createGroup } from "./trpc";

const second = process.env.E2E_SECOND_URL;

test("a recall made through instance A reaches a client whose page came from instance B", async ({ as }) => {
  test.skip(!second, "needs a second app instance: run with DATABASE_URL (it is started automatically then)");
  const alice = await as("alice");
  await alice.gotoHome();
  const title = unique("Two instances");
  await createGroup(alice.page, title, ["Bob"]);

  const bobContext = await as("bob");
  const bob = new ConversationPage(bobContext.page);
  await bob.page.goto(`${second}/`);
  await bob.open(title);
  expect(new URL(bob.page.url()).port).toBe(new URL(second!).port);

  await alice.page.reload();
  await alice.open(title);
  const text = unique("cross-instance");
  await alice.send(text);
  await expect(bob.message(text)).toBeVisible({ timeout: 2_000 });
  await alice.openMenu(text);
  await alice.menuItem(/^Recall/).click();
  await expect(bob.tip("Alice recalled a message")).toBeVisible({ timeout: 2_000 });
});
