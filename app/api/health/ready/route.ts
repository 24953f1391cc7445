import { readiness } from "~/server/observability/health";

export const dynamic = "force-dynamic";

/** Readiness for a load balancer: 200 when every check passes, 503 with the failing ones named. */
export async function GET() {
  const { ok, checks } = await readiness();
  return Response.json(
    { status: ok ? "ready" : "not ready", checks },
    { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
