import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { type MessageChange, type MessageView } from "~/server/realtime/events";
import { CATCH_UP_RETRIES, type SyncApi, SyncEngine, timelineKey } from "./sync-engine";
import { type Timeline } from "./timeline";

const C = "c1";

function msg(seq: number, version = seq): MessageView {
  return {
    id: `m${seq}`,
    conversationId: C,
    seq,
    version,
    kind: "text",
    sender: { id: "bob", name: "Bob" },
    clientMsgId: `client-${seq}`,
    body: `hi ${seq}`,
    createdAt: new Date(seq * 1000),
    replyTo: null,
    recall: null,
    edited: null,
    restored: false,
    attachments: [],
  };
}

/** A fake server: `log` holds every message at its latest version; `head` is the conversation version. */
function fakeServer(initial: MessageView[]) {
  const state = { log: new Map(initial.map((m) => [m.id, m as MessageChange])), head: initial.at(-1)?.version ?? 0 };
  const calls: { afterVersion: number; limit: number }[] = [];
  const api: SyncApi = {
    history: vi.fn(async ({ before, limit }) => {
      const all = [...state.log.values()]
        .filter((m): m is MessageView => !("removed" in m))
        .sort((a, b) => a.seq - b.seq);
      const eligible = before === undefined ? all : all.filter((m) => m.seq < before);
      const page = eligible.slice(-limit);
      return { messages: page, hasMore: eligible.length > limit, version: state.head, serverTime: new Date() };
    }),
    changes: vi.fn(async ({ afterVersion, limit }) => {
      calls.push({ afterVersion, limit });
      const rows = [...state.log.values()]
        .filter((m) => m.version > afterVersion)
        .sort((a, b) => a.version - b.version);
      const page = rows.slice(0, limit);
      const hasMore = rows.length > limit;
      return { changes: page, version: hasMore ? page.at(-1)!.version : state.head, hasMore, serverTime: new Date() };
    }),
  };
  const put = (m: MessageChange) => {
    state.log.set(m.id, m);
    state.head = Math.max(state.head, m.version);
  };
  return { state, api, calls, put };
}

async function setup(initial: MessageView[]) {
  const server = fakeServer(initial);
  const qc = new QueryClient();
  const engine = new SyncEngine(qc, server.api);
  await qc.fetchQuery({ queryKey: timelineKey(C), queryFn: () => engine.loadTimeline(C) });
  const read = () => qc.getQueryData<Timeline>(timelineKey(C))!;
  return { server, engine, read };
}

describe("SyncEngine", () => {
  it("loads the newest page and its version", async () => {
    const { read } = await setup([msg(1), msg(2)]);
    expect(read().version).toBe(2);
    expect(read().messages.map((m) => m.id)).toEqual(["m1", "m2"]);
  });

  it("a page read by the server render becomes the timeline only where none is cached, and catch-up brings it up to date", async () => {
    const server = fakeServer([msg(1), msg(2)]);
    const qc = new QueryClient();
    const engine = new SyncEngine(qc, server.api);
    engine.seed(C, { messages: [msg(1)], hasMore: false, version: 1 });
    const read = () => qc.getQueryData<Timeline>(timelineKey(C))!;
    expect(read().messages.map((m) => m.id)).toEqual(["m1"]);
    // A cached timeline (pending sends, older pages, newer events) is never replaced by a render's snapshot.
    engine.seed(C, { messages: [], hasMore: false, version: 0 });
    expect(read().version).toBe(1);
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    expect(server.calls).toEqual([{ afterVersion: 1, limit: 200 }]);
    expect(server.api.history).not.toHaveBeenCalled();
  });

  it("applies a contiguous event without asking the server", async () => {
    const { engine, read, server } = await setup([msg(1)]);
    server.put(msg(2));
    expect(engine.handleMessageEvent({ conversationId: C, version: 2, message: msg(2) })).toBe(false);
    expect(read().version).toBe(2);
    expect(server.calls).toHaveLength(0);
  });

  it("fills a gap with sync.changes from the last contiguous version", async () => {
    const { engine, read, server } = await setup([msg(1)]);
    server.put(msg(2));
    server.put(msg(3));
    expect(engine.handleMessageEvent({ conversationId: C, version: 3, message: msg(3) })).toBe(true);
    await engine.catchUp(C);
    expect(server.calls[0]!.afterVersion).toBe(1);
    expect(read().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(read().version).toBe(3);
  });

  it("loops while the server says hasMore", async () => {
    const { engine, read, server } = await setup([msg(1)]);
    for (let seq = 2; seq <= 450; seq++) server.put(msg(seq));
    await engine.catchUp(C);
    expect(server.calls.map((c) => c.afterVersion)).toEqual([1, 201, 401]);
    expect(read().messages).toHaveLength(450);
    expect(read().version).toBe(450);
  });

  it("a payload without the message (too large) is fetched by version", async () => {
    const { engine, read, server } = await setup([msg(1)]);
    server.put(msg(2));
    engine.handleMessageEvent({ conversationId: C, version: 2, message: null });
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it("a recall missed while offline is picked up by a catch-up", async () => {
    const { engine, read, server } = await setup([msg(1), msg(2)]);
    server.put({
      ...msg(1, 3),
      body: null,
      recall: { at: new Date(), by: { id: "bob", name: "Bob" }, kind: "sender", reason: null },
    });
    await engine.catchUp(C);
    expect(read().messages[0]!.body).toBeNull();
    expect(read().version).toBe(3);
  });

  it("runs one catch-up at a time and once more if asked meanwhile", async () => {
    const { engine, server } = await setup([msg(1)]);
    server.put(msg(2));
    const a = engine.catchUp(C);
    const b = engine.catchUp(C);
    await Promise.all([a, b]);
    expect(server.calls.map((c) => c.afterVersion)).toEqual([1, 2]);
  });

  it("ignores events for conversations that are not loaded", () => {
    const qc = new QueryClient();
    const engine = new SyncEngine(qc, fakeServer([]).api);
    expect(engine.handleMessageEvent({ conversationId: "nope", version: 5, message: null })).toBe(false);
  });

  it("events that arrive while the first page is loading are caught up before it is shown", async () => {
    const server = fakeServer([msg(1)]);
    const qc = new QueryClient();
    const engine = new SyncEngine(qc, server.api);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const history = server.api.history;
    server.api.history = async (input) => {
      const page = await history(input);
      await gate;
      return page;
    };
    const loading = qc.fetchQuery({ queryKey: timelineKey(C), queryFn: () => engine.loadTimeline(C) });
    await Promise.resolve();
    server.put(msg(2));
    engine.handleMessageEvent({ conversationId: C, version: 2, message: msg(2) });
    release();
    const t = await loading;
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(t.version).toBe(2);
  });

  it("loads older history once per request and merges it", async () => {
    const many = Array.from({ length: 120 }, (_, i) => msg(i + 1));
    const { engine, read } = await setup(many);
    expect(read().messages).toHaveLength(50);
    expect(read().hasMoreBefore).toBe(true);
    await Promise.all([engine.loadOlder(C), engine.loadOlder(C)]);
    expect(read().messages).toHaveLength(100);
    await engine.loadOlder(C);
    expect(read().messages).toHaveLength(120);
    expect(read().hasMoreBefore).toBe(false);
  });

  it("a failed catch-up is retried with backoff until it succeeds, with no later event to reveal the hole", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { server, engine, read } = await setup([msg(1)]);
      server.put(msg(3));
      const changes = vi.mocked(server.api.changes);
      changes.mockRejectedValueOnce(new Error("503")).mockRejectedValueOnce(new Error("503"));
      // A gap starts a catch-up that fails twice; nothing else happens in this conversation.
      engine.handleMessageEvent({ conversationId: C, version: 3, message: null });
      await vi.advanceTimersByTimeAsync(0);
      expect(read().version).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(read().version).toBe(1);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(read().version).toBe(3);
      expect(read().messages.map((m) => m.seq)).toEqual([1, 3]);
      expect(warn).toHaveBeenCalledTimes(2);
      engine.dispose();
    } finally {
      warn.mockRestore();
      vi.useRealTimers();
    }
  });

  it("gives up retrying after a bounded number of failures", async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { server, engine } = await setup([msg(1)]);
      const changes = vi.mocked(server.api.changes);
      changes.mockRejectedValue(new Error("down"));
      void engine.catchUp(C);
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(changes).toHaveBeenCalledTimes(1 + CATCH_UP_RETRIES);
      engine.dispose();
    } finally {
      warn.mockRestore();
      vi.useRealTimers();
    }
  });
});

