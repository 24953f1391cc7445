import { randomInt } from "node:crypto";
import { ChannelRegistry, channelKind, serverToUserId, type PresenceMember } from "./channels";
import { type Connection } from "./connection";
import { channelEventFrame, type Limits } from "./protocol";

export interface AppCredentials {
  appId: string;
  key: string;
  secret: string;
}

export interface ChannelInfo {
  user_count?: number;
  subscription_count?: number;
}

/**
 * The shared state of one app: live connections, the channel registry and the
 * signed-in user index, plus the fan-out primitive both the WebSocket side and the
 * HTTP API publish through.
 */
export class Hub {
  readonly registry = new ChannelRegistry<Connection>();
  readonly connections = new Map<string, Connection>();
  private readonly users = new Map<string, Set<Connection>>();
  /** Live sockets per client address, for the per-IP cap. */
  private readonly perIp = new Map<string, number>();
  /** Coarse clock, advanced by the liveness sweep; avoids a Date.now() per inbound frame. */
  clock = Date.now();
  closing = false;

  constructor(
    readonly app: AppCredentials,
    readonly limits: Readonly<Limits>,
    readonly log: (line: string) => void,
  ) {}

  /** Unique among live connections, in the `\d+.\d+` shape the SDKs validate. */
  newSocketId(): string {
    for (;;) {
      const id = `${randomInt(1, 1_000_000_000)}.${randomInt(1, 1_000_000_000)}`;
      if (!this.connections.has(id)) return id;
    }
  }

  /** False (and nothing recorded) when the connection's address already holds its quota of sockets. */
  addConnection(conn: Connection): boolean {
    const held = this.perIp.get(conn.ip) ?? 0;
    if (held >= this.limits.maxConnectionsPerIp) return false;
    this.perIp.set(conn.ip, held + 1);
    this.connections.set(conn.socketId, conn);
    return true;
  }

  /** Idempotent: called both when we decide to drop a socket and when it finally closes. */
  removeConnection(conn: Connection): void {
    if (this.connections.get(conn.socketId) !== conn) return;
    this.connections.delete(conn.socketId);
    const held = (this.perIp.get(conn.ip) ?? 1) - 1;
    if (held <= 0) this.perIp.delete(conn.ip);
    else this.perIp.set(conn.ip, held);
    if (conn.user !== undefined) this.unindexUser(conn, conn.user.id);
    for (const { channel, memberRemoved } of this.registry.unsubscribeAll(conn)) {
      if (memberRemoved !== null) this.announceMemberRemoved(channel, memberRemoved);
    }
  }

  signIn(conn: Connection, id: string, info: unknown): void {
    conn.user = { id, info };
    let set = this.users.get(id);
    if (set === undefined) {
      set = new Set();
      this.users.set(id, set);
    }
    set.add(conn);
  }

  connectionsOfUser(userId: string): ReadonlySet<Connection> {
    return this.users.get(userId) ?? new Set();
  }

  private unindexUser(conn: Connection, id: string): void {
    const set = this.users.get(id);
    set?.delete(conn);
    if (set?.size === 0) this.users.delete(id);
  }

  /**
   * Serialises once and sends the same bytes to every recipient. `#server-to-user-<id>`
   * goes to all of that user's signed-in connections, subscribed or not (as Pusher does).
   */
  publish(channel: string, event: string, data: unknown, except?: Connection, userId?: string): void {
    const targetUser = serverToUserId(channel);
    const recipients: Iterable<Connection> =
      targetUser === null ? this.registry.subscribers(channel).keys() : this.connectionsOfUser(targetUser);
    let frame: Buffer | undefined;
    for (const conn of recipients) {
      if (conn === except) continue;
      frame ??= Buffer.from(channelEventFrame(event, channel, data, userId));
      conn.sendShared(frame);
    }
  }

  announceMemberAdded(channel: string, member: PresenceMember, except: Connection): void {
    this.publish(
      channel,
      "pusher_internal:member_added",
      JSON.stringify({ user_id: member.userId, user_info: member.userInfo }),
      except,
    );
  }

  announceMemberRemoved(channel: string, userId: string): void {
    if (this.closing) return;
    this.publish(channel, "pusher_internal:member_removed", JSON.stringify({ user_id: userId }));
  }

  channelInfo(channel: string, attributes: ReadonlySet<string>): ChannelInfo {
    const info: ChannelInfo = {};
    if (attributes.has("user_count") && channelKind(channel) === "presence")
      info.user_count = this.registry.userCount(channel);
    if (attributes.has("subscription_count")) info.subscription_count = this.registry.subscriptionCount(channel);
    return info;
  }

  /** Closes every connection of a signed-in user (HTTP terminate_connections). */
  terminateUser(userId: string, code: number, message: string): void {
    for (const conn of [...this.connectionsOfUser(userId)]) {
      conn.close(code, message);
      this.removeConnection(conn);
    }
  }
}
