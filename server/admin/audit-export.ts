import { type Db } from "~/db/client";
import { currentUser } from "~/server/auth/current-user";
import { type SessionClaimsOf } from "~/server/context";
import { auditFilterFromParams, type AuditFilter } from "./audit-params";
import { selectAuditPage, type AuditRow } from "./audit-query";
import { CSV_BOM, csvRow } from "./csv";

export const AUDIT_CSV_HEADER = [
  "id",
  "time_utc",
  "action",
  "actor_id",
  "actor_name",
  "target_message_id",
  "target_conversation_id",
  "target_conversation",
  "target_user_id",
  "target_user_name",
  "reason",
  "details",
] as const;

function toCells(row: AuditRow) {
  return [
    row.id,
    row.createdAt,
    row.action,
    row.actorId,
    row.actorName,
    row.targetMessageId,
    row.targetConversationId,
    row.targetConversationLabel,
    row.targetUserId,
    row.targetUserName,
    row.reason,
    row.details,
  ];
}

/**
 * The filtered audit log as CSV, newest first. Pull-based: a page is read from the database only
 * when the consumer wants more, so a large export neither buffers in memory nor holds a
 * transaction open; paging by id (the log is append-only) keeps pages consistent with each other.
 */
export function auditCsvStream(
  db: Db,
  filter: AuditFilter,
  opts: { pageSize?: number } = {},
): ReadableStream<Uint8Array> {
  const pageSize = opts.pageSize ?? 500;
  const encoder = new TextEncoder();
  let cursor: number | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvRow(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await selectAuditPage(db, filter, { cursor, limit: pageSize });
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(rows.map((r) => csvRow(toCells(r))).join("")));
        cursor = rows.at(-1)!.id;
      }
      if (rows.length < pageSize) controller.close();
    },
  });
}

/**
 * GET /api/admin/audit.csv. The token's claims go through the same account lookup as every tRPC
 * call (role, disabled, ended sessions), so a demoted, disabled or signed-out-everywhere admin's
 * old cookie exports nothing.
 */
export async function auditCsvResponse(
  db: Db,
  claims: SessionClaimsOf | null,
  params: URLSearchParams,
  now = new Date(),
): Promise<Response> {
  const text = (status: number, message: string) =>
    new Response(message, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  if (!claims) return text(401, "Sign in to continue.");
  const me = await currentUser(db, { id: claims.user.id, epoch: claims.epoch });
  if (!me) return text(401, "Your session has ended. Sign in again.");
  if (me.role !== "admin") return text(403, "Only system admins can do this.");
  const parsed = auditFilterFromParams(params);
  if (!parsed.ok) return text(400, parsed.message);
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "").replace("T", "-");
  return new Response(auditCsvStream(db, parsed.filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="recall-audit-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