describe("SyncEngine: edits and delete for me", () => {
  const edited = (m: MessageView, version: number, body: string): MessageView => ({
    ...m,
    version,
    body,
    edited: { at: new Date(version * 1000), count: 1 },
  });
  const removal = (m: MessageView, version: number): MessageChange => ({
    removed: true,
    id: m.id,
    conversationId: C,
    seq: m.seq,
    version,
  });

  it("applies message.edited by version, like a recall", async () => {
    const { engine, read, server } = await setup([msg(1), msg(2)]);
    server.put(edited(msg(1), 3, "fixed"));
    expect(
      engine.handleMessageEvent(
        { conversationId: C, version: 3, message: edited(msg(1), 3, "fixed") },
        "message.edited",
      ),
    ).toBe(false);
    expect(read().messages[0]!.body).toBe("fixed");
    expect(read().version).toBe(3);
    // A late duplicate of an older edit changes nothing.
    engine.handleMessageEvent({ conversationId: C, version: 3, message: edited(msg(1), 2, "old") }, "message.edited");
    expect(read().messages[0]!.body).toBe("fixed");
    expect(server.calls).toHaveLength(0);
  });

  it("message.hidden (user channel, no message) catches up and removes the message", async () => {
    const { engine, read, server } = await setup([msg(1), msg(2)]);
    server.put(removal(msg(1), 3));
    expect(engine.handleMessageEvent({ conversationId: C, version: 3, message: null }, "message.hidden")).toBe(true);
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.id)).toEqual(["m2"]);
    expect(read().version).toBe(3);
  });

  it("an edit event for a message deleted for me does not bring it back", async () => {
    const { engine, read, server } = await setup([msg(1), msg(2)]);
    server.put(removal(msg(1), 3));
    await engine.catchUp(C);
    // Alice edits it: the conversation event carries her view; the feed says it stays removed for me.
    server.put(removal(msg(1), 4));
    engine.handleMessageEvent({ conversationId: C, version: 4, message: edited(msg(1), 4, "new") }, "message.edited");
    expect(read().messages.map((m) => m.id)).toEqual(["m2"]);
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.id)).toEqual(["m2"]);
    expect(read().version).toBe(4);
  });

  it("un-hiding puts the message back in its place, as it is now", async () => {
    const { engine, read, server } = await setup([msg(1), msg(2), msg(3)]);
    server.put(removal(msg(2), 4));
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.id)).toEqual(["m1", "m3"]);
    server.put(edited(msg(2), 5, "back"));
    engine.handleMessageEvent({ conversationId: C, version: 5, message: null }, "message.hidden");
    await engine.catchUp(C);
    expect(read().messages.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(read().messages[1]!.body).toBe("back");
  });
});
