import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { appError } from "~/server/errors";

export interface EditHistory {
  /** The text members read now; null once recalled (see the vault for the recalled text). */
  current: string | null;
  recalled: boolean;
  sentAt: Date;
  editCount: number;
  /** Earlier texts kept under the retain policy, oldest first; `replacedAt` is when an edit replaced it. */
  versions: { body: string; replacedAt: Date }[];
}

/**
 * Admin: a message's earlier texts, with one `view_edits` audit row per look — read and audited
 * in one statement, only while the viewer is an enabled system admin in the database at that
 * moment (like "Show original").
 */
export async function viewEditHistory(db: Db, adminId: string, messageId: string): Promise<EditHistory> {
  const rows = rowsOf<{
    admin: boolean;
    found: boolean;
    current: string | null;
    recalled: boolean | null;
    sent_at: string | Date | null;
    edit_count: number | null;
    body: string | null;
    replaced_at: string | Date | null;
  }>(
    await db.execute(sql`
      with viewer as (
        select u.id from users u where u.id = ${adminId}::uuid and u.role = 'admin' and u.disabled_at is null
      ), target as (
        select m.id, m.conversation_id, m.sender_id, m.body, m.revoked_at, m.created_at, m.edit_count
          from messages m, viewer where m.id = ${messageId}::uuid and m.kind = 'text'
      ), audit as (
        insert into audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id)
        select ${adminId}::uuid, 'view_edits', t.id, t.conversation_id, t.sender_id from target t
      )
      select exists (select 1 from viewer) as admin, t.id is not null as found, t.body as current,
             t.revoked_at is not null as recalled, t.created_at as sent_at, t.edit_count, e.body, e.replaced_at
        from (select 1) one
        left join target t on true
        left join message_edits e on e.message_id = t.id
       order by e.id`),
  );
  const first = rows[0];
  if (!first?.admin) throw appError("FORBIDDEN", "NOT_ALLOWED", "Only system admins can do this.");
  if (!first.found) throw appError("NOT_FOUND", "NOT_FOUND", "Message not found.");
  return {
    current: first.recalled ? null : first.current,
    recalled: Boolean(first.recalled),
    sentAt: new Date(first.sent_at!),
    editCount: Number(first.edit_count),
    versions: rows.flatMap((r) =>
      r.body === null || r.replaced_at === null ? [] : [{ body: r.body, replacedAt: new Date(r.replaced_at) }],
    ),
  };
}
