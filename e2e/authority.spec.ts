import { type Browser, type BrowserContext } from "@playwright/test";
import { httpStatusOf, trpcFor } from "./api";
import { expect, test, unique } from "./fixtures";
import { SignInPage } from "./pages/sign-in-page";

/**
 * Issue 11 against the production build: sessions end on the server, not only in the browser.
 * Each test signs up its own account, because ending a seeded user's sessions would sign out the
 * stored states the other specs use.
 */
async function freshAccount(browser: Browser) {
  const name = unique("Authority");
  const email = `${name.replace(/\W+/g, "-").toLowerCase()}@example.com`;
  const password = "a long enough password";
  const context = await browser.newContext();
  const page = await context.newPage();
  await trpcFor(page).user.signUp.mutate({ name, email, password });
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, password);
  await expect(page).toHaveURL(/\/$/);
  const me = await trpcFor(page).user.me.query();
  return { name, context, page, id: me.id };
}

/** Another device holding a copy of the same session cookie. */
async function copyOfCookie(browser: Browser, from: BrowserContext) {
  const other = await browser.newContext();
  await other.addCookies(await from.cookies());
  return other;
}

async function statuses(context: BrowserContext, userId: string) {
  const api = trpcFor(context);
  const form = (path: string, body: string) =>
    context.request.post(path, { headers: { "content-type": "application/x-www-form-urlencoded" }, data: body });
  return {
    me: await httpStatusOf(api.user.me.query()),
    list: await httpStatusOf(api.conversation.list.query({})),
    channelAuth: (await form("/api/pusher/auth", `socket_id=123.456&channel_name=private-user-${userId}`)).status(),
    userAuth: (await form("/api/pusher/user-auth", "socket_id=123.456")).status(),
  };
}

for (const button of ["Sign out", "Sign out everywhere"]) {
  test(`"${button}" ends the session on the server: a copied cookie gets 401 from the API and realtime auth`, async ({
    browser,
  }) => {
    const account = await freshAccount(browser);
    const laptop = await copyOfCookie(browser, account.context);
    expect(await statuses(laptop, account.id)).toEqual({ me: 200, list: 200, channelAuth: 200, userAuth: 200 });

    await account.page.getByRole("button", { name: account.name }).click();
    await account.page.getByRole("button", { name: button, exact: true }).click();
    await expect(account.page).toHaveURL(/\/sign-in/);

    expect(await statuses(laptop, account.id)).toEqual({ me: 401, list: 401, channelAuth: 401, userAuth: 401 });
    // The chat page sends the ended session to sign in instead of rendering an empty shell.
    const page = await laptop.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await laptop.close();
    await account.context.close();
  });
}

test("the sign-in and sign-up forms post, and a password in a query string is refused", async ({ page }) => {
  for (const path of ["/sign-in", "/sign-up"]) {
    await page.goto(path);
    await expect(page.locator("form")).toHaveAttribute("method", "post");
  }
  const res = await page.request.get("/sign-in?email=alice%40example.com&password=recall-demo");
  expect(res.status()).toBe(400);
  expect(await res.text()).toContain("must be sent in the body of a POST request");
  expect((await page.request.get("/api/auth/callback/credentials?password=x")).status()).toBe(400);
});
