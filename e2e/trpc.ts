import { expect, type Page } from "@playwright/test";

/**
 * Calls a tRPC procedure over HTTP with the page's session cookie, the way a modified client
 * would: used to set up state quickly and to prove the server refuses what the UI hides.
 */
export async function callTrpc(page: Page, path: string, input: unknown, kind: "query" | "mutation" = "mutation") {
  const res =
    kind === "query"
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  const body = (await res.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string; data: { appCode: string | null } } };
  };
  return { status: res.status(), data: body.result?.data.json, error: body.error?.json };
}

/** Like callTrpc but the call must succeed. */
export async function trpcOk<T>(
  page: Page,
  path: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation",
): Promise<T> {
  const r = await callTrpc(page, path, input, kind);
  expect(r.error, `${path} failed: ${r.error?.message}`).toBeUndefined();
  return r.data as T;
}

export async function userId(page: Page, name: string): Promise<string> {
  const found = await trpcOk<{ id: string; name: string }[]>(page, "user.search", { query: name }, "query");
  const user = found.find((u) => u.name === name);
  expect(user, `user ${name}`).toBeTruthy();
  return user!.id;
}

/** A fresh group owned by the page's user, so tests never depend on each other's messages. */
export async function createGroup(page: Page, title: string, memberNames: string[]): Promise<string> {
  const memberIds = await Promise.all(memberNames.map((n) => userId(page, n)));
  const { id } = await trpcOk<{ id: string }>(page, "conversation.createGroup", { title, memberIds });
  return id;
}
