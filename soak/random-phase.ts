import { now, sleep } from "../bench/lib/clock";
import { type BenchUser } from "../bench/lib/session";
import { type SimDevice } from "../test/convergence/device-model";
import { type Ledger } from "../test/convergence/oracle";
import { countOp } from "./counters";
import { type Api } from "./devices";
import { RECALL_WINDOW_MS, WORKERS } from "./options";

// Deterministic pseudo-random sequence (SOAK_SEED) so a failing run's choices can be replayed.
let seed = Number(process.env.SOAK_SEED ?? 20261126) % 2 ** 31;
export const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

interface Sent {
  id: string;
  conversationId: string;
  senderId: string;
  sentAt: number;
  recalled: boolean;
}

export interface SoakGroup {
  id: string;
  owner: BenchUser;
  members: BenchUser[];
}

/** Who acts in the random phase, through which clients, and where acknowledged writes are recorded. */
export interface Cast {
  runId: string;
  users: BenchUser[];
  admin: BenchUser;
  groups: SoakGroup[];
  groupsOf: (u: BenchUser) => SoakGroup[];
  apiOf: (u: BenchUser) => Api;
  ledger: Ledger;
  devices: SimDevice[];
}

/**
 * WORKERS concurrent actors for `seconds`: users send, edit and recall their own messages, hide
 * messages for themselves (and undo it) and report others', group owners recall members'
 * messages, the system admin restores, and devices drop off and come back.
 * Returns how many disconnects it caused.
 */
export async function randomPhase(cast: Cast, seconds: number): Promise<number> {
  const { runId, users, admin, groups, groupsOf, apiOf, ledger, devices } = cast;
  const sent: Sent[] = [];
  // Who hid what, and hides in flight (one at a time per user and message, so the ledger's last is the one in force).
  const hidden = new Set<string>();
  const hiding = new Set<string>();
  let disconnects = 0;
  const deadline = now() + seconds * 1000;
  let opNo = 0;
  const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const recall = (by: BenchUser, target: Sent, kind: "recall_own" | "recall_by_owner") =>
    apiOf(by)
      .message.recall.mutate({ messageId: target.id })
      .then(
        (r) => {
          ledger.recalled(target.id, r.message.version);
          countOp(kind, true);
        },
        (e) => countOp(kind, false, errorText(e)),
      );
  const operation = async (): Promise<void> => {
    const roll = random();
    const op = opNo++;
    if (roll < 0.4 || sent.length === 0) {
      const sender = pick(users);
      const group = pick(groupsOf(sender));
      const clientMsgId = `soak-${runId}-${op}`;
      await apiOf(sender)
        .message.send.mutate({ conversationId: group.id, clientMsgId, body: `op ${op} from ${sender.name}` })
        .then(
          (m) => {
            sent.push({ id: m.id, conversationId: group.id, senderId: sender.id, sentAt: now(), recalled: false });
            ledger.sent(sender.id, clientMsgId, m.id, group.id);
            countOp("send", true);
          },
          (e) => countOp("send", false, errorText(e)),
        );
    } else if (roll < 0.46) {
      // A member edits one of their own recent messages (refused once it is recalled).
      const target = pick(sent.slice(-40));
      const sender = users.find((u) => u.id === target.senderId)!;
      const body = `op ${op}: edited by ${sender.name}`;
      await apiOf(sender)
        .message.edit.mutate({ messageId: target.id, body })
        .then(
          (r) => {
            ledger.edited(target.id, r.message.version, body);
            countOp("edit", true);
          },
          (e) => countOp("edit", false, errorText(e)),
        );
    } else if (roll < 0.5) {
      // A member hides a message for themselves, or takes that back; or reports someone else's.
      const target = pick(sent.slice(-40));
      const group = groups.find((g) => g.id === target.conversationId)!;
      const user = pick(group.members);
      if (random() < 0.25 && user.id !== target.senderId) {
        await apiOf(user)
          .message.report.mutate({ messageId: target.id, category: pick(["spam", "abuse", "other"] as const) })
          .then(
            () => countOp("report", true),
            (e) => countOp("report", false, errorText(e)),
          );
        return;
      }
      // A third of the time, someone takes back one of their hides (Undo), so both directions are exercised.
      const undo = random() < 0.33 && hidden.size > 0 ? pick([...hidden]) : null;
      const key = undo ?? `${user.id}/${target.id}`;
      if (hiding.has(key)) return;
      const hide = !hidden.has(key);
      hiding.add(key);
      const [userId, messageId] = key.split("/") as [string, string];
      await apiOf(users.find((u) => u.id === userId)!)
        .message[hide ? "hide" : "unhide"].mutate({ messageId })
        .then(
          () => {
            if (hide) hidden.add(key);
            else hidden.delete(key);
            ledger.hid(userId, messageId, hide);
            countOp(hide ? "hide" : "unhide", true);
          },
          (e) => countOp(hide ? "hide" : "unhide", false, errorText(e)),
        )
        .finally(() => hiding.delete(key));
    } else if (roll < 0.66) {
      // A member recalls one of their own recent messages.
      const recent = sent.filter((s) => !s.recalled && now() - s.sentAt < RECALL_WINDOW_MS);
      if (!recent.length) return;
      const target = pick(recent.slice(-40));
      target.recalled = true;
      const sender = users.find((u) => u.id === target.senderId)!;
      await recall(sender, target, "recall_own");
    } else if (roll < 0.74) {
      // A group owner recalls a member's message.
      const group = pick(groups);
      const candidates = sent.filter(
        (s) => s.conversationId === group.id && !s.recalled && s.senderId !== group.owner.id,
      );
      if (!candidates.length) return;
      const target = pick(candidates.slice(-40));
      target.recalled = true;
      await recall(group.owner, target, "recall_by_owner");
    } else if (roll < 0.8) {
      // The system admin restores a recalled message.
      const recalled = sent.filter((s) => s.recalled);
      if (!recalled.length) return;
      const target = pick(recalled);
      target.recalled = false;
      await apiOf(admin)
        .admin.recalled.restore.mutate({ messageId: target.id })
        .then(
          (m) => {
            ledger.restored(target.id, m.version);
            countOp("restore", true);
          },
          (e) => countOp("restore", false, errorText(e)),
        );
    } else if (roll < 0.9) {
      const d = pick(devices.filter((x) => !x.disconnected));
      if (!d) return;
      d.disconnected = true;
      d.client.disconnect();
      disconnects += 1;
      countOp("disconnect", true);
    } else {
      const d = pick(devices.filter((x) => x.disconnected));
      if (!d) return;
      d.disconnected = false;
      d.client.connect();
      countOp("reconnect", true);
    }
  };
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (now() < deadline) {
        await operation();
        await sleep(20 + random() * 60);
      }
    }),
  );
  return disconnects;
}
