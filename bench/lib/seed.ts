/** Set-based seeding of the app database (one statement per table, never row by row). */
import { hashPassword } from "~/server/auth/password";
import { type Sql } from "./pg";
import { type BenchUser } from "./session";

let hash: Promise<string> | undefined;
/** One real scrypt hash for every bench user, so credentials sign-in would work too (password `bench-password`). */
export function benchPasswordHash(): Promise<string> {
  hash ??= hashPassword("bench-password");
  return hash;
}

/** `n` users named "<prefix> <i>", emails "<prefix>-<i>@bench.local", in index order. */
export async function seedUsers(
  sql: Sql,
  prefix: string,
  n: number,
  role: "user" | "admin" = "user",
): Promise<BenchUser[]> {
  const passwordHash = await benchPasswordHash();
  const rows = await sql<{ id: string; name: string; email: string; i: number }[]>`
    insert into users (name, email, password_hash, role)
    select ${prefix} || ' ' || i, ${prefix} || '-' || i || '@bench.local', ${passwordHash}, ${role}::user_role
      from generate_series(0, ${n - 1}::int) i
    returning id, name, email, split_part(split_part(email, '@', 1), '-', -1)::int as i`;
  const users: BenchUser[] = new Array(n);
  for (const r of rows) users[r.i] = { id: r.id, name: r.name, email: r.email, role };
  return users;
}

/** A group whose first member is the owner. Returns its id. */
export async function seedGroup(sql: Sql, title: string, members: BenchUser[]): Promise<string> {
  const [conv] = await sql<{ id: string }[]>`
    insert into conversations (kind, title, created_by) values ('group', ${title}, ${members[0]!.id}) returning id`;
  const ids = members.map((m) => m.id);
  await sql`
    insert into conversation_members (conversation_id, user_id, role)
    select ${conv!.id}::uuid, u.id, case when u.ord = 1 then 'owner'::member_role else 'member'::member_role end
      from unnest(${ids}::uuid[]) with ordinality as u(id, ord)`;
  return conv!.id;
}

/**
 * `perConversation` live messages in each conversation, created now (inside the recall window),
 * senders taken round-robin from `senders`; seq/version continue the conversation's counters.
 * Returns the new messages' ids and senders.
 */
export async function seedMessages(
  sql: Sql,
  conversationIds: string[],
  senders: BenchUser[],
  perConversation: number,
): Promise<{ id: string; conversationId: string; senderId: string }[]> {
  const senderIds = senders.map((s) => s.id);
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string; conversation_id: string; sender_id: string }[]>`
      insert into messages (conversation_id, seq, sender_id, client_msg_id, body, version, created_at)
      select c.id, c.last_seq + s, (${senderIds}::uuid[])[1 + (s % ${senderIds.length}::int)],
             'seed-' || c.id || '-' || (c.last_seq + s), 'Seeded message ' || (c.last_seq + s) || ' ' || md5(c.id::text || s),
             c.version + s, now()
        from conversations c cross join generate_series(1, ${perConversation}::int) s
       where c.id = any(${conversationIds}::uuid[])
      returning id, conversation_id, sender_id`;
    await tx`
      update conversations
         set last_seq = last_seq + ${perConversation}::int, version = version + ${perConversation}::int, last_message_at = now()
       where id = any(${conversationIds}::uuid[])`;
    return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, senderId: r.sender_id }));
  });
}
