import { sql } from "drizzle-orm";
import { type DbOrTx, rowsOf } from "~/db/client";
import { attachments, auditLog, conversationMembers, messages, users } from "~/db/schema";
import { contentTypeOf } from "./sniff";
import { type AttachmentVariant } from "./view";

/** What a fetch needs to serve one stored object. */
export interface ServedObject {
  key: string;
  kind: "image" | "pdf" | "text";
  mime: string;
  name: string;
}

interface Row {
  kind: ServedObject["kind"];
  mime: string;
  name: string;
  keys: string[];
}

/** Images are stored as [display, thumb]; other files as [file]. Anything else does not exist. */
export function objectFor(row: Row, variant: AttachmentVariant): ServedObject | null {
  const index = row.kind === "image" ? { display: 0, thumb: 1, file: 0 }[variant] : variant === "file" ? 0 : -1;
  const key = row.keys[index];
  if (!key) return null;
  return { key, kind: row.kind, mime: contentTypeOf(row), name: row.name };
}

/**
 * The object a member may fetch, decided on every request in one statement with the caller in its
 * WHERE: a current member of the conversation of a message that is not recalled (objects are only
 * ever doomed with or after a recall, so that covers them too). So a recall takes effect for every
 * URL, including those handed out before it, the moment it commits. Unsent uploads are not served
 * (the composer previews the local file). Null means 404, whatever the reason, so the answer reveals nothing.
 */
export async function memberObject(
  db: DbOrTx,
  userId: string,
  attachmentId: string,
  variant: AttachmentVariant,
): Promise<ServedObject | null> {
  const [row] = rowsOf<Row>(
    await db.execute(sql`
      select a.kind, a.mime, a.name, a.keys
        from ${attachments} a
        join ${messages} m on m.id = a.message_id
        join ${conversationMembers} cm on cm.conversation_id = m.conversation_id and cm.user_id = ${userId}::uuid
       where a.id = ${attachmentId}::uuid and m.revoked_at is null`),
  );
  return row ? objectFor(row, variant) : null;
}

/**
 * A system admin's fetch of any sent attachment whose objects are kept (a recalled message's under
 * the retain policy: the vault): the admin role is read from the users row in the same statement,
 * and the look is written to the audit log by it, so no object is served without its audit row.
 */
export async function adminObject(
  db: DbOrTx,
  adminId: string,
  attachmentId: string,
  variant: AttachmentVariant,
): Promise<ServedObject | null> {
  const [row] = rowsOf<Row>(
    await db.execute(sql`
      with target as (
        select a.kind, a.mime, a.name, a.keys, m.id as message_id, m.conversation_id, m.sender_id
          from ${attachments} a
          join ${messages} m on m.id = a.message_id
         where a.id = ${attachmentId}::uuid and a.deleted_at is null
           and (a.kind = 'image' or ${variant}::text = 'file')
           and exists (select 1 from ${users} u
                        where u.id = ${adminId}::uuid and u.role = 'admin' and u.disabled_at is null)
      ), audited as (
        insert into ${auditLog} (actor_id, action, target_message_id, target_conversation_id, target_user_id, details)
        select ${adminId}::uuid, 'view_attachment', message_id, conversation_id, sender_id,
               jsonb_build_object('attachmentId', ${attachmentId}::text, 'variant', ${variant}::text, 'name', name)
          from target
      )
      select kind, mime, name, keys from target`),
  );
  return row ? objectFor(row, variant) : null;
}
