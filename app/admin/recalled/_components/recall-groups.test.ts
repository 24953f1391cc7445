import { describe, expect, it } from "vitest";
import { groupRecords } from "./recall-groups";

const at = new Date("2026-12-02T02:35:00.123Z");
const row = (
  id: string,
  over: Partial<{
    revokedAt: Date;
    revoker: { id: string } | null;
    sender: { id: string };
    reason: string | null;
  }> = {},
) => ({
  id,
  revokedAt: at,
  revoker: { id: "admin" },
  sender: { id: "carol" },
  reason: "Spam flood",
  ...over,
});

describe("grouping the rows of one recall action", () => {
  it("consecutive rows with one recall time, revoker, sender and reason form one group", () => {
    const runs = groupRecords([row("a"), row("b"), row("c"), row("d", { revokedAt: new Date(at.getTime() - 1) })]);
    expect(runs.map((r) => (r.kind === "group" ? r.records.map((x) => x.id) : r.record.id))).toEqual([
      ["a", "b", "c"],
      "d",
    ]);
  });

  it("any difference starts a new run: sender, revoker, reason", () => {
    const runs = groupRecords([
      row("a"),
      row("b", { sender: { id: "bob" } }),
      row("c", { revoker: null }),
      row("d", { reason: null }),
      row("e", { reason: null }),
    ]);
    expect(runs.map((r) => r.kind)).toEqual(["one", "one", "one", "group"]);
  });

  it("single recalls stay single rows", () => {
    expect(groupRecords([row("a")])).toEqual([{ kind: "one", record: row("a") }]);
    expect(groupRecords([])).toEqual([]);
  });
});
