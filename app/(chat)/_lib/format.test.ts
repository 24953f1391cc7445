import { describe, expect, it } from "vitest";
import { clockOffset, serverClock } from "~/app/_realtime/server-clock";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { badgeCount, initials, newClientMsgId } from "./format";

describe("badges", () => {
  it("caps at 99+", () => {
    expect(badgeCount(3)).toBe("3");
    expect(badgeCount(99)).toBe("99");
    expect(badgeCount(100)).toBe("99+");
    expect(dictionaries.en.list.unread(3)).toBe("3 unread");
    expect(dictionaries.en.list.unread(150)).toBe("99+ unread");
  });
});

describe("newClientMsgId", () => {
  it("matches what message.send accepts and differs each time", () => {
    const a = newClientMsgId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newClientMsgId()).not.toBe(a);
  });
});

describe("initials", () => {
  it("takes first letters", () => {
    expect(initials("Alice Smith")).toBe("AS");
    expect(initials("bob")).toBe("B");
    expect(initials("王小明")).toBe("王");
    expect(initials("  ")).toBe("?");
  });
});

describe("server clock", () => {
  it("offset is the server time minus the local receipt time", () => {
    expect(clockOffset(new Date(10_000), 7_000)).toBe(3_000);
  });

  it("a client clock that runs 10 minutes fast still counts down in server time", () => {
    const realNow = Date.now();
    const skew = 10 * 60_000;
    // The server answered "it is realNow" and the client's clock read realNow + skew on receipt.
    serverClock.note(new Date(realNow), realNow + skew);
    expect(serverClock.offset()).toBe(-skew);
    expect(Math.abs(serverClock.now() - (Date.now() - skew))).toBeLessThan(50);
    serverClock.note(new Date(0), 0);
  });
});
