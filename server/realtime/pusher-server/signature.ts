import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Lower-case hex HMAC-SHA256: the single primitive behind every Pusher signature. */
export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

/**
 * Equality whose timing does not depend on where the inputs differ.
 * Both sides are hashed first so timingSafeEqual always sees equal-length buffers
 * and the comparison does not leak the expected length either.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

export function md5Hex(body: string | Uint8Array): string {
  return createHash("md5").update(body).digest("hex");
}

/** `<socket_id>:<channel>[:<channel_data>]`; channel_data must be the exact bytes the app signed. */
export function channelAuthString(socketId: string, channel: string, channelData?: string): string {
  return channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
}

export function signChannelAuth(
  key: string,
  secret: string,
  socketId: string,
  channel: string,
  channelData?: string,
): string {
  return `${key}:${hmacSha256Hex(secret, channelAuthString(socketId, channel, channelData))}`;
}

export function verifyChannelAuth(
  key: string,
  secret: string,
  socketId: string,
  channel: string,
  channelData: string | undefined,
  auth: unknown,
): boolean {
  if (typeof auth !== "string" || auth === "") return false;
  return constantTimeEqual(auth, signChannelAuth(key, secret, socketId, channel, channelData));
}

export function userAuthString(socketId: string, userData: string): string {
  return `${socketId}::user::${userData}`;
}

export function signUserAuth(key: string, secret: string, socketId: string, userData: string): string {
  return `${key}:${hmacSha256Hex(secret, userAuthString(socketId, userData))}`;
}

export function verifyUserAuth(
  key: string,
  secret: string,
  socketId: string,
  userData: string,
  auth: unknown,
): boolean {
  if (typeof auth !== "string" || auth === "") return false;
  return constantTimeEqual(auth, signUserAuth(key, secret, socketId, userData));
}

/**
 * Parses a raw query string (without `?`) into lower-cased keys and decoded values.
 * `+` is kept literally: the SDK never escapes values and signs them raw, so treating
 * `+` as a space would make otherwise valid signatures fail.
 * Returns null on malformed escapes or duplicate keys (ambiguous for signing).
 */
export function parseQuery(raw: string): Map<string, string> | null {
  const params = new Map<string, string>();
  if (raw === "") return params;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey).toLowerCase();
      value = decodeURIComponent(rawValue);
    } catch {
      return null;
    }
    if (params.has(key)) return null;
    params.set(key, value);
  }
  return params;
}

/** The QUERY part of the string to sign: all params but auth_signature, sorted by key, joined raw. */
export function canonicalQuery(params: Iterable<readonly [string, string]>): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of params) {
    const key = k.toLowerCase();
    if (key !== "auth_signature") pairs.push([key, v]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

export function apiStringToSign(method: string, path: string, params: Iterable<readonly [string, string]>): string {
  return `${method.toUpperCase()}\n${path}\n${canonicalQuery(params)}`;
}

export function signApiRequest(
  secret: string,
  method: string,
  path: string,
  params: Iterable<readonly [string, string]>,
): string {
  return hmacSha256Hex(secret, apiStringToSign(method, path, params));
}

export interface ApiRequestToVerify {
  method: string;
  /** The path exactly as the client sent it, without the query. */
  path: string;
  params: ReadonlyMap<string, string>;
  body: Uint8Array;
}

export type ApiAuthResult = { ok: true } | { ok: false; status: 401; message: string };

export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 600;

export function verifyApiRequest(
  request: ApiRequestToVerify,
  credentials: { key: string; secret: string },
  nowSeconds: number,
  windowSeconds: number = DEFAULT_TIMESTAMP_WINDOW_SECONDS,
): ApiAuthResult {
  const { params } = request;
  const fail = (message: string): ApiAuthResult => ({ ok: false, status: 401, message });

  const authKey = params.get("auth_key");
  const timestamp = params.get("auth_timestamp");
  const version = params.get("auth_version");
  const signature = params.get("auth_signature");
  if (authKey === undefined || timestamp === undefined || version === undefined || signature === undefined) {
    return fail("Missing auth_key, auth_timestamp, auth_version or auth_signature");
  }
  if (!constantTimeEqual(authKey, credentials.key)) return fail("Unknown auth_key");
  if (version !== "1.0") return fail(`Unsupported auth_version ${version}`);

  const expected = signApiRequest(credentials.secret, request.method, request.path, params);
  if (!constantTimeEqual(signature.toLowerCase(), expected)) return fail("Invalid signature");

  // Checked after the signature so an attacker learns nothing about the clock from unsigned requests.
  if (!/^\d{1,12}$/.test(timestamp)) return fail("Invalid auth_timestamp");
  const skew = Math.abs(nowSeconds - Number(timestamp));
  if (skew > windowSeconds) {
    return fail(
      `Timestamp expired: Given timestamp (${timestamp}) not within ${windowSeconds}s of server time (${nowSeconds})`,
    );
  }

  // The signature only proves the query was signed; body_md5 ties that query to these exact body bytes.
  const bodyMd5 = params.get("body_md5");
  if (request.body.length > 0 || bodyMd5 !== undefined) {
    if (bodyMd5 === undefined) return fail("Missing body_md5");
    if (!constantTimeEqual(bodyMd5.toLowerCase(), md5Hex(request.body)))
      return fail("body_md5 does not match the request body");
  }
  return { ok: true };
}
