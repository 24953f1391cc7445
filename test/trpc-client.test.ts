import http from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRefusal, keepAliveFetch, refusalOf, toResponse, trpcClient, type TrpcFetch } from "./trpc-client";

/** A fetch that answers every call with `answer` and records what was sent. */
function recording(answer: { status: number; body: unknown }) {
  const sent: { url: string; method: string; body: string | undefined; headers: Headers }[] = [];
  const fetch: TrpcFetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? "GET",
      body: typeof init?.body === "string" ? init.body : undefined,
      headers: new Headers(init?.headers),
    });
    const headers: [string, string][] = [["content-type", "application/json"]];
    return toResponse(answer.status, headers, Buffer.from(JSON.stringify(answer.body)));
  };
  return { fetch, sent };
}

const forbidden = {
  error: {
    json: {
      message: "Messages can only be recalled within 10 seconds of sending.",
      code: -32003,
      data: { code: "FORBIDDEN", httpStatus: 403, appCode: "WINDOW_EXPIRED", path: "message.recall" },
    },
  },
};

describe("the typed tRPC client", () => {
  it("sends queries as GET with a superjson ?input= and mutations as a POST body, one request per call", async () => {
    const { fetch, sent } = recording({ status: 200, body: { result: { data: { json: { id: "m1" } } } } });
    const api = trpcClient({ url: "http://app.test/api/trpc", fetch, headers: { cookie: "s=1" } });
    await api.sync.changes.query({ conversationId: "c1", afterVersion: 3, limit: 5 });
    const sentMessage = await api.message.send.mutate({ conversationId: "c1", clientMsgId: "x", body: "hi" });
    expect(sentMessage.id).toBe("m1");
    expect(sent).toHaveLength(2);
    const [query, mutation] = sent;
    expect(query!.method).toBe("GET");
    const url = new URL(query!.url);
    expect(url.pathname).toBe("/api/trpc/sync.changes");
    expect(JSON.parse(url.searchParams.get("input")!)).toEqual({
      json: { conversationId: "c1", afterVersion: 3, limit: 5 },
    });
    expect(query!.headers.get("cookie")).toBe("s=1");
    expect(mutation!.method).toBe("POST");
    expect(mutation!.url).toBe("http://app.test/api/trpc/message.send");
    expect(JSON.parse(mutation!.body!)).toEqual({ json: { conversationId: "c1", clientMsgId: "x", body: "hi" } });
    expect(mutation!.headers.get("content-type")).toBe("application/json");
  });

  it("turns an error envelope into a refusal with the HTTP status and app code", async () => {
    const { fetch } = recording({ status: 403, body: forbidden });
    const error = await trpcClient({ url: "http://app.test/api/trpc", fetch })
      .message.recall.mutate({ messageId: "m1" })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const refusal = refusalOf(error);
    expect(refusal).toMatchObject({
      httpStatus: 403,
      code: "FORBIDDEN",
      appCode: "WINDOW_EXPIRED",
      message: "Messages can only be recalled within 10 seconds of sending.",
    });
    expect(refusal!.response?.status).toBe(403);
    expect(describeRefusal(refusal!)).toBe(
      "403 WINDOW_EXPIRED: Messages can only be recalled within 10 seconds of sending.",
    );
  });

  it("keeps the status of an answer that is not a tRPC error, and knows no answer from a refusal", async () => {
    const notTrpc = recording({ status: 403, body: { error: "Cross-site requests are not allowed." } });
    const proxied = await trpcClient({ url: "http://app.test/api/trpc", fetch: notTrpc.fetch })
      .user.me.query()
      .catch((e: unknown) => e);
    expect(refusalOf(proxied)).toMatchObject({ httpStatus: 403, appCode: null });

    const html: TrpcFetch = async () =>
      toResponse(502, [["content-type", "text/html"]], Buffer.from("<h1>Bad gateway</h1>"));
    const page = await trpcClient({ url: "http://app.test/api/trpc", fetch: html })
      .user.me.query()
      .catch((e: unknown) => e);
    expect(refusalOf(page)).toMatchObject({ httpStatus: 502, message: "HTTP 502: <h1>Bad gateway</h1>" });

    const down: TrpcFetch = async () => {
      throw new Error("connect ECONNREFUSED");
    };
    const unanswered = await trpcClient({ url: "http://app.test/api/trpc", fetch: down })
      .user.me.query()
      .catch((e: unknown) => e);
    expect(refusalOf(unanswered)).toMatchObject({ httpStatus: null, message: "connect ECONNREFUSED" });
    expect(refusalOf(new Error("not tRPC"))).toBeNull();
  });
});

describe("keepAliveFetch", () => {
  let server: http.Server;
  let base: string;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.add(req.socket);
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (req.url === "/empty") {
          res.writeHead(204).end();
          return;
        }
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, url: req.url, body, cookie: req.headers.cookie ?? null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends method, headers and body, answers with status and every header, and reuses its socket", async () => {
    const { fetch, close } = keepAliveFetch(1);
    try {
      const res = await fetch(`${base}/api/pusher/auth?x=1`, {
        method: "POST",
        headers: { cookie: "s=1", "content-type": "application/x-www-form-urlencoded" },
        body: "socket_id=1.2",
      });
      expect(res.status).toBe(201);
      expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
      expect(await res.json()).toEqual({
        method: "POST",
        url: "/api/pusher/auth?x=1",
        body: "socket_id=1.2",
        cookie: "s=1",
      });
      expect((await fetch(`${base}/empty`)).status).toBe(204);
      expect(sockets.size).toBe(1);
    } finally {
      close();
    }
  });
});
