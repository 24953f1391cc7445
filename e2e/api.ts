import { type APIRequestContext, expect } from "@playwright/test";
import { type AppErrorCode } from "~/server/errors";
import { type AppClient, refusalOf, type Refusal, toResponse, trpcClient, type TrpcFetch } from "../test/trpc-client";

/** A Page or BrowserContext (its session cookie comes along), or a bare APIRequestContext. */
export type ApiOwner = { request: APIRequestContext } | APIRequestContext;

/**
 * The app's procedures, typed, over Playwright's request context, the way a modified client would
 * call: used to set up state quickly and to prove the server refuses what the UI hides. `headers`
 * forge what a hostile client would send; `batch` puts concurrent calls into one request.
 */
export function trpcFor(
  owner: ApiOwner,
  options: { headers?: Record<string, string>; batch?: boolean | number } = {},
): AppClient {
  // An APIRequestContext fetches itself; a Page or BrowserContext through its `request`.
  const request = "fetch" in owner ? owner : owner.request;
  return trpcClient({ url: "/api/trpc", fetch: playwrightFetch(request), ...options });
}

/** tRPC's fetch over Playwright's request context, which resolves the relative URL against baseURL. */
function playwrightFetch(request: APIRequestContext): TrpcFetch {
  return async (input, init) => {
    const url = typeof input === "string" || input instanceof URL ? input.toString() : input.url;
    const body = init?.body ?? undefined;
    if (body !== undefined && typeof body !== "string") throw new Error("tRPC's JSON link sends string bodies only");
    const res = await request.fetch(url, {
      method: init?.method ?? "GET",
      headers: Object.fromEntries(new Headers(init?.headers)),
      data: body,
    });
    const headers = res.headersArray().map(({ name, value }): [string, string] => [name, value]);
    return toResponse(res.status(), headers, await res.body());
  };
}

/**
 * Awaits a call that the server must refuse and checks how: the HTTP status, and the app code and
 * message when given. A call that succeeds, or fails without an answer from the server, fails the test.
 */
export async function expectRefused(
  call: Promise<unknown>,
  expected: { httpStatus: number; appCode?: AppErrorCode | null; message?: string | RegExp },
): Promise<Refusal> {
  let failure: unknown;
  let succeeded = false;
  try {
    await call;
    succeeded = true;
  } catch (error) {
    failure = error;
  }
  expect(succeeded, "expected the server to refuse the call, but it succeeded").toBe(false);
  const refusal = refusalOf(failure);
  expect(refusal, `expected a tRPC refusal, got: ${String(failure)}`).not.toBeNull();
  const r = refusal!;
  expect(r.httpStatus, r.message).toBe(expected.httpStatus);
  if (expected.appCode !== undefined) expect(r.appCode, r.message).toBe(expected.appCode);
  if (typeof expected.message === "string") expect(r.message).toBe(expected.message);
  else if (expected.message) expect(r.message).toMatch(expected.message);
  return r;
}

/** The HTTP status a call was answered with: 200 when it succeeded, else its refusal's (an unanswered call fails the test). */
export async function httpStatusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const status = refusalOf(error)?.httpStatus;
    expect(status, `expected an HTTP answer, got: ${String(error)}`).toBeTruthy();
    return status!;
  }
}

export async function userId(owner: ApiOwner, name: string): Promise<string> {
  const found = await trpcFor(owner).user.search.query({ query: name });
  const user = found.find((u) => u.name === name);
  expect(user, `user ${name}`).toBeTruthy();
  return user!.id;
}

/** A fresh group owned by the caller, so tests never depend on each other's messages. */
export async function createGroup(owner: ApiOwner, title: string, memberNames: string[]): Promise<string> {
  const memberIds = await Promise.all(memberNames.map((n) => userId(owner, n)));
  const { id } = await trpcFor(owner).conversation.createGroup.mutate({ title, memberIds });
  return id;
}

export async function conversationId(owner: ApiOwner, title: string): Promise<string> {
  const list = await trpcFor(owner).conversation.list.query({});
  const found = list.items.find((c) => c.title === title);
  expect(found, `conversation ${title}`).toBeTruthy();
  return found!.id;
}

/** The id of the newest message with this exact text in the conversation. */
export async function messageId(owner: ApiOwner, conversation: string, text: string): Promise<string> {
  const history = await trpcFor(owner).message.history.query({ conversationId: conversation, limit: 50 });
  const found = history.messages.filter((m) => m.body === text).at(-1);
  expect(found, `message "${text}"`).toBeTruthy();
  return found!.id;
}
