import { expect, type Page } from "@playwright/test";

/**
 * tRPC over HTTP from a signed-in page's context (its session cookie), superjson-wrapped the way
 * the app's client sends it: `{"json": input}`.
 */
export async function trpcMutation<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.ok(), `${path} → ${res.status()} ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcQuery<T = unknown>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${path} → ${res.status()} ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function conversationId(page: Page, title: string): Promise<string> {
  const list = await trpcQuery<{ items: { id: string; title: string }[] }>(page, "conversation.list", {});
  const found = list.items.find((c) => c.title === title);
  expect(found, `conversation ${title}`).toBeTruthy();
  return found!.id;
}

/** The id of the newest message with this exact text in the conversation. */
export async function messageId(page: Page, conversation: string, text: string): Promise<string> {
  const history = await trpcQuery<{ messages: { id: string; body: string | null }[] }>(page, "message.history", {
    conversationId: conversation,
    limit: 50,
  });
  const found = history.messages.filter((m) => m.body === text).at(-1);
  expect(found, `message "${text}"`).toBeTruthy();
  return found!.id;
}
