import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";
import { recallTip } from "./recall-tip";

const alice = { id: "alice", name: "Alice" };
const bob = { id: "bob", name: "Bob" };
const admin = { id: "root", name: "Root" };

function recalled(
  sender: typeof alice,
  by: typeof alice,
  kind: NonNullable<MessageView["recall"]>["kind"],
  reason: string | null = null,
) {
  return { sender, recall: { at: new Date(), by, kind, reason } };
}

describe("recallTip (en)", () => {
  const t = dictionaries.en;
  it.each([
    ["own recall, seen by the sender", recalled(alice, alice, "sender"), "alice", "You recalled a message"],
    ["own recall, seen by others", recalled(alice, alice, "sender"), "bob", "Alice recalled a message"],
    ["group owner recalled Bob's", recalled(bob, alice, "group_owner"), "carol", "Alice recalled a message from Bob"],
    [
      "group admin recalled Bob's, seen by Bob",
      recalled(bob, alice, "group_admin"),
      "bob",
      "Alice recalled your message",
    ],
    ["moderator's own view", recalled(bob, alice, "group_owner"), "alice", "You recalled a message from Bob"],
    ["system admin removed Bob's", recalled(bob, admin, "system_admin"), "carol", "A message was removed by an admin"],
    [
      "system admin removed Bob's, seen by Bob",
      recalled(bob, admin, "system_admin"),
      "bob",
      "A message was removed by an admin",
    ],
    ["system admin recalled their own", recalled(admin, admin, "system_admin"), "carol", "Root recalled a message"],
  ])("%s", (_label, message, me, expected) => {
    expect(recallTip(t, message, me)).toBe(expected);
  });

  it("appends the reason", () => {
    expect(recallTip(t, recalled(bob, alice, "group_owner", "Spam"), "carol")).toBe(
      "Alice recalled a message from Bob · Reason: Spam",
    );
    expect(recallTip(t, recalled(bob, admin, "system_admin", "Personal data"), "carol")).toBe(
      "A message was removed by an admin · Reason: Personal data",
    );
  });
});

describe("recallTip (zh)", () => {
  const t = dictionaries.zh;
  it.each([
    [recalled(alice, alice, "sender"), "alice", "你撤回了一条消息"],
    [recalled(alice, alice, "sender"), "bob", "Alice 撤回了一条消息"],
    [recalled(bob, alice, "group_owner"), "carol", "Alice 撤回了 Bob 的一条消息"],
    [recalled(bob, admin, "system_admin"), "carol", "管理员撤回了一条消息"],
  ])("%#", (message, me, expected) => {
    expect(recallTip(t, message, me)).toBe(expected);
  });
});

describe("recallTip for a run of tips", () => {
  it.each([
    [dictionaries.en, recalled(alice, alice, "sender"), "alice", 3, "You recalled 3 messages"],
    [dictionaries.en, recalled(alice, alice, "sender"), "bob", 2, "Alice recalled 2 messages"],
    [dictionaries.en, recalled(bob, alice, "group_owner"), "alice", 4, "You recalled 4 messages from Bob"],
    [dictionaries.en, recalled(bob, alice, "group_owner"), "carol", 5, "Alice recalled 5 messages from Bob"],
    [dictionaries.en, recalled(bob, alice, "group_admin"), "bob", 6, "Alice recalled 6 of your messages"],
    [
      dictionaries.en,
      recalled(bob, admin, "system_admin", "Spam flood"),
      "carol",
      40,
      "40 messages were removed by an admin · Reason: Spam flood",
    ],
    [dictionaries.zh, recalled(bob, admin, "system_admin"), "carol", 40, "管理员撤回了 40 条消息"],
    [dictionaries.zh, recalled(alice, alice, "sender"), "alice", 3, "你撤回了 3 条消息"],
  ])("%#", (t, message, me, count, expected) => {
    expect(recallTip(t, message, me, count)).toBe(expected);
  });
});
