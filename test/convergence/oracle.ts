import { type Observed } from "./device-model";

/**
 * The convergence oracle: what members must see, computed straight from the tables with SQL
 * written here — never through the app's member view, routers or sync code, which are what it
 * checks. A recalled message shows no text whatever the row still holds; a silently recalled
 * one is not shown at all; a message a user hid is not shown on that user's devices.
 */
export interface OracleRow {
  id: string;
  conversation_id: string;
  sender_id: string;
  client_msg_id: string;
  body: string | null;
  revoked: boolean;
  revoke_silent: boolean | null;
  revoker_kind: string | null;
  revoker_id: string | null;
  revoke_reason: string | null;
  edited: boolean;
  /** Users who hid it for themselves ("delete for me"). */
  hidden_by: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The oracle's one query (ids are checked and inlined, so both postgres.js and PGlite run the same text). */
export function oracleSql(conversationIds: string[]): string {
  for (const id of conversationIds) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  const list = conversationIds.map((id) => `'${id}'::uuid`).join(", ");
  return `select id::text, conversation_id::text, sender_id::text, client_msg_id, body,
                 revoked_at is not null as revoked, revoke_silent, revoker_kind::text, revoker_id::text, revoke_reason,
                 edited_at is not null and revoked_at is null as edited,
                 array(select h.user_id::text from message_hides h
                        where h.message_id = messages.id and h.hidden order by 1) as hidden_by
            from messages
           where conversation_id in (${list})
           order by conversation_id, seq`;
}

/** conversation id → message id → what the devices of the member `viewerId` must show. */
export function expectedViews(rows: OracleRow[], viewerId: string): Map<string, Map<string, Observed>> {
  const out = new Map<string, Map<string, Observed>>();
  for (const r of rows) {
    let conv = out.get(r.conversation_id);
    if (!conv) out.set(r.conversation_id, (conv = new Map()));
    if (r.revoked && r.revoke_silent) continue;
    if (r.hidden_by.includes(viewerId)) continue;
    conv.set(
      r.id,
      r.revoked
        ? {
            body: null,
            edited: false,
            recall: { kind: r.revoker_kind ?? "?", by: r.revoker_id ?? "?", reason: r.revoke_reason },
          }
        : { body: r.body, edited: r.edited, recall: null },
    );
  }
  return out;
}

export interface Divergence {
  device: string;
  conversationId: string;
  messageId: string;
  /** undefined: the device does not have it / the database says members must not see it. */
  onDevice: Observed | undefined;
  inDatabase: Observed | undefined;
}

const same = (a: Observed, b: Observed) =>
  a.body === b.body &&
  a.edited === b.edited &&
  (a.recall === null) === (b.recall === null) &&
  (a.recall === null ||
    (a.recall.kind === b.recall!.kind && a.recall.by === b.recall!.by && a.recall.reason === b.recall!.reason));

export function compareDevice(
  device: string,
  conversationId: string,
  observed: Map<string, Observed>,
  expected: Map<string, Observed>,
): Divergence[] {
  const out: Divergence[] = [];
  for (const id of new Set([...observed.keys(), ...expected.keys()])) {
    const onDevice = observed.get(id);
    const inDatabase = expected.get(id);
    if (!onDevice || !inDatabase || !same(onDevice, inDatabase))
      out.push({ device, conversationId, messageId: id, onDevice, inDatabase });
  }
  return out;
}

export function describeDivergence(d: Divergence): string {
  const show = (o: Observed | undefined) => (o === undefined ? "absent" : JSON.stringify(o));
  return `${d.device} conversation ${d.conversationId} message ${d.messageId}: device ${show(d.onDevice)} · database ${show(d.inDatabase)}`;
}

/**
 * The run's own record of what the server acknowledged. At the end: every acknowledged send
 * exists exactly once (by sender and clientMsgId, with the acknowledged id), every acknowledged
 * recall is in force unless an acknowledged restore with a later version followed, the text of
 * a message whose last acknowledged change was an edit is that edit's text, and every message a
 * user hid (last acknowledged hide/un-hide) is hidden for them.
 */
export class Ledger {
  private sends = new Map<string, { id: string; senderId: string; conversationId: string }>();
  private lastOp = new Map<string, { op: "recall" | "restore" | "edit"; version: number; body?: string }>();
  private hides = new Map<string, { userId: string; messageId: string; hidden: boolean }>();

  sent(senderId: string, clientMsgId: string, id: string, conversationId: string): void {
    this.sends.set(`${senderId}/${clientMsgId}`, { id, senderId, conversationId });
  }

  recalled(messageId: string, version: number): void {
    this.note(messageId, "recall", version);
  }

  restored(messageId: string, version: number): void {
    this.note(messageId, "restore", version);
  }

  edited(messageId: string, version: number, body: string): void {
    this.note(messageId, "edit", version, body);
  }

  /** Hides and un-hides of one user are acknowledged one at a time, so the last one recorded is in force. */
  hid(userId: string, messageId: string, hidden: boolean): void {
    this.hides.set(`${userId}/${messageId}`, { userId, messageId, hidden });
  }

  get counts() {
    const ops = [...this.lastOp.values()];
    return {
      sends: this.sends.size,
      recalledAtEnd: ops.filter((o) => o.op === "recall").length,
      restoredAtEnd: ops.filter((o) => o.op === "restore").length,
    };
  }

  private note(messageId: string, op: "recall" | "restore" | "edit", version: number, body?: string): void {
    const prev = this.lastOp.get(messageId);
    if (!prev || prev.version <= version) this.lastOp.set(messageId, { op, version, body });
  }

  /** Problems found against the oracle's rows (empty when the ledger holds). */
  check(rows: OracleRow[]): string[] {
    const problems: string[] = [];
    const byKey = new Map<string, OracleRow[]>();
    const byId = new Map(rows.map((r) => [r.id, r] as const));
    for (const r of rows) {
      const key = `${r.sender_id}/${r.client_msg_id}`;
      byKey.set(key, [...(byKey.get(key) ?? []), r]);
    }
    for (const [key, s] of this.sends) {
      const found = byKey.get(key) ?? [];
      if (found.length !== 1 || found[0]!.id !== s.id || found[0]!.conversation_id !== s.conversationId) {
        problems.push(
          `acknowledged send ${key} (id ${s.id}) is stored ${found.length} time(s)${found.length ? ` as ${found.map((r) => r.id).join(", ")}` : ""}`,
        );
      }
    }
    for (const [id, last] of this.lastOp) {
      const row = byId.get(id);
      if (!row)
        problems.push(`message ${id}: acknowledged ${last.op} at version ${last.version}, but the message is missing`);
      else if (last.op === "recall" && !row.revoked)
        problems.push(
          `message ${id}: acknowledged recall at version ${last.version} (no later restore), but it is not recalled`,
        );
      else if (last.op === "edit" && (row.revoked || row.body !== last.body))
        problems.push(
          `message ${id}: acknowledged edit at version ${last.version} (nothing later), but it reads ${JSON.stringify(row.revoked ? null : row.body)}`,
        );
    }
    for (const h of this.hides.values()) {
      const row = byId.get(h.messageId);
      if (row && row.hidden_by.includes(h.userId) !== h.hidden)
        problems.push(
          `message ${h.messageId}: acknowledged ${h.hidden ? "hide" : "un-hide"} by ${h.userId} not in force`,
        );
    }
    return problems;
  }
}
