import { channelKind, checkChannelName, parsePresenceMember, serverToUserId, type PresenceMember } from "./channels";
import { type Connection } from "./connection";
import { type Hub } from "./hub";
import {
  ClientEventRejected,
  CloseCode,
  PONG_FRAME,
  dataObject,
  parseClientMessage,
  subscriptionErrorFrame,
  subscriptionSucceededFrame,
  type SubscriptionErrorType,
} from "./protocol";
import { channelAuthString, verifyChannelAuth, verifyUserAuth } from "./signature";

/** Handles one inbound text frame. Never throws on bad input; answers with protocol errors instead. */
export function handleClientMessage(hub: Hub, conn: Connection, raw: string): void {
  const message = parseClientMessage(raw);
  if (message === null) {
    conn.sendError(null, "Invalid message: expected a JSON object with an event name");
    return;
  }
  switch (message.event) {
    case "pusher:ping":
      conn.send(PONG_FRAME);
      return;
    case "pusher:pong":
      return; // Any inbound frame already counts as liveness.
    case "pusher:subscribe":
      subscribe(hub, conn, dataObject(message.data));
      return;
    case "pusher:unsubscribe":
      unsubscribe(hub, conn, dataObject(message.data));
      return;
    case "pusher:signin":
      signIn(hub, conn, dataObject(message.data));
      return;
  }
  if (message.event.startsWith("client-")) clientEvent(hub, conn, message.event, message.channel, message.data);
  // Other events are ignored, as Pusher and soketi do, so newer clients do not break.
}

function rejectSubscription(
  conn: Connection,
  channel: string,
  type: SubscriptionErrorType,
  error: string,
  status: number,
  errorCode: number | null = null,
): void {
  conn.send(subscriptionErrorFrame(channel, type, error, status));
  // Real Pusher reports auth failures as a connection-level pusher:error (code null);
  // sending both keeps apps written against either behaviour informed. Neither closes the socket.
  conn.sendError(errorCode, error, channel);
}

function subscribe(hub: Hub, conn: Connection, data: Record<string, unknown> | null): void {
  const channel = data?.channel;
  if (data === null || typeof channel !== "string") {
    conn.sendError(null, "pusher:subscribe requires data.channel");
    return;
  }

  const userChannelOwner = serverToUserId(channel);
  if (userChannelOwner !== null) {
    // Only the signed-in owner may hold its server-to-user channel.
    if (conn.user?.id === userChannelOwner) conn.send(subscriptionSucceededFrame(channel));
    else rejectSubscription(conn, channel, "AuthError", "The connection is not signed in as this user", 401);
    return;
  }

  const nameProblem = checkChannelName(channel, hub.limits.maxChannelNameLength);
  if (nameProblem === "too-long") {
    rejectSubscription(
      conn,
      channel,
      "LimitReached",
      `The channel name is longer than the allowed ${hub.limits.maxChannelNameLength} characters.`,
      4009,
    );
    return;
  }
  if (nameProblem === "invalid") {
    rejectSubscription(
      conn,
      channel,
      "InvalidChannel",
      "Channel names may only contain A-Z a-z 0-9 _ - = @ , . ;",
      4009,
    );
    return;
  }

  const kind = channelKind(channel);
  if (kind === "public" && !hub.limits.publicChannels) {
    rejectSubscription(
      conn,
      channel,
      "AuthError",
      "Public channels are disabled on this server; use a private channel.",
      4009,
    );
    return;
  }
  if (
    !hub.registry.isSubscribed(conn, channel) &&
    hub.registry.channelsOf(conn).size >= hub.limits.maxChannelsPerSocket
  ) {
    rejectSubscription(
      conn,
      channel,
      "LimitReached",
      `A connection can hold at most ${hub.limits.maxChannelsPerSocket} channels; unsubscribe from some first.`,
      CloseCode.OverQuota,
      CloseCode.OverQuota,
    );
    return;
  }
  if (kind === "public") {
    hub.registry.subscribe(conn, channel);
    conn.send(subscriptionSucceededFrame(channel));
    return;
  }

  const channelData = typeof data.channel_data === "string" ? data.channel_data : undefined;
  if (kind === "private" || channelData === undefined) {
    if (!signatureHolds(hub, conn, channel, undefined, data.auth)) return;
    if (kind === "private") {
      hub.registry.subscribe(conn, channel);
      conn.send(subscriptionSucceededFrame(channel));
      return;
    }
    // Presence without channel_data: the member is the signed-in user (pusher-js waits for sign-in first).
    if (conn.user === undefined) {
      rejectSubscription(
        conn,
        channel,
        "AuthError",
        "Presence subscription without channel_data requires a signed-in connection",
        401,
      );
      return;
    }
    joinPresence(hub, conn, channel, { userId: conn.user.id, userInfo: conn.user.info ?? null });
    return;
  }

  if (!signatureHolds(hub, conn, channel, channelData, data.auth)) return;
  if (Buffer.byteLength(channelData) > hub.limits.maxPresenceMemberBytes) {
    rejectSubscription(
      conn,
      channel,
      "LimitReached",
      `The presence member data exceeds ${hub.limits.maxPresenceMemberBytes} bytes`,
      4301,
    );
    return;
  }
  const member = parsePresenceMember(channelData, hub.limits.maxPresenceUserIdLength);
  if (typeof member === "string") {
    rejectSubscription(conn, channel, "AuthError", member, 401);
    return;
  }
  joinPresence(hub, conn, channel, member);
}

