import { timingSafeEqual } from "node:crypto";
import { getEnv } from "~/server/env";
import { refreshGauges } from "~/server/observability/health";
import { metrics } from "~/server/observability/metrics";

export const dynamic = "force-dynamic";

function tokenMatches(header: string | null, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Prometheus text; off (404) unless METRICS_TOKEN is set, and then only with that bearer token. */
export async function GET(req: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return new Response("Metrics are off: set METRICS_TOKEN to enable /api/metrics.\n", { status: 404 });
  if (!tokenMatches(req.headers.get("authorization"), token)) {
    return new Response("Send the METRICS_TOKEN as `Authorization: Bearer <token>`.\n", {
      status: 401,
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  await refreshGauges();
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
