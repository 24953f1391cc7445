import { type Dictionary } from "~/app/_i18n/dictionaries";

/** What the sentences read from an audit row: names, never ids. */
export interface AuditFacts {
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetUserId: string | null;
  targetUserName: string | null;
  targetConversationId: string | null;
  targetConversationLabel: string | null;
  targetMessageId: string | null;
  details: Record<string, unknown>;
}

type Admin = Dictionary["admin"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const date = (v: unknown): Date | null => {
  const s = text(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** A setting's value in words: "15 s", "30 days", "allowed", "retain"; null is the global value. */
function settingValue(a: Admin, key: string, value: unknown): string {
  const say = a.audit.say;
  if (value === null || value === undefined) return say.theGlobal;
  if (typeof value === "boolean") return value ? say.yes : say.no;
  if (typeof value === "number") {
    if (key === "retentionDays") return say.days(value);
    if (key.endsWith("Seconds")) return say.seconds(value);
    return String(value);
  }
  if (typeof value === "string") return say.values[value] ?? value;
  return say.theGlobal;
}

/**
 * An audit row as sentences a person reads: who did what to whose message where, and what changed
 * ("Admin changed the recall window from 120 s to 15 s."). Pure: dictionary and date format in,
 * lines out, so every action's wording is unit-tested in both languages. Ids and bookkeeping
 * (versions) are left out; the target column links to the message.
 */
export function auditSentences(e: AuditFacts, a: Admin, formatDate: (d: Date) => string): string[] {
  const say = a.audit.say;
  const d = e.details;
  const who = e.actorId ? (e.actorName ?? a.common.deletedUser) : say.system;
  const user = e.targetUserId ? (e.targetUserName ?? a.common.deletedUser) : null;
  const whom = user ?? a.common.deletedUser;
  const conversation = e.targetConversationId
    ? (e.targetConversationLabel ?? say.thisConversation)
    : say.thisConversation;
  const where = e.targetConversationId ? say.inConversation(conversation) : "";
  // "Bob's message", "their own message" (the actor's), or "a message" when the sender is unknown.
  const what = !user ? say.aMessage : e.actorId && e.actorId === e.targetUserId ? say.ownMessage : say.messageOf(user);
  const role = (r: unknown) => say.roles[text(r) ?? ""] ?? text(r) ?? a.common.none;
  const kind = (k: unknown) => (text(k) && text(k)! in a.kinds ? a.kinds[text(k) as keyof Admin["kinds"]] : null);

  switch (e.action) {
    case "recall": {
      const lines = [say.recall(who, what, where)];
      const as = kind(d.as);
      if (as) lines.push(say.recallAs(as));
      const notice = text(d.notice);
      if (notice && say.recallNotice[notice]) lines.push(say.recallNotice[notice]);
      const policy = text(d.policy);
      if (policy && say.recallPolicy[policy]) lines.push(say.recallPolicy[policy]);
      return lines;
    }
    case "restore": {
      const lines = [say.restore(who, what, where)];
      const recalled = isRecord(d.recalled) ? d.recalled : null;
      const at = date(recalled?.at);
      const as = kind(recalled?.kind);
      if (at) lines.push(as ? say.restoreOf(as, formatDate(at)) : say.restoreOfWhen(formatDate(at)));
      return lines;
    }
    case "purge":
      return [e.actorId ? say.purgeAdmin(who, what) : say.purgeRetention(what)];
    case "view_original":
      return [say.viewOriginal(who, what, where)];
    case "view_edits":
      return [say.viewEdits(who, what, where)];
    case "view_report":
      return [say.viewReport(who, what, where)];
    case "view_attachment":
      return [say.viewAttachment(who, what, where)];
    case "report_resolve": {
      const resolution = text(d.resolution);
      const sentence =
        resolution === "recall" || resolution === "dismiss" || resolution === "review"
          ? say.reportResolve[resolution]
          : say.reportResolve.other;
      return [sentence(who, say.reports(typeof d.reports === "number" ? d.reports : 0), `${what}${where}`)];
    }
    case "bulk_recall": {
      const count = typeof d.count === "number" ? d.count : 0;
      const conversations = typeof d.conversations === "number" ? d.conversations : 0;
      const scope = e.targetConversationId ? where : say.everywhere(conversations);
      const lines = [say.bulk(who, count, whom, scope)];
      const from = date(d.from);
      const to = date(d.to);
      if (from && to) lines.push(say.sentBetween(formatDate(from), formatDate(to)));
      else if (from) lines.push(say.sentFrom(formatDate(from)));
      else if (to) lines.push(say.sentUntil(formatDate(to)));
      if (Array.isArray(d.skipped)) {
        for (const s of d.skipped) {
          if (!isRecord(s) || typeof s.count !== "number" || s.count === 0) continue;
          const code = text(s.code) ?? "";
          lines.push(say.bulkSkipped(s.count, a.bulk.skipReasons[code] ?? code));
        }
      }
      return lines;
    }
    case "review":
      return [say.review(who, what)];
    case "settings_change": {
      const lines: string[] = [];
      const inConversation = d.scope === "conversation";
      if (isRecord(d.changes)) {
        for (const [key, change] of Object.entries(d.changes)) {
          const c = isRecord(change) ? change : {};
          const setting = say.settings[key] ?? key;
          const from = settingValue(a, key, c.from);
          const to = settingValue(a, key, c.to);
          lines.push(
            inConversation ? say.settingIn(who, setting, conversation, from, to) : say.setting(who, setting, from, to),
          );
        }
      }
      if (isRecord(d.cleared)) {
        lines.push(say.cleared(who, conversation));
        for (const [key, value] of Object.entries(d.cleared)) {
          if (value !== null && value !== undefined)
            lines.push(say.clearedWas(say.settings[key] ?? key, settingValue(a, key, value)));
        }
      }
      return lines.length > 0 ? lines : [say.settingsChanged(who)];
    }
    case "user_create":
      return [say.userCreate(who, whom, role(d.role))];
    case "user_role_change":
      return [say.roleChange(who, whom, role(d.from), role(d.to))];
    case "user_disable":
      return [say.disable(who, whom)];
    case "user_enable":
      return [say.enable(who, whom)];
    default:
      return [say.other(who, e.action)];
  }
}
