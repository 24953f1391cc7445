import { type APIRequestContext, type Browser } from "@playwright/test";
import { expectRefused, trpcFor } from "./api";
import { expect, test, unique } from "./fixtures";
import { SignInPage } from "./pages/sign-in-page";
import { METRICS_TOKEN } from "./users";

test("health: liveness and readiness answer with proper status codes", async ({ request }) => {
  const live = await request.get("/api/health");
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/health/ready");
  const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean; detail: string }> };
  expect(ready.status(), JSON.stringify(body)).toBe(200);
  expect(body.status).toBe("ready");
  expect(Object.keys(body.checks).sort()).toEqual(["database", "migrations", "outbox", "realtime"]);
  expect(body.checks.realtime).toEqual({ ok: true, detail: "realtime service answers" });
});

test("metrics: refused without the token, Prometheus text with it", async ({ request, as }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect(
    (await request.get("/api/metrics", { headers: { Authorization: "Bearer wrong-token-wrong-token-1" } })).status(),
  ).toBe(401);
  const scrape = async () => {
    const res = await request.get("/api/metrics", { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/plain");
    return res.text();
  };
  // A signed-in page holds a WebSocket on the embedded realtime server.
  const alice = await as("alice");
  await alice.gotoHome();
  await expect
    .poll(async () => /^recall_realtime_connections [1-9]\d*$/m.test(await scrape()), { timeout: 5_000 })
    .toBe(true);
  const text = await scrape();
  expect(text).toMatch(/^recall_trpc_requests_total\{procedure="[a-z.A-Z]+",status="OK"\} \d+$/m);
  expect(text).toMatch(/^recall_trpc_request_duration_seconds_count\{procedure="[a-z.A-Z]+"\} \d+$/m);
  expect(text).toMatch(/^recall_outbox_lag_seconds \d+(\.\d+)?$/m);
  expect(text).toMatch(/^recall_realtime_connections [1-9]\d*$/m);
  expect(text).toMatch(/^recall_realtime_channels \d+$/m);
  expect(text).toContain("# TYPE recall_realtime_publish_failures_total counter");
});

async function signUp(request: APIRequestContext, name: string) {
  const email = `${name.toLowerCase().replaceAll(" ", "-")}@ops.test`;
  // Sign-up answers the same whether or not the email was new (#11), so it carries no id.
  await trpcFor(request).user.signUp.mutate({ name, email, password: "ops-e2e-password" });
  return { name, email, password: "ops-e2e-password" };
}

async function signedIn(browser: Browser, user: { email: string; password: string }) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user.email, user.password);
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}

test("an admin promotes one user and disables another: the promoted user reaches the console, the disabled one is out at once, all audited", async ({
  as,
  browser,
  request,
}) => {
  const promoted = await signUp(request, unique("Promoted"));
  const disabled = await signUp(request, unique("Disabled"));
  const victimPage = await signedIn(browser, disabled);
  // Answers (200) while the account is active.
  await trpcFor(victimPage).user.me.query();

  const admin = await as("admin");
  const idOf = async (user: { email: string }) =>
    (await trpcFor(admin.page).admin.users.list.query({ query: user.email }))[0]!.id;
  const ids = { promoted: await idOf(promoted), disabled: await idOf(disabled) };
  await admin.page.goto("/admin/users");
  await admin.page.getByLabel("Search by name or email").fill(promoted.name);
  await admin.page.getByRole("button", { name: `Make admin: ${promoted.name}` }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Make admin" }).click();
  await expect(admin.page.getByText("Saved. The change is in the audit log.")).toBeVisible();

  await admin.page.getByLabel("Search by name or email").fill(disabled.name);
  await admin.page.getByRole("button", { name: `Disable: ${disabled.name}` }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Disable" }).click();
  await expect(
    admin.page.getByRole("row", { name: new RegExp(disabled.name) }).getByText("Disabled", { exact: true }),
  ).toBeVisible();

  // The disabled user's open session ends on its very next call (the authority change, #11).
  await expectRefused(trpcFor(victimPage).user.me.query(), { httpStatus: 401 });
  // And signing in again is refused.
  const again = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await again.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(disabled.email, disabled.password);
  await expect(page).toHaveURL(/sign-in/);
  await expect(page.getByRole("alert")).toBeVisible();
  await again.close();

  const promotedPage = await signedIn(browser, promoted);
  await promotedPage.goto("/admin/users");
  await expect(promotedPage.getByRole("heading", { name: "Users" })).toBeVisible();

  const audit = await trpcFor(admin.page).admin.audit.list.query({});
  const mine = audit.items
    .filter((e) => e.targetUserId === ids.promoted || e.targetUserId === ids.disabled)
    .map((e) => e.action);
  expect(mine.sort()).toEqual(["user_disable", "user_role_change"]);
  await victimPage.context().close();
  await promotedPage.context().close();
});
