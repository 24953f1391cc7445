import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, rowsOf, type Tx } from "~/db/client";
import { type ReportCategory, type ReportStatus } from "~/db/schema";
import { conversationLabel } from "./recall-records";

// The moderation queue: members' reports, one row per reported message. Admin-only; the list
// carries no message text (the detail shows it, and every look is audited).

export type QueueFilter = "open" | "resolved" | "all";
export type Resolution = "recall" | "dismiss" | "review";

export interface ReportedMessage {
  messageId: string;
  conversationId: string;
  conversationLabel: string;
  sender: { id: string; name: string };
  reports: number;
  openReports: number;
  categories: ReportCategory[];
  firstReportedAt: Date;
  lastReportedAt: Date;
  /** The message now: live, edited since it was sent, or recalled (by anyone). */
  state: "live" | "edited" | "recalled";
}

const iso = (v: string | Date) => new Date(v);

/** A page of reported messages, the most recently reported first; `cursor` is the last row's (lastReportedAt, messageId). */
export async function listReported(
  db: DbOrTx,
  input: {
    filter: QueueFilter;
    category?: ReportCategory;
    messageId?: string;
    limit: number;
    cursor?: { at: Date; id: string };
  },
): Promise<ReportedMessage[]> {
  const having: SQL[] = [];
  if (input.filter === "open") having.push(sql`count(*) filter (where r.status = 'open') > 0`);
  if (input.filter === "resolved") having.push(sql`count(*) filter (where r.status = 'open') = 0`);
  // The sort key is the time the cursor carries: a JavaScript Date, so milliseconds. Ordered by
  // PostgreSQL's microseconds, a page ending at 12:00:00.123456 gave the cursor 12:00:00.123, and a
  // message last reported at 12:00:00.123200 (next in order) failed `< cursor`: skipped for good.
  const lastAt = sql`date_trunc('milliseconds', max(r.created_at))`;
  if (input.cursor) {
    having.push(
      sql`(${lastAt}, r.message_id) < (${input.cursor.at.toISOString()}::timestamptz, ${input.cursor.id}::uuid)`,
    );
  }
  const where: SQL[] = [sql`true`];
  if (input.category) {
    where.push(
      sql`r.message_id in (select x.message_id from message_reports x where x.category = ${input.category}::report_category)`,
    );
  }
  if (input.messageId) where.push(sql`r.message_id = ${input.messageId}::uuid`);
  const rows = rowsOf<{
    message_id: string;
    conversation_id: string;
    reports: number;
    open_reports: number;
    categories: ReportCategory[] | string;
    first_at: string | Date;
    last_at: string | Date;
  }>(
    await db.execute(sql`
      select r.message_id, r.conversation_id, count(*)::int as reports,
             (count(*) filter (where r.status = 'open'))::int as open_reports,
             array_agg(distinct r.category) as categories, min(r.created_at) as first_at, max(r.created_at) as last_at
        from message_reports r
       where ${sql.join(where, sql` and `)}
       group by r.message_id, r.conversation_id
       ${having.length ? sql`having ${sql.join(having, sql` and `)}` : sql``}
       order by ${lastAt} desc, r.message_id desc
       limit ${input.limit}`),
  );
  if (rows.length === 0) return [];
  const facts = await messageFacts(
    db,
    rows.map((r) => r.message_id),
  );
  return rows.map((r) => {
    const m = facts.get(r.message_id)!;
    return {
      messageId: r.message_id,
      conversationId: r.conversation_id,
      conversationLabel: m.label,
      sender: m.sender,
      reports: Number(r.reports),
      openReports: Number(r.open_reports),
      categories: parseArray(r.categories) as ReportCategory[],
      firstReportedAt: iso(r.first_at),
      lastReportedAt: iso(r.last_at),
      state: m.state,
    };
  });
}

/** postgres.js parses a text[] of an enum as a string "{a,b}"; PGlite as an array. */
function parseArray(v: string[] | string): string[] {
  return typeof v === "string"
    ? v
        .replace(/^\{|\}$/g, "")
        .split(",")
        .filter(Boolean)
    : v;
}

async function messageFacts(db: DbOrTx, ids: string[]) {
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = rowsOf<{
    id: string;
    sender_id: string;
    sender_name: string;
    label: string;
    revoked: boolean;
    edited: boolean;
  }>(
    await db.execute(sql`
      select m.id, m.sender_id, coalesce((select u.name from users u where u.id = m.sender_id), '') as sender_name,
             ${conversationLabel} as label, m.revoked_at is not null as revoked, m.edited_at is not null as edited
        from messages m join conversations c on c.id = m.conversation_id
       where m.id in (${list})`),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        sender: { id: r.sender_id, name: r.sender_name },
        label: r.label,
        state: (r.revoked ? "recalled" : r.edited ? "edited" : "live") as ReportedMessage["state"],
      },
    ]),
  );
}

