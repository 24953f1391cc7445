import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./db-errors";

const err = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });

describe("isDatabaseUnavailable", () => {
  it.each([
    [err("ECONNREFUSED"), true],
    [err("CONNECTION_CLOSED"), true],
    [err("57P01"), true],
    [err("08006"), true],
    [err("INTERNAL_SERVER_ERROR", err("Wrapped", err("ECONNRESET"))), true],
    [err("23505"), false],
    [err("22P02"), false],
    [new Error("plain"), false],
    [null, false],
  ])("%s → %s", (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
