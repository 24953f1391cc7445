import { type QueryClient } from "@tanstack/react-query";
import { type MessageEventPayload } from "~/server/realtime/events";
import { serverClock } from "./server-clock";
import {
  applyEvent,
  applySync,
  type ChangesPage,
  type HistoryPage,
  mergeLatest,
  mergeOlder,
  oldestSeq,
  type Timeline,
  timelineFromHistory,
} from "./timeline";

export const timelineKey = (conversationId: string) => ["recall", "timeline", conversationId] as const;

export const HISTORY_PAGE = 50;
const CHANGES_PAGE = 200;
/** Backoff for a failed catch-up: 1 s, 2 s, 4 s … then the next event, reconnect or focus tries. */
const RETRY_BASE_MS = 1_000;
export const CATCH_UP_RETRIES = 6;

export interface SyncApi {
  history(input: {
    conversationId: string;
    before?: number;
    limit: number;
  }): Promise<HistoryPage & { serverTime: Date }>;
  changes(input: {
    conversationId: string;
    afterVersion: number;
    limit: number;
  }): Promise<ChangesPage & { serverTime: Date }>;
}

/**
 * Keeps the cached timelines converged with the server. Realtime events are a speed-up: an
 * event that is not the next version triggers `sync.changes` from the last contiguous version,
 * and the same catch-up runs after reconnects, when the tab becomes visible again and when a
 * cached conversation is opened. At most one catch-up per conversation is in flight; a request
 * that arrives meanwhile runs once more afterwards so nothing that happened during the first
 * one is missed.
 */
export class SyncEngine {
  private inflight = new Map<string, Promise<void>>();
  private rerun = new Set<string>();
  private loading = new Set<string>();
  private missedWhileLoading = new Set<string>();
  private olderInflight = new Map<string, Promise<void>>();
  private failures = new Map<string, number>();
  private retryTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly queryClient: QueryClient,
    private readonly api: SyncApi,
  ) {}

  get(conversationId: string): Timeline | undefined {
    return this.queryClient.getQueryData<Timeline>(timelineKey(conversationId));
  }

  update(conversationId: string, fn: (t: Timeline) => Timeline): void {
    this.queryClient.setQueryData<Timeline>(timelineKey(conversationId), (old) => (old ? fn(old) : old));
  }

  /** Conversation ids whose timeline is in the cache. */
  loadedConversations(): string[] {
    return this.queryClient
      .getQueryCache()
      .findAll({ queryKey: ["recall", "timeline"] })
      .flatMap((q) => (q.state.data ? [q.queryKey[2] as string] : []));
  }

  /** The query function of a timeline: the newest page, merged into what the cache already had. */
  async loadTimeline(conversationId: string): Promise<Timeline> {
    this.loading.add(conversationId);
    this.missedWhileLoading.delete(conversationId);
    try {
      const page = await this.api.history({ conversationId, limit: HISTORY_PAGE });
      serverClock.note(page.serverTime);
      let timeline = timelineFromHistory(conversationId, page);
      const old = this.get(conversationId);
      if (old) timeline = mergeLatest(old, timeline);
      // Events that arrived while the page was on its way had nowhere to go: fetch them now.
      if (this.missedWhileLoading.has(conversationId))
        timeline = applySync(timeline, await this.fetchChanges(conversationId, timeline.version));
      return timeline;
    } finally {
      this.loading.delete(conversationId);
      this.missedWhileLoading.delete(conversationId);
    }
  }

  /**
   * A newest history page read elsewhere (the server render) becomes the timeline, unless one is
   * cached already: that one may hold pending sends, older pages and events newer than the page.
   * The opening catch-up then brings it up to date, as for any cached timeline.
   */
  seed(conversationId: string, page: HistoryPage): void {
    if (this.get(conversationId)) return;
    this.queryClient.setQueryData<Timeline>(timelineKey(conversationId), timelineFromHistory(conversationId, page));
  }

  /** Older history before the oldest loaded message; single-flight per conversation. */
  loadOlder(conversationId: string): Promise<void> {
    const running = this.olderInflight.get(conversationId);
    if (running) return running;
    const t = this.get(conversationId);
    const before = t ? oldestSeq(t) : null;
    if (!t || !t.hasMoreBefore || before === null) return Promise.resolve();
    const run = this.api
      .history({ conversationId, before, limit: HISTORY_PAGE })
      .then((page) => {
        serverClock.note(page.serverTime);
        this.update(conversationId, (cur) => mergeOlder(cur, page));
      })
      .finally(() => this.olderInflight.delete(conversationId));
    this.olderInflight.set(conversationId, run);
    return run;
  }

  /** Applies a `message.*` event (named `name`); returns whether a catch-up was started. */
  handleMessageEvent(payload: MessageEventPayload, name?: string): boolean {
    const id = payload.conversationId;
    const t = this.get(id);
    if (!t) {
      if (this.loading.has(id)) this.missedWhileLoading.add(id);
      return false;
    }
    const { timeline, needsSync } = applyEvent(t, payload, name);
    if (timeline !== t) this.queryClient.setQueryData(timelineKey(id), timeline);
    if (needsSync) void this.catchUp(id);
    return needsSync;
  }

  /** Fetches every change after the last contiguous version (looping while `hasMore`). */
  catchUp(conversationId: string): Promise<void> {
    const running = this.inflight.get(conversationId);
    if (running) {
      this.rerun.add(conversationId);
      return running;
    }
    const run = (async () => {
      do {
        this.rerun.delete(conversationId);
        const t = this.get(conversationId);
        if (!t) return;
        const page = await this.fetchChanges(conversationId, t.version);
        // Applied onto the CURRENT cache entry: events and sends may have landed meanwhile.
        this.update(conversationId, (cur) => applySync(cur, page));
      } while (this.rerun.has(conversationId));
      this.failures.delete(conversationId);
    })()
      .catch((error: unknown) => {
        // A failed catch-up leaves a known hole: if no later event comes to reveal it, only a
        // retry closes it, so retry with backoff (bounded; events, reconnects and focus also retry).
        console.warn("sync.changes failed", error);
        this.scheduleRetry(conversationId);
      })
      .finally(() => this.inflight.delete(conversationId));
    this.inflight.set(conversationId, run);
    return run;
  }

  private scheduleRetry(conversationId: string): void {
    const failures = (this.failures.get(conversationId) ?? 0) + 1;
    this.failures.set(conversationId, failures);
    if (failures > CATCH_UP_RETRIES || this.retryTimers.has(conversationId)) return;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(conversationId);
        void this.catchUp(conversationId);
      },
      RETRY_BASE_MS * 2 ** (failures - 1),
    );
    this.retryTimers.set(conversationId, timer);
  }

  /** Stops pending retries (sign-out, tests). */
  dispose(): void {
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
  }

  catchUpAll(): void {
    for (const id of this.loadedConversations()) void this.catchUp(id);
  }

  /** Every change after `afterVersion`, following `hasMore` pages, as one page. */
  private async fetchChanges(conversationId: string, afterVersion: number): Promise<ChangesPage> {
    const changes: ChangesPage["changes"] = [];
    let after = afterVersion;
    for (;;) {
      const page = await this.api.changes({ conversationId, afterVersion: after, limit: CHANGES_PAGE });
      serverClock.note(page.serverTime);
      changes.push(...page.changes);
      if (!page.hasMore || page.version <= after) return { changes, version: page.version, hasMore: false };
      after = page.version;
    }
  }
}
