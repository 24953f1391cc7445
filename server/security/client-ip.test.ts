import { describe, expect, it } from "vitest";
import { clientIp, PEER_HEADER, pickClientIp, UNKNOWN_PEER } from "./client-ip";

describe("pickClientIp", () => {
  it("ignores X-Forwarded-For unless proxies are trusted: the socket address wins", () => {
    expect(pickClientIp("10.0.0.9", "203.0.113.5", 0)).toBe("10.0.0.9");
    expect(pickClientIp("10.0.0.9", "203.0.113.5, 127.0.0.1", 0)).toBe("10.0.0.9");
    expect(pickClientIp("::ffff:10.0.0.9", null, 0)).toBe("10.0.0.9");
    expect(pickClientIp(null, "203.0.113.5", 0)).toBeNull();
  });

  it("with N trusted proxies takes the Nth hop from the right, so a client-written prefix does not count", () => {
    // One proxy appended the address it saw (198.51.100.4); the client wrote the rest.
    expect(pickClientIp("10.0.0.2", "1.2.3.4, 198.51.100.4", 1)).toBe("198.51.100.4");
    expect(pickClientIp("10.0.0.2", "1.2.3.4, 198.51.100.4, 10.0.0.1", 2)).toBe("198.51.100.4");
    expect(pickClientIp("10.0.0.2", "198.51.100.4", 3)).toBe("198.51.100.4");
    expect(pickClientIp("10.0.0.2", " , ", 1)).toBe("10.0.0.2");
    expect(pickClientIp("10.0.0.2", null, 1)).toBe("10.0.0.2");
  });
});

describe("clientIp", () => {
  it("reads the peer header our server sets; without it every request shares one budget", () => {
    expect(clientIp(new Headers({ [PEER_HEADER]: "192.0.2.7", "x-forwarded-for": "203.0.113.5" }), 0)).toBe(
      "192.0.2.7",
    );
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.6" }), 0)).toBe(
      UNKNOWN_PEER,
    );
  });
});
