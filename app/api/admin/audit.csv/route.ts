import { auditCsvResponse } from "~/server/admin/audit-export";
import { getSessionClaims } from "~/server/auth/session";
import { getDb } from "~/server/db-handle";
import { describeError, getLogger } from "~/server/observability/logger";

export const dynamic = "force-dynamic";

/** The audit log, filtered like /admin/audit (same search params), streamed as CSV. */
export async function GET(req: Request) {
  let db;
  try {
    db = await getDb();
  } catch (error) {
    getLogger().error({ error: describeError(error) }, "audit export: database unavailable");
    return new Response("The database is unavailable; please try again shortly.", { status: 503 });
  }
  return auditCsvResponse(db, await getSessionClaims(), new URL(req.url).searchParams);
}