/** Checks the app's signature over the subscription; when it does not match, refuses it and returns false. */
function signatureHolds(
  hub: Hub,
  conn: Connection,
  channel: string,
  channelData: string | undefined,
  auth: unknown,
): boolean {
  if (verifyChannelAuth(hub.app.key, hub.app.secret, conn.socketId, channel, channelData, auth)) return true;
  const received = typeof auth === "string" && auth !== "" ? auth : "no signature";
  const expected = channelAuthString(conn.socketId, channel, channelData);
  rejectSubscription(
    conn,
    channel,
    "AuthError",
    `Invalid signature: Expected HMAC SHA256 hex digest of ${expected}, but got ${received}`,
    401,
  );
  return false;
}

function joinPresence(hub: Hub, conn: Connection, channel: string, member: PresenceMember): void {
  const { registry } = hub;
  const alreadyHere = registry.isSubscribed(conn, channel) || registry.hasMember(channel, member.userId);
  if (!alreadyHere && registry.userCount(channel) >= hub.limits.maxPresenceMembers) {
    rejectSubscription(
      conn,
      channel,
      "LimitReached",
      `The maximum number of members in this channel (${hub.limits.maxPresenceMembers}) has been reached`,
      4100,
    );
    return;
  }
  const { memberAdded } = registry.subscribe(conn, channel, member);
  conn.send(subscriptionSucceededFrame(channel, JSON.stringify({ presence: registry.presence(channel) })));
  if (memberAdded !== null) hub.announceMemberAdded(channel, memberAdded, conn);
}

function unsubscribe(hub: Hub, conn: Connection, data: Record<string, unknown> | null): void {
  const channel = data?.channel;
  if (typeof channel !== "string") return;
  const memberRemoved = hub.registry.unsubscribe(conn, channel)?.memberRemoved;
  if (memberRemoved) hub.announceMemberRemoved(channel, memberRemoved);
}

function signIn(hub: Hub, conn: Connection, data: Record<string, unknown> | null): void {
  const userData = data?.user_data;
  const fail = (why: string) => conn.sendError(CloseCode.Unauthorized, `Connection not authorized: ${why}`);
  if (data === null || typeof userData !== "string") return fail("pusher:signin requires data.user_data");
  if (!verifyUserAuth(hub.app.key, hub.app.secret, conn.socketId, userData, data.auth))
    return fail("invalid signature");

  let parsed: unknown;
  try {
    parsed = JSON.parse(userData);
  } catch {
    return fail("user_data is not JSON");
  }
  const user = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (typeof user.id !== "string" || user.id === "") return fail("user_data.id must be a non-empty string");
  if (conn.user !== undefined && conn.user.id !== user.id) return fail("already signed in as another user");

  if (conn.user === undefined) hub.signIn(conn, user.id, user.user_info ?? null);
  conn.send(JSON.stringify({ event: "pusher:signin_success", data: { user_data: userData } }));
}

function clientEvent(hub: Hub, conn: Connection, event: string, channel: unknown, data: unknown): void {
  if (!hub.limits.clientEvents) {
    // Pusher's wording when the app has client events switched off.
    conn.sendError(
      ClientEventRejected,
      "To send client events, you must enable this feature in the Settings page of your dashboard.",
      typeof channel === "string" ? channel : undefined,
    );
    return;
  }
  if (typeof channel !== "string") {
    conn.sendError(null, "Client event rejected - a channel is required");
    return;
  }
  const kind = channelKind(channel);
  if (kind === "public" || serverToUserId(channel) !== null) {
    conn.sendError(null, "Client event rejected - only supported on private and presence channels", channel);
    return;
  }
  if (!hub.registry.isSubscribed(conn, channel)) {
    conn.sendError(null, "Client event rejected - you must be subscribed to the channel", channel);
    return;
  }
  if (event.length > hub.limits.maxEventNameLength) {
    conn.sendError(
      null,
      `Client event rejected - event name longer than ${hub.limits.maxEventNameLength} characters`,
      channel,
    );
    return;
  }
  if (!conn.takeClientEventToken(Date.now(), hub.limits.clientEventsPerSecond)) {
    conn.sendError(ClientEventRejected, "The rate limit for sending client events exceeded the quota.", channel);
    return;
  }
  const size = Buffer.byteLength(typeof data === "string" ? data : (JSON.stringify(data) ?? ""));
  if (size > hub.limits.maxPayloadBytes) {
    conn.sendError(
      ClientEventRejected,
      `The data content of this event exceeds the allowed maximum (${hub.limits.maxPayloadBytes} bytes).`,
      channel,
    );
    return;
  }
  // Forwarded as received; presence events carry the sender's user_id so receivers know who sent it.
  const userId = kind === "presence" ? hub.registry.memberOf(conn, channel) : undefined;
  hub.publish(channel, event, data, conn, userId);
}
