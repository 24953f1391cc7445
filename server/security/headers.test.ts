import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, hasCredentialsInQuery, isCrossSiteWrite } from "./headers";

describe("contentSecurityPolicy", () => {
  const realtime = { key: "k", wsHost: "rt.example.com", wsPort: 443, forceTLS: true, cluster: "eu" };

  it("allows scripts only by nonce, forbids framing, and allows the realtime host", () => {
    const csp = contentSecurityPolicy({ nonce: "abc", realtime, dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' wss://rt.example.com:443");
    expect(csp).toContain("object-src 'none'");
  });

  it("uses ws:// for a plain-text realtime server and relaxes eval only in development", () => {
    const csp = contentSecurityPolicy({
      nonce: "n",
      realtime: { ...realtime, forceTLS: false, wsHost: "localhost", wsPort: 6001 },
      dev: true,
    });
    expect(csp).toContain("ws://localhost:6001");
    expect(csp).toContain("'unsafe-eval'");
  });
});

describe("isCrossSiteWrite", () => {
  it.each([
    ["POST", "https://evil.example", "app.example", true],
    ["POST", "https://app.example", "app.example", false],
    ["POST", null, "app.example", false],
    ["GET", "https://evil.example", "app.example", false],
    ["POST", "not a url", "app.example", true],
    ["POST", "http://localhost:3101", "localhost:3100", true],
  ])("%s from %s to %s → %s", (method, origin, host, expected) => {
    expect(isCrossSiteWrite(method, origin, [host])).toBe(expected);
  });

  it("accepts the public host behind a proxy that rewrites Host", () => {
    expect(isCrossSiteWrite("POST", "https://chat.example.com", ["app:3000", "chat.example.com"])).toBe(false);
  });
});

describe("hasCredentialsInQuery", () => {
  it.each([
    ["email=a%40b.c&password=secret", true],
    ["Password=x", true],
    ["csrfToken=abc&email=a", true],
    ["email=a%40b.c", false],
    ["callbackUrl=%2F", false],
    ["", false],
  ])("?%s → %s", (query, expected) => {
    expect(hasCredentialsInQuery(new URLSearchParams(query))).toBe(expected);
  });
});
