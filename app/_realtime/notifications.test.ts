import { describe, expect, it } from "vitest";
import { notifyChannel } from "./notifications";

const base = { enabled: true, permission: "granted" as const, fromMe: false, readable: true, inView: false };

describe("notifyChannel", () => {
  it("uses a browser notification when allowed", () => {
    expect(notifyChannel(base)).toBe("browser");
  });
  it("falls back to an in-app toast when the permission is denied or unavailable", () => {
    expect(notifyChannel({ ...base, permission: "denied" })).toBe("toast");
    expect(notifyChannel({ ...base, permission: "unsupported" })).toBe("toast");
  });
  it("stays quiet when off, for own messages, recalled ones, or the conversation on screen", () => {
    expect(notifyChannel({ ...base, enabled: false })).toBe("none");
    expect(notifyChannel({ ...base, fromMe: true })).toBe("none");
    expect(notifyChannel({ ...base, readable: false })).toBe("none");
    expect(notifyChannel({ ...base, inView: true })).toBe("none");
  });
});
