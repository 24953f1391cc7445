import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { consoleDateTime } from "../../_components/date-format";
import { type AuditFacts, auditSentences } from "./audit-sentences";

const ADMIN = "00000000-0000-4000-8000-00000000000a";
const ALICE = "00000000-0000-4000-8000-0000000000a1";
const BOB = "00000000-0000-4000-8000-0000000000b0";
const CONV = "00000000-0000-4000-8000-0000000000c0";
const MSG = "00000000-0000-4000-8000-0000000000d0";

const base: AuditFacts = {
  action: "recall",
  actorId: ADMIN,
  actorName: "Admin",
  targetUserId: null,
  targetUserName: null,
  targetConversationId: null,
  targetConversationLabel: null,
  targetMessageId: null,
  details: {},
};
const en = (e: Partial<AuditFacts>) =>
  auditSentences({ ...base, ...e }, dictionaries.en.admin, consoleDateTime("en", "UTC"));
const zh = (e: Partial<AuditFacts>) =>
  auditSentences({ ...base, ...e }, dictionaries.zh.admin, consoleDateTime("zh", "UTC"));
const ids = /[0-9a-f]{8}-[0-9a-f]{4}/;

describe("audit details as sentences", () => {
  it("a global settings change names the actor, the setting and both values", () => {
    const e = {
      action: "settings_change",
      details: { scope: "global", changes: { recallWindowSeconds: { from: 120, to: 15 } } },
    };
    expect(en(e)).toEqual(["Admin changed the recall window from 120 s to 15 s."]);
    expect(zh(e)).toEqual(["Admin 将撤回时限从 120 秒 改为 15 秒。"]);
  });

  it("every changed setting is its own sentence, in words", () => {
    const e = {
      action: "settings_change",
      details: {
        scope: "global",
        changes: {
          retentionDays: { from: 30, to: 1 },
          groupOwnersMayRecall: { from: true, to: false },
          contentPolicy: { from: "retain", to: "erase" },
          noticeMode: { from: "tip", to: "silent" },
        },
      },
    };
    expect(en(e)).toEqual([
      "Admin changed the retention of originals from 30 days to 1 day.",
      "Admin changed whether group owners may recall from allowed to not allowed.",
      "Admin changed the content policy from retain to erase.",
      "Admin changed the notice to the others from tip to silent.",
    ]);
  });

  it("a conversation override names the conversation; unset reads as the global value", () => {
    const e = {
      action: "settings_change",
      targetConversationId: CONV,
      targetConversationLabel: "Alice & Bob",
      details: { scope: "conversation", changes: { recallWindowSeconds: { from: null, to: 15 } } },
    };
    expect(en(e)).toEqual(["Admin changed the recall window in Alice & Bob from the global value to 15 s."]);
    const cleared = {
      ...e,
      details: {
        scope: "conversation",
        cleared: { recallWindowSeconds: 15, noticeMode: null, contentPolicy: "erase" },
      },
    };
    expect(en(cleared)).toEqual([
      "Admin cleared the override for Alice & Bob; it follows the global rules again.",
      "It had set the recall window to 15 s.",
      "It had set the content policy to erase.",
    ]);
  });

  it("a recall says whose message, where, as what, and what members saw; never the version", () => {
    const e = {
      action: "recall",
      actorId: ALICE,
      actorName: "Alice",
      targetUserId: BOB,
      targetUserName: "Bob",
      targetConversationId: CONV,
      targetConversationLabel: "Team",
      targetMessageId: MSG,
      details: { as: "group_owner", notice: "tip", policy: "retain", version: 16 },
    };
    const lines = en(e);
    expect(lines).toEqual([
      "Alice recalled Bob’s message in Team.",
      "Recalled as: Group owner.",
      "Members saw a tip.",
      "The original was retained for admins.",
    ]);
    expect(lines.join(" ")).not.toMatch(/16|version/);
    expect(
      en({
        ...e,
        targetUserId: ALICE,
        targetUserName: "Alice",
        details: { as: "sender", notice: "silent", policy: "erase" },
      })[0],
    ).toBe("Alice recalled their own message in Team.");
    expect(zh(e)[0]).toBe("Alice 撤回了Bob 的消息（Team）。");
  });

  it("a restore tells when and by whom the message had been recalled, without ids or JSON", () => {
    const e = {
      action: "restore",
      targetUserId: ALICE,
      targetUserName: "Alice",
      targetConversationId: CONV,
      targetConversationLabel: "Alice & Bob",
      details: { version: 16, recalled: { at: "2026-12-02T02:28:34.218Z", by: ALICE, kind: "sender", reason: null } },
    };
    const lines = en(e);
    expect(lines).toEqual([
      "Admin restored Alice’s message in Alice & Bob.",
      "It had been recalled by a Sender on Dec 2, 2026, 2:28 AM.",
    ]);
    expect(lines.join(" ")).not.toMatch(ids);
    expect(lines.join(" ")).not.toMatch(/[{}"]/);
  });

  it("a bulk recall counts, names the sender, the range and what was left alone", () => {
    const e = {
      action: "bulk_recall",
      targetUserId: BOB,
      targetUserName: "Carol",
      targetConversationId: CONV,
      targetConversationLabel: "Bulk test",
      details: {
        count: 40,
        conversations: 1,
        from: "2026-12-02T02:00:00.000Z",
        to: null,
        as: "system_admin",
        skipped: [{ code: "SYSTEM_MESSAGE", count: 2 }],
      },
    };
    expect(en(e)).toEqual([
      "Admin recalled 40 messages from Carol in Bulk test.",
      "Sent from Dec 2, 2026, 2:00 AM on.",
      "2 messages were left alone: system messages cannot be recalled.",
    ]);
    const everywhere = {
      ...e,
      targetConversationId: null,
      targetConversationLabel: null,
      details: { count: 1, conversations: 3, from: null, to: null, skipped: [] },
    };
    expect(en(everywhere)).toEqual(["Admin recalled 1 message from Carol in 3 conversations."]);
    expect(zh(everywhere)).toEqual(["Admin 撤回了 Carol 的 1 条消息（3 个会话）。"]);
  });

  it("purges by an admin and by the retention job, views, reviews and account changes", () => {
    const msg = { targetUserId: BOB, targetUserName: "Bob", targetMessageId: MSG };
    expect(en({ action: "purge", ...msg, details: { by: "admin" } })).toEqual([
      "Admin purged the retained original of Bob’s message.",
    ]);
    expect(
      en({ action: "purge", actorId: null, actorName: null, targetMessageId: MSG, details: { by: "retention" } }),
    ).toEqual(["The retention period ended: the original of a message was purged."]);
    expect(
      en({ action: "view_original", ...msg, targetConversationId: CONV, targetConversationLabel: "Team" }),
    ).toEqual(["Admin viewed the original of Bob’s message in Team."]);
    expect(en({ action: "review", targetMessageId: MSG })).toEqual(["Admin marked a message reviewed."]);
    expect(
      en({
        action: "user_role_change",
        targetUserId: BOB,
        targetUserName: "Bob",
        details: { from: "user", to: "admin" },
      }),
    ).toEqual(["Admin changed Bob’s role from plain user to system admin."]);
    expect(
      en({
        action: "user_create",
        actorId: null,
        actorName: null,
        targetUserId: BOB,
        targetUserName: "Root",
        details: { role: "admin", via: "admin:create" },
      }),
    ).toEqual(["The system created the account of Root (system admin)."]);
    expect(en({ action: "user_disable", targetUserId: BOB, targetUserName: "Bob" })).toEqual([
      "Admin disabled the account of Bob.",
    ]);
    expect(zh({ action: "user_enable", targetUserId: BOB, targetUserName: "Bob" })).toEqual([
      "Admin 重新启用了 Bob 的账号。",
    ]);
  });

  it("viewing edit history and reports, and resolving reports, name whose message and how many reports", () => {
    const msg = {
      actorId: ALICE,
      actorName: "Alice",
      targetUserId: BOB,
      targetUserName: "Bob",
      targetMessageId: MSG,
      targetConversationId: CONV,
      targetConversationLabel: "Team",
    };
    expect(en({ action: "view_edits", ...msg })).toEqual(["Alice viewed the edit history of Bob’s message in Team."]);
    expect(zh({ action: "view_edits", ...msg })).toEqual(["Alice 查看了Bob 的消息（Team）的编辑记录。"]);
    expect(en({ action: "view_report", ...msg })).toEqual(["Alice viewed the reports on Bob’s message in Team."]);
    expect(zh({ action: "view_report", ...msg })).toEqual(["Alice 查看了对Bob 的消息（Team）的举报。"]);
    expect(en({ action: "view_attachment", ...msg })).toEqual(["Alice viewed an attachment of Bob’s message in Team."]);
    expect(zh({ action: "view_attachment", ...msg })).toEqual(["Alice 查看了Bob 的消息（Team）的附件。"]);
    const resolve = (resolution: string, reports: number) => ({
      action: "report_resolve",
      ...msg,
      details: { resolution, reports },
    });
    expect(en(resolve("dismiss", 2))).toEqual(["Alice dismissed 2 reports on Bob’s message in Team."]);
    expect(en(resolve("review", 1))).toEqual(["Alice marked 1 report on Bob’s message in Team reviewed."]);
    expect(en(resolve("recall", 3))).toEqual(["Alice recalled Bob’s message in Team, closing 3 reports on it."]);
    expect(zh(resolve("dismiss", 2))).toEqual(["Alice 驳回了对Bob 的消息（Team）的 2 条举报。"]);
    expect(zh(resolve("review", 1))).toEqual(["Alice 将对Bob 的消息（Team）的 1 条举报标记为已审核。"]);
    expect(zh(resolve("recall", 3))).toEqual(["Alice 撤回了Bob 的消息（Team），并关闭了对它的 3 条举报。"]);
    // A resolution this console does not know yet still reads as a sentence.
    expect(en(resolve("escalate", 2))).toEqual(["Alice resolved 2 reports on Bob’s message in Team."]);
  });

  it("a change of the edit window reads like the recall window's", () => {
    const e = {
      action: "settings_change",
      details: { scope: "global", changes: { editWindowSeconds: { from: 900, to: 0 } } },
    };
    expect(en(e)).toEqual(["Admin changed the edit window from 900 s to 0 s."]);
    expect(zh(e)).toEqual(["Admin 将编辑时限从 900 秒 改为 0 秒。"]);
  });

  it("a deleted actor or user reads as a name, never as an id", () => {
    const lines = en({ action: "user_disable", actorName: null, targetUserId: BOB, targetUserName: null });
    expect(lines).toEqual(["Unknown user disabled the account of Unknown user."]);
  });

  it("every action the database knows has a sentence in both languages", async () => {
    const { auditActions } = await import("~/server/admin/audit-params");
    for (const action of auditActions) {
      for (const say of [en, zh]) {
        const lines = say({ action, targetUserId: BOB, targetUserName: "Bob", details: {} });
        expect(lines.length, action).toBeGreaterThan(0);
        expect(lines.join(" "), action).not.toMatch(/undefined|null|\[object/);
        expect(lines[0], action).not.toBe(say === en ? `Admin: ${action}.` : `Admin：${action}。`);
      }
    }
  });
});
