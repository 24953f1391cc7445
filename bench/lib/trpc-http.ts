/**
 * tRPC over plain HTTP, the way the browser's link sends single (unbatched) calls: superjson
 * envelopes, GET for queries (`?input=`), POST for mutations. node:http with a keep-alive agent
 * keeps the load generator's own cost small and constant.
 */
import http from "node:http";

export function queryPath(procedure: string, input?: unknown): string {
  const base = `/api/trpc/${procedure}`;
  return input === undefined ? base : `${base}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}

export function mutationBody(input: unknown): string {
  return JSON.stringify({ json: input ?? null });
}

/** The `json` payload of a successful tRPC response (superjson meta ignored: callers read plain fields). */
export function resultData<T>(body: string): T {
  const parsed = JSON.parse(body) as { result?: { data?: { json?: T } }; error?: { json?: { message?: string } } };
  if (!parsed.result) throw new Error(`tRPC error: ${parsed.error?.json?.message ?? body.slice(0, 300)}`);
  return parsed.result.data!.json as T;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export class TrpcHttp {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 64) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(
    method: "GET" | "POST",
    path: string,
    cookie: string | null,
    body?: string,
    contentType = "application/json",
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {};
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) {
        headers["content-type"] = contentType;
        headers["content-length"] = Buffer.byteLength(body);
      }
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  query(procedure: string, input: unknown, cookie: string): Promise<HttpResponse> {
    return this.request("GET", queryPath(procedure, input), cookie);
  }

  mutation(procedure: string, input: unknown, cookie: string): Promise<HttpResponse> {
    return this.request("POST", `/api/trpc/${procedure}`, cookie, mutationBody(input));
  }

  close(): void {
    this.agent.destroy();
  }
}
