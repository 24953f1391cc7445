import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { encodeSystemLine, parseSystemLine, type SystemLine } from "~/server/chat/system-line";
import { systemLineText } from "./system-line";

const alice = { id: "a", name: "Alice" };
const carol = { id: "c", name: "Carol" };
const line = (from: SystemLine["from"], to: SystemLine["to"]) =>
  encodeSystemLine({ type: "role_changed", target: carol, from, to });

describe("systemLineText", () => {
  const en = dictionaries.en;
  it.each([
    ["member", "admin", "b", "Alice made Carol an admin"],
    ["member", "owner", "b", "Alice made Carol an owner"],
    ["admin", "member", "b", "Alice removed Carol as an admin"],
    ["owner", "member", "b", "Alice removed Carol as an owner"],
    ["member", "admin", "a", "You made Carol an admin"],
    ["member", "admin", "c", "Alice made you an admin"],
  ] as const)("%s → %s seen by %s", (from, to, me, expected) => {
    expect(systemLineText(en, { sender: alice, body: line(from, to) }, me)).toBe(expected);
  });

  it("words it in Chinese too", () => {
    expect(systemLineText(dictionaries.zh, { sender: alice, body: line("member", "admin") }, "b")).toBe(
      "Alice 将 Carol 设为管理员",
    );
    expect(systemLineText(dictionaries.zh, { sender: alice, body: line("admin", "member") }, "c")).toBe(
      "Alice 取消了你的管理员身份",
    );
  });

  it("shows a neutral line, never raw data, for a body it cannot read", () => {
    for (const body of [
      null,
      "",
      "not json",
      "null",
      '{"type":"other"}',
      '{"type":"role_changed","target":{"id":1},"from":"member","to":"admin"}',
      '{"type":"role_changed","target":{"id":"c","name":"C"},"from":"member","to":"king"}',
    ]) {
      expect(systemLineText(en, { sender: alice, body }, "b")).toBe("This conversation was updated");
    }
  });
});

describe("parseSystemLine", () => {
  it("round-trips what the server encodes", () => {
    const value: SystemLine = { type: "role_changed", target: carol, from: "admin", to: "owner" };
    expect(parseSystemLine(encodeSystemLine(value))).toEqual(value);
  });
});
