import { describe, expect, it } from "vitest";
import { ChannelRegistry, channelKind, checkChannelName, serverToUserId } from "./channels";

describe("channel names", () => {
  it("classifies by prefix", () => {
    expect(channelKind("chat-room")).toBe("public");
    expect(channelKind("cache-room")).toBe("public");
    expect(channelKind("private-room")).toBe("private");
    expect(channelKind("private-encrypted-room")).toBe("private");
    expect(channelKind("private-cache-room")).toBe("private");
    expect(channelKind("presence-room")).toBe("presence");
    expect(channelKind("presence-cache-room")).toBe("presence");
    expect(channelKind("privateroom")).toBe("public");
  });

  it("accepts only the documented characters and length", () => {
    expect(checkChannelName("a-Z_0=@,.;", 200)).toBeNull();
    expect(checkChannelName("has space", 200)).toBe("invalid");
    expect(checkChannelName("#server-to-user-1", 200)).toBe("invalid");
    expect(checkChannelName("", 200)).toBe("invalid");
    expect(checkChannelName("x".repeat(200), 200)).toBeNull();
    expect(checkChannelName("x".repeat(201), 200)).toBe("too-long");
  });

  it("extracts server-to-user ids", () => {
    expect(serverToUserId("#server-to-user-42")).toBe("42");
    expect(serverToUserId("#server-to-user-")).toBeNull();
    expect(serverToUserId("private-42")).toBeNull();
  });
});

describe("ChannelRegistry", () => {
  it("tracks public subscriptions and forgets empty channels", () => {
    const reg = new ChannelRegistry<string>();
    expect(reg.subscribe("a", "room")).toEqual({ subscribed: true, memberAdded: null });
    expect(reg.subscribe("b", "room")).toEqual({ subscribed: true, memberAdded: null });
    expect(reg.subscriptionCount("room")).toBe(2);
    expect([...reg.subscribers("room").keys()]).toEqual(["a", "b"]);
    expect(reg.isSubscribed("a", "room")).toBe(true);
    expect(reg.channelCount).toBe(1);

    expect(reg.unsubscribe("a", "room")).toEqual({ channel: "room", memberRemoved: null });
    expect(reg.isSubscribed("a", "room")).toBe(false);
    expect(reg.unsubscribe("a", "room")).toBeNull();
    reg.unsubscribe("b", "room");
    expect(reg.channelCount).toBe(0);
    expect(reg.subscribers("room").size).toBe(0);
    expect([...reg.channelNames()]).toEqual([]);
  });

  it("treats a repeated subscribe as a no-op", () => {
    const reg = new ChannelRegistry<string>();
    reg.subscribe("a", "room");
    expect(reg.subscribe("a", "room")).toEqual({ subscribed: false, memberAdded: null });
    expect(reg.subscriptionCount("room")).toBe(1);
  });

  it("requires a member for presence channels", () => {
    const reg = new ChannelRegistry<string>();
    expect(() => reg.subscribe("a", "presence-room")).toThrow(/needs a member/);
  });

  it("deduplicates presence members across connections", () => {
    const reg = new ChannelRegistry<string>();
    const alice = { userId: "1", userInfo: { name: "Alice" } };
    expect(reg.subscribe("a1", "presence-room", alice).memberAdded).toEqual(alice);
    expect(reg.subscribe("a2", "presence-room", alice).memberAdded).toBeNull();
    expect(reg.subscribe("b", "presence-room", { userId: "2", userInfo: null }).memberAdded).toEqual({
      userId: "2",
      userInfo: null,
    });
    expect(reg.hasMember("presence-room", "1")).toBe(true);

    expect(reg.subscriptionCount("presence-room")).toBe(3);
    expect(reg.userCount("presence-room")).toBe(2);
    expect(reg.userIds("presence-room")).toEqual(["1", "2"]);
    expect(reg.memberOf("a2", "presence-room")).toBe("1");
    expect(reg.presence("presence-room")).toEqual({
      ids: ["1", "2"],
      hash: { "1": { name: "Alice" }, "2": null },
      count: 2,
    });

    // Alice keeps her membership until her last connection leaves.
    expect(reg.unsubscribe("a1", "presence-room")?.memberRemoved).toBeNull();
    expect(reg.userCount("presence-room")).toBe(2);
    expect(reg.unsubscribe("a2", "presence-room")?.memberRemoved).toBe("1");
    expect(reg.userIds("presence-room")).toEqual(["2"]);
    expect(reg.hasMember("presence-room", "1")).toBe(false);
  });

  it("keeps user ids like __proto__ as plain keys in the presence hash", () => {
    const reg = new ChannelRegistry<string>();
    reg.subscribe("a", "presence-x", { userId: "__proto__", userInfo: { evil: true } });
    const snapshot = reg.presence("presence-x");
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual({
      ids: ["__proto__"],
      hash: JSON.parse('{"__proto__":{"evil":true}}'),
      count: 1,
    });
  });

  it("unsubscribes a closing connection from everything and reports departures", () => {
    const reg = new ChannelRegistry<string>();
    reg.subscribe("a", "room");
    reg.subscribe("a", "presence-room", { userId: "1", userInfo: null });
    reg.subscribe("b", "presence-room", { userId: "2", userInfo: null });
    expect(reg.channelsOf("a")).toEqual(new Set(["room", "presence-room"]));

    const results = reg.unsubscribeAll("a");
    expect(results).toEqual([
      { channel: "room", memberRemoved: null },
      { channel: "presence-room", memberRemoved: "1" },
    ]);
    expect(reg.channelsOf("a").size).toBe(0);
    expect(reg.unsubscribeAll("a")).toEqual([]);
    expect([...reg.channelNames()]).toEqual(["presence-room"]);
  });

  it("returns empty views for unknown channels", () => {
    const reg = new ChannelRegistry<string>();
    expect(reg.subscriptionCount("nope")).toBe(0);
    expect(reg.userCount("nope")).toBe(0);
    expect(reg.userIds("nope")).toEqual([]);
    expect(reg.presence("presence-nope")).toEqual({ ids: [], hash: {}, count: 0 });
    expect(reg.memberOf("a", "nope")).toBeUndefined();
  });
});
