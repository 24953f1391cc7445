export type ChannelKind = "public" | "private" | "presence";

export const SERVER_TO_USER_PREFIX = "#server-to-user-";

// Docs allow [A-Za-z0-9_\-=@,.;]; `#` is reserved for server-to-user channels, handled separately.
const CHANNEL_NAME = /^[-a-zA-Z0-9_=@,.;]+$/;

export type ChannelNameProblem = "invalid" | "too-long";

export function checkChannelName(name: string, maxLength: number): ChannelNameProblem | null {
  if (name.length > maxLength) return "too-long";
  return CHANNEL_NAME.test(name) ? null : "invalid";
}

/**
 * Routed on prefix like pusher-js does. `private-encrypted-` is a private channel to the
 * server (it only forwards ciphertext); cache variants behave as their base type.
 */
export function channelKind(name: string): ChannelKind {
  if (name.startsWith("presence-")) return "presence";
  if (name.startsWith("private-")) return "private";
  return "public";
}

/** The user id of a `#server-to-user-<id>` channel, or null for any other name. */
export function serverToUserId(name: string): string | null {
  if (!name.startsWith(SERVER_TO_USER_PREFIX)) return null;
  const id = name.slice(SERVER_TO_USER_PREFIX.length);
  return id === "" ? null : id;
}

export interface PresenceMember {
  userId: string;
  userInfo: unknown;
}

export interface PresenceSnapshot {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
}

interface MemberState {
  info: unknown;
  /** One user may be present through several connections; they share one member entry. */
  connections: number;
}

interface ChannelState<C> {
  /** Subscriber → its presence user id (undefined on non-presence channels). */
  readonly subscribers: Map<C, string | undefined>;
  readonly members: Map<string, MemberState> | undefined;
}

export interface SubscribeResult {
  /** False when the connection already held the channel (a repeated subscribe). */
  subscribed: boolean;
  /** Set when this subscription brought a new user into a presence channel. */
  memberAdded: PresenceMember | null;
}

export interface UnsubscribeResult {
  channel: string;
  /** Set when the connection was the user's last one in the presence channel. */
  memberRemoved: string | null;
}

/**
 * Who is subscribed to what, and who is present where. Generic over the connection
 * handle so it stays free of sockets and can be unit tested directly.
 */
export class ChannelRegistry<C> {
  private readonly channels = new Map<string, ChannelState<C>>();
  private readonly byConnection = new Map<C, Set<string>>();
  private readonly noSubscribers: ReadonlyMap<C, string | undefined> = new Map();

  get channelCount(): number {
    return this.channels.size;
  }

  /** `member` is required for presence channels and ignored elsewhere. */
  subscribe(conn: C, channel: string, member?: PresenceMember): SubscribeResult {
    let state = this.channels.get(channel);
    if (state?.subscribers.has(conn)) return { subscribed: false, memberAdded: null };

    const presence = channelKind(channel) === "presence";
    if (presence && member === undefined) throw new Error(`presence channel ${channel} needs a member`);
    if (state === undefined) {
      state = { subscribers: new Map(), members: presence ? new Map() : undefined };
      this.channels.set(channel, state);
    }

    let joined = this.byConnection.get(conn);
    if (joined === undefined) {
      joined = new Set();
      this.byConnection.set(conn, joined);
    }
    joined.add(channel);

    if (state.members === undefined || member === undefined) {
      state.subscribers.set(conn, undefined);
      return { subscribed: true, memberAdded: null };
    }
    state.subscribers.set(conn, member.userId);
    const existing = state.members.get(member.userId);
    if (existing !== undefined) {
      existing.connections += 1;
      return { subscribed: true, memberAdded: null };
    }
    state.members.set(member.userId, { info: member.userInfo, connections: 1 });
    return { subscribed: true, memberAdded: { userId: member.userId, userInfo: member.userInfo } };
  }

  unsubscribe(conn: C, channel: string): UnsubscribeResult | null {
    const state = this.channels.get(channel);
    if (state === undefined || !state.subscribers.has(conn)) return null;
    const userId = state.subscribers.get(conn);
    state.subscribers.delete(conn);

    const joined = this.byConnection.get(conn);
    joined?.delete(channel);
    if (joined?.size === 0) this.byConnection.delete(conn);

    let memberRemoved: string | null = null;
    if (state.members !== undefined && userId !== undefined) {
      const member = state.members.get(userId);
      if (member !== undefined && --member.connections === 0) {
        state.members.delete(userId);
        memberRemoved = userId;
      }
    }
    if (state.subscribers.size === 0) this.channels.delete(channel);
    return { channel, memberRemoved };
  }

  /** Drops every subscription of a closing connection. */
  unsubscribeAll(conn: C): UnsubscribeResult[] {
    const joined = this.byConnection.get(conn);
    if (joined === undefined) return [];
    const results: UnsubscribeResult[] = [];
    for (const channel of [...joined]) {
      const result = this.unsubscribe(conn, channel);
      if (result !== null) results.push(result);
    }
    return results;
  }

  isSubscribed(conn: C, channel: string): boolean {
    return this.channels.get(channel)?.subscribers.has(conn) ?? false;
  }

  /** Live view for fan-out; iterate its keys, do not mutate. */
  subscribers(channel: string): ReadonlyMap<C, string | undefined> {
    return this.channels.get(channel)?.subscribers ?? this.noSubscribers;
  }

  /** The presence user id this connection joined the channel as. */
  memberOf(conn: C, channel: string): string | undefined {
    return this.channels.get(channel)?.subscribers.get(conn);
  }

  hasMember(channel: string, userId: string): boolean {
    return this.channels.get(channel)?.members?.has(userId) ?? false;
  }

  subscriptionCount(channel: string): number {
    return this.channels.get(channel)?.subscribers.size ?? 0;
  }

  userCount(channel: string): number {
    return this.channels.get(channel)?.members?.size ?? 0;
  }

  userIds(channel: string): string[] {
    const members = this.channels.get(channel)?.members;
    return members === undefined ? [] : [...members.keys()];
  }

  presence(channel: string): PresenceSnapshot {
    // Null prototype so a user id like "__proto__" becomes a plain key rather than a prototype write.
    const hash = Object.create(null) as Record<string, unknown>;
    const ids: string[] = [];
    const members = this.channels.get(channel)?.members;
    if (members !== undefined) {
      for (const [id, member] of members) {
        hash[id] = member.info;
        ids.push(id);
      }
    }
    return { ids, hash, count: ids.length };
  }

  /** Occupied channels only, as the HTTP API lists them. */
  channelNames(): IterableIterator<string> {
    return this.channels.keys();
  }

  channelsOf(conn: C): ReadonlySet<string> {
    return this.byConnection.get(conn) ?? new Set();
  }
}

/** channel_data is signed by the app, so it is trusted once verified; only its shape is checked. */
export function parsePresenceMember(channelData: string, maxUserIdLength: number): PresenceMember | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(channelData);
  } catch {
    return "Invalid channel_data: not JSON";
  }
  if (typeof parsed !== "object" || parsed === null) return "Invalid channel_data: expected an object";
  const { user_id: rawId, user_info: userInfo } = parsed as Record<string, unknown>;
  // The SDK signs whatever the app passes; numeric ids are common, so normalise to the string pusher-js keys members by.
  const userId = typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : rawId;
  if (typeof userId !== "string" || userId === "") return "Invalid channel_data: user_id is required";
  if (userId.length > maxUserIdLength)
    return `Invalid channel_data: user_id is longer than ${maxUserIdLength} characters`;
  return { userId, userInfo: userInfo ?? null };
}
