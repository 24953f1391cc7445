import { describe, expect, it } from "vitest";
import { describeError, devLine } from "./logger";

describe("describeError", () => {
  it("reduces a drizzle query error to codes: neither the parameters nor PostgreSQL's quoted value survive", () => {
    const pg = Object.assign(new Error('invalid input syntax for type uuid: "my secret text"'), {
      name: "PostgresError",
      code: "22P02",
    });
    const drizzle = Object.assign(new Error("Failed query: select $1::uuid\nparams: my secret text"), {
      query: "select $1::uuid",
      params: ["my secret text"],
      cause: pg,
    });
    const described = describeError(drizzle);
    expect(JSON.stringify(described)).not.toContain("secret");
    expect(described).toEqual({ name: "Error", cause: { name: "PostgresError", sqlstate: "22P02" } });
  });

  it("keeps the message of other errors, bounded", () => {
    expect(describeError(new TypeError("x".repeat(500)))).toEqual({ name: "TypeError", message: "x".repeat(300) });
  });
});

describe("devLine", () => {
  it("turns a JSON line into a readable one with the extra fields", () => {
    const line = devLine(
      JSON.stringify({
        level: 30,
        time: Date.UTC(2026, 0, 1, 12, 0, 1),
        pid: 1,
        msg: "trpc",
        procedure: "message.send",
        status: "OK",
      }),
    );
    expect(line).toBe("12:00:01 INFO  trpc procedure=message.send status=OK\n");
  });
});
