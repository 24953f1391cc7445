import { describe, expect, it } from "vitest";
import { parseBatch, parseEvent, parseInfo } from "./event-request";
import { DEFAULT_LIMITS } from "./protocol";

const limits = DEFAULT_LIMITS;

describe("parseEvent", () => {
  it("accepts the SDK's shape and keeps data as the exact string", () => {
    const result = parseEvent(
      { name: "msg", channels: ["a", "b", "a"], data: '{"text":"hi"}', socket_id: "1.2", info: "user_count" },
      limits,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        name: "msg",
        data: '{"text":"hi"}',
        channels: ["a", "b"],
        socketId: "1.2",
        info: new Set(["user_count"]),
      },
    });
  });

  it("accepts `channel`, stringifies object data and allows the server-to-user channel", () => {
    const result = parseEvent({ name: "n", channel: "#server-to-user-42", data: { a: 1 } }, limits);
    expect(result.ok && result.value).toMatchObject({ channels: ["#server-to-user-42"], data: '{"a":1}' });
  });

  it("measures the data limit in UTF-8 bytes", () => {
    const justFits = "é".repeat(limits.maxPayloadBytes / 2);
    expect(parseEvent({ name: "n", channel: "c", data: justFits }, limits).ok).toBe(true);
    expect(parseEvent({ name: "n", channel: "c", data: `${justFits}x` }, limits)).toMatchObject({
      ok: false,
      status: 413,
    });
  });

  it("rejects missing fields, bad names, bad socket ids and too many channels with 400", () => {
    const cases: unknown[] = [
      null,
      [],
      { channels: ["c"], data: "" },
      { name: "", channels: ["c"], data: "" },
      { name: "x".repeat(201), channels: ["c"], data: "" },
      { name: "n", channels: ["c"] },
      { name: "n", data: "" },
      { name: "n", channels: [], data: "" },
      { name: "n", channels: "c", data: "" },
      { name: "n", channels: ["bad name"], data: "" },
      { name: "n", channels: [42], data: "" },
      { name: "n", channels: ["#other"], data: "" },
      { name: "n", channels: ["c"], data: "", socket_id: "abc" },
      { name: "n", channels: ["c"], data: "", info: "bogus" },
      { name: "n", channels: Array.from({ length: 101 }, (_, i) => `c${i}`), data: "" },
    ];
    for (const body of cases)
      expect(parseEvent(body, limits), JSON.stringify(body)).toMatchObject({ ok: false, status: 400 });
    expect(
      parseEvent({ name: "n", channels: Array.from({ length: 100 }, (_, i) => `c${i}`), data: "" }, limits).ok,
    ).toBe(true);
  });
});

describe("parseBatch", () => {
  const item = (i: number) => ({ channel: "c", name: `e${i}`, data: "{}" });

  it("accepts up to the batch limit and rejects more", () => {
    expect(parseBatch({ batch: Array.from({ length: 10 }, (_, i) => item(i)) }, limits).ok).toBe(true);
    expect(parseBatch({ batch: Array.from({ length: 11 }, (_, i) => item(i)) }, limits)).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(parseBatch({ batch: [] }, limits)).toMatchObject({ ok: false, status: 400 });
    expect(parseBatch({}, limits)).toMatchObject({ ok: false, status: 400 });
  });

  it("requires `channel` on items and reports which item failed", () => {
    expect(parseBatch({ batch: [item(0), { name: "e", channels: ["c"], data: "" }] }, limits)).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^batch\[1\]/),
    });
  });
});

describe("parseInfo", () => {
  it("parses comma-separated attributes and rejects unknown ones", () => {
    expect(parseInfo(undefined, ["user_count"])).toEqual(new Set());
    expect(parseInfo("user_count, subscription_count", ["user_count", "subscription_count"])).toEqual(
      new Set(["user_count", "subscription_count"]),
    );
    expect(parseInfo("cache", ["user_count"])).toMatch(/Unsupported/);
    expect(parseInfo(7, ["user_count"])).toMatch(/string/);
  });
});
