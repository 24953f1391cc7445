import { describe, expect, it } from "vitest";
import { compareDevice, expectedViews, Ledger, oracleSql, type OracleRow } from "./oracle";

const C = "11111111-1111-4111-8111-111111111111";
const row = (id: string, over: Partial<OracleRow> = {}): OracleRow => ({
  id,
  conversation_id: C,
  sender_id: "u1",
  client_msg_id: `c-${id}`,
  body: `text ${id}`,
  revoked: false,
  revoke_silent: null,
  revoker_kind: null,
  revoker_id: null,
  revoke_reason: null,
  edited: false,
  hidden_by: [],
  ...over,
});
const recalled = (id: string, over: Partial<OracleRow> = {}) =>
  row(id, { revoked: true, revoke_silent: false, revoker_kind: "sender", revoker_id: "u1", ...over });

describe("SQL oracle", () => {
  it("a recalled message shows no text even when the row still holds it; a silent one is not shown", () => {
    const views = expectedViews(
      [row("a"), recalled("b", { body: "still in the row" }), recalled("c", { revoke_silent: true })],
      "u2",
    ).get(C)!;
    expect([...views.keys()]).toEqual(["a", "b"]);
    expect(views.get("b")).toEqual({ body: null, edited: false, recall: { kind: "sender", by: "u1", reason: null } });
  });

  it("a message a user hid is not shown on that user's devices, and still is on everyone else's", () => {
    const rows = [row("a", { hidden_by: ["u2"] }), row("b", { edited: true, body: "new" })];
    expect([...expectedViews(rows, "u2").get(C)!.keys()]).toEqual(["b"]);
    expect([...expectedViews(rows, "u3").get(C)!.keys()]).toEqual(["a", "b"]);
    expect(expectedViews(rows, "u3").get(C)!.get("b")).toEqual({ body: "new", edited: true, recall: null });
  });

  it("flags recalled text on a device, a missing message, an extra one and a wrong recall kind", () => {
    const expected = expectedViews([row("a"), recalled("b"), recalled("c"), row("e", { edited: true })], "u2").get(C)!;
    const observed = new Map([
      ["b", { body: "text b", edited: false, recall: null }],
      ["c", { body: null, edited: false, recall: { kind: "group_owner", by: "u1", reason: null } }],
      ["e", { body: "text e", edited: false, recall: null }],
      ["x", { body: "ghost", edited: false, recall: null }],
    ]);
    expect(
      compareDevice("d", C, observed, expected)
        .map((d) => d.messageId)
        .sort(),
    ).toEqual(["a", "b", "c", "e", "x"]);
    expect(compareDevice("d", C, new Map(expected), expected)).toEqual([]);
  });

  it("accepts only uuids in the query", () => {
    expect(oracleSql([C])).toContain(`'${C}'::uuid`);
    expect(() => oracleSql(["x'); drop table messages; --"])).toThrow(/not a uuid/);
  });
});

describe("ledger", () => {
  it("every acknowledged send exists exactly once, with the acknowledged id", () => {
    const ledger = new Ledger();
    ledger.sent("u1", "c-a", "a", C);
    ledger.sent("u1", "c-b", "b", C);
    ledger.sent("u1", "c-z", "z", C);
    const problems = ledger.check([row("a"), row("b"), row("b2", { client_msg_id: "c-b" })]);
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/c-b .* stored 2 time/);
    expect(problems.join("\n")).toMatch(/c-z .* stored 0 time/);
  });

  it("an acknowledged recall must be in force unless a later acknowledged restore followed", () => {
    const ledger = new Ledger();
    ledger.recalled("a", 5);
    ledger.recalled("b", 6);
    ledger.restored("b", 8);
    ledger.restored("c", 3);
    ledger.recalled("c", 9);
    expect(ledger.check([row("a"), row("b"), row("c")])).toEqual([
      "message a: acknowledged recall at version 5 (no later restore), but it is not recalled",
      "message c: acknowledged recall at version 9 (no later restore), but it is not recalled",
    ]);
    expect(ledger.check([recalled("a"), row("b"), recalled("c")])).toEqual([]);
  });

  it("an acknowledged edit's text must be in force unless a later recall or edit followed; hides must hold", () => {
    const ledger = new Ledger();
    ledger.edited("a", 4, "edited a");
    ledger.edited("b", 4, "edited b");
    ledger.recalled("b", 5);
    ledger.hid("u2", "c", true);
    ledger.hid("u3", "c", false);
    expect(ledger.check([row("a"), recalled("b"), row("c")])).toEqual([
      'message a: acknowledged edit at version 4 (nothing later), but it reads "text a"',
      "message c: acknowledged hide by u2 not in force",
    ]);
    expect(ledger.check([row("a", { body: "edited a" }), recalled("b"), row("c", { hidden_by: ["u2"] })])).toEqual([]);
  });
});
