/**
 * The one typed tRPC client for code outside the app (e2e specs, bench workers, integration
 * tests): `createTRPCClient<AppRouter>` with superjson, so a renamed procedure or a changed input
 * fails the typecheck instead of a run. Callers plug in how a request travels: Playwright's
 * request context (e2e/api.ts), a keep-alive node:http fetch (bench), or the handler itself.
 */
import http from "node:http";
import {
  createTRPCClient,
  type HTTPHeaders,
  httpBatchLink,
  httpLink,
  type TRPCClient,
  TRPCClientError,
} from "@trpc/client";
import superjson from "superjson";
import { type AppErrorCode } from "~/server/errors";
import { type AppRouter } from "~/server/root";
import { CLIENT_MAX_BATCH } from "~/app/_trpc/batch";

export type AppClient = TRPCClient<AppRouter>;
export type AppClientError = TRPCClientError<AppRouter>;
// The links' own fetch type (not exported by @trpc/client), answering with a real Response.
type LinkFetch = NonNullable<Parameters<typeof httpLink>[0]["fetch"]>;
export type TrpcFetch = (...args: Parameters<LinkFetch>) => Promise<Response>;

export interface ClientOptions {
  /** The tRPC endpoint, e.g. `${baseUrl}/api/trpc`; relative when the fetch resolves it (Playwright). */
  url: string;
  fetch?: TrpcFetch;
  headers?: HTTPHeaders;
  /**
   * Unbatched by default: one HTTP request per call, as the browser sends single calls. `true`
   * batches concurrent calls the way the browser does, at most CLIENT_MAX_BATCH per request (the
   * server refuses larger batches whole); a number sets the most per request, for a test that
   * sends an oversized batch on purpose.
   */
  batch?: boolean | number;
}

export function trpcClient({ url, fetch, headers, batch = false }: ClientOptions): AppClient {
  const options = { url, transformer: superjson, fetch, headers };
  if (batch === false) return createTRPCClient<AppRouter>({ links: [httpLink(options)] });
  const maxItems = batch === true ? CLIENT_MAX_BATCH : batch;
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ ...options, maxItems })] });
}

/** What the server said when it refused a call. */
export interface Refusal {
  /** Null when no HTTP answer came back (connection refused or reset). */
  httpStatus: number | null;
  code: string | null;
  appCode: AppErrorCode | null;
  message: string;
  /** The HTTP response, for its headers (Retry-After); null when its body was not JSON. */
  response: Response | null;
}

/**
 * The refusal behind a typed call's rejection, or null when the rejection is not a tRPC client
 * error at all. The status falls back to the response's when the body was not a tRPC error (a
 * proxy's own JSON, or no JSON at all), so callers can still assert it.
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof TRPCClientError)) return null;
  const e = error as AppClientError;
  const response = e.meta?.response instanceof Response ? e.meta.response : null;
  return {
    httpStatus: e.data?.httpStatus ?? response?.status ?? (e.cause instanceof NonJsonAnswer ? e.cause.status : null),
    code: e.data?.code ?? null,
    appCode: e.data?.appCode ?? null,
    message: e.message,
    response,
  };
}

/** One line for a bench report: `403 WINDOW_EXPIRED: Messages can only be recalled …`. */
export function describeRefusal(refusal: Refusal): string {
  const status = [refusal.httpStatus ?? "no answer", refusal.appCode].filter(Boolean).join(" ");
  return `${status}: ${refusal.message.slice(0, 300)}`;
}

/**
 * fetch over node:http with one keep-alive agent: a load generator's own cost stays small and its
 * connection count bounded (`maxSockets`), which the global fetch does not let us set.
 * String bodies only: that is all tRPC's JSON links and a form post send.
 */
export function keepAliveFetch(maxSockets: number): { fetch: TrpcFetch; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const fetch: TrpcFetch = (input, init) =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const body = init?.body ?? undefined;
      if (body !== undefined && typeof body !== "string") throw new Error("keepAliveFetch sends string bodies only");
      const headers: http.OutgoingHttpHeaders = Object.fromEntries(new Headers(init?.headers));
      if (body !== undefined) headers["content-length"] = Buffer.byteLength(body);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port || 80,
          method: init?.method ?? "GET",
          path: url.pathname + url.search,
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const pairs: [string, string][] = [];
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
              pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
            resolve(toResponse(res.statusCode ?? 0, pairs, Buffer.concat(chunks)));
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { fetch, close: () => agent.destroy() };
}

/** An answer whose body is not JSON (the framework's own error page): its status is still what callers check. */
export class NonJsonAnswer extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

/** tRPC's link reads `json()` without the status; a parse failure then carries it (see refusalOf). */
class TrpcResponse extends Response {
  override async json(): Promise<unknown> {
    const text = await this.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new NonJsonAnswer(this.status, text);
    }
  }
}

/** A WHATWG Response from what another HTTP client received (header names may repeat). */
export function toResponse(status: number, headers: Iterable<[string, string]>, body: Uint8Array): Response {
  const all = new Headers();
  for (const [name, value] of headers) all.append(name, value);
  // A null-body status may not be given a body, even an empty one.
  return new TrpcResponse([204, 205, 304].includes(status) ? null : new Uint8Array(body), { status, headers: all });
}

/**
 * One client per session cookie, all over the same fetch (so over its sockets): bench lanes act
 * as many users from one process.
 */
export function clientsByCookie(url: string, fetch: TrpcFetch): (cookie: string) => AppClient {
  const clients = new Map<string, AppClient>();
  return (cookie) => {
    let client = clients.get(cookie);
    if (!client) clients.set(cookie, (client = trpcClient({ url, fetch, headers: { cookie } })));
    return client;
  };
}