export interface ReportEntry {
  id: number;
  reporter: { id: string; name: string };
  category: ReportCategory;
  note: string | null;
  /** The text as this reporter saw it when reporting. */
  body: string;
  status: ReportStatus;
  createdAt: Date;
  resolvedBy: { id: string; name: string } | null;
  resolvedAt: Date | null;
}

/**
 * A reported message's reports with the text each reporter saw, and one `view_report` audit row,
 * written in the same statement and only while the viewer is an enabled system admin in the
 * database at that moment. null: the viewer is not (or no longer) an admin.
 */
export async function readReports(tx: Tx, adminId: string, messageId: string): Promise<ReportEntry[] | null> {
  const rows = rowsOf<{
    admin: boolean;
    id: number | null;
    reporter_id: string;
    reporter_name: string;
    category: ReportCategory;
    note: string | null;
    body: string;
    status: ReportStatus;
    created_at: string | Date;
    resolved_by: string | null;
    resolved_by_name: string | null;
    resolved_at: string | Date | null;
  }>(
    await tx.execute(sql`
      with viewer as (
        select u.id from users u where u.id = ${adminId}::uuid and u.role = 'admin' and u.disabled_at is null for share
      ), target as (
        select m.id, m.conversation_id, m.sender_id from messages m, viewer
         where m.id = ${messageId}::uuid and exists (select 1 from message_reports r where r.message_id = m.id)
      ), audit as (
        insert into audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id)
        select ${adminId}::uuid, 'view_report', t.id, t.conversation_id, t.sender_id from target t
      )
      select exists (select 1 from viewer) as admin, r.id::float8 as id, r.reporter_id,
             coalesce((select u.name from users u where u.id = r.reporter_id), '') as reporter_name,
             r.category, r.note, r.body, r.status, r.created_at, r.resolved_by,
             (select u.name from users u where u.id = r.resolved_by) as resolved_by_name, r.resolved_at
        from (select 1) one
        left join message_reports r on r.message_id in (select id from target)
       order by r.created_at, r.id`),
  );
  if (!rows[0]?.admin) return null;
  return rows.flatMap((r) =>
    r.id === null
      ? []
      : [
          {
            id: Number(r.id),
            reporter: { id: r.reporter_id, name: r.reporter_name },
            category: r.category,
            note: r.note,
            body: r.body,
            status: r.status,
            createdAt: iso(r.created_at),
            resolvedBy: r.resolved_by ? { id: r.resolved_by, name: r.resolved_by_name ?? "" } : null,
            resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
          },
        ],
  );
}

const statusOf: Record<Resolution, ReportStatus> = { recall: "actioned", dismiss: "dismissed", review: "reviewed" };

/**
 * Closes a message's open reports with one resolution and audits it, in one statement, only while
 * the resolver is an enabled system admin in the database. Returns how many reports it closed and
 * whether the message was ever reported, or "not_admin".
 */
export async function closeReports(
  tx: Tx,
  adminId: string,
  messageId: string,
  resolution: Resolution,
  reason: string | null,
): Promise<{ closed: number; reported: boolean } | "not_admin"> {
  const [row] = rowsOf<{ admin: boolean; closed: number; reported: boolean }>(
    await tx.execute(sql`
      with resolver as (
        select u.id from users u where u.id = ${adminId}::uuid and u.role = 'admin' and u.disabled_at is null for share
      ), closed as (
        update message_reports r set status = ${statusOf[resolution]}::report_status,
               resolved_by = ${adminId}::uuid, resolved_at = now()
          from resolver
         where r.message_id = ${messageId}::uuid and r.status = 'open'
        returning r.id, r.conversation_id
      ), audit as (
        insert into audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason, details)
        select ${adminId}::uuid, 'report_resolve', m.id, m.conversation_id, m.sender_id, ${reason}::text,
               jsonb_build_object('resolution', ${resolution}::text, 'reports', (select count(*) from closed))
          from messages m where m.id = ${messageId}::uuid and exists (select 1 from closed)
      )
      select exists (select 1 from resolver) as admin, (select count(*) from closed)::int as closed,
             exists (select 1 from message_reports r where r.message_id = ${messageId}::uuid) as reported`),
  );
  if (!row?.admin) return "not_admin";
  return { closed: Number(row.closed), reported: Boolean(row.reported) };
}
