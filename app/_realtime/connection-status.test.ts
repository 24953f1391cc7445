import { describe, expect, it } from "vitest";
import { statusFor } from "./connection-status";

describe("statusFor", () => {
  it("says reconnecting only once the connection had been up", () => {
    expect(statusFor("connecting", false)).toBe("connecting");
    expect(statusFor("connecting", true)).toBe("reconnecting");
    expect(statusFor("connected", true)).toBe("connected");
    expect(statusFor("unavailable", true)).toBe("unavailable");
    expect(statusFor("failed", false)).toBe("unavailable");
  });
});
