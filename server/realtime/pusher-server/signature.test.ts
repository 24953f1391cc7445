import { describe, expect, it } from "vitest";
import {
  apiStringToSign,
  canonicalQuery,
  constantTimeEqual,
  md5Hex,
  parseQuery,
  signApiRequest,
  signChannelAuth,
  signUserAuth,
  verifyApiRequest,
  verifyChannelAuth,
  verifyUserAuth,
} from "./signature";

// Test vectors from Pusher's auth-signature reference (https://pusher.com/docs/channels/library_auth_reference/auth-signatures/), checked against pusher@5.
const KEY = "278d425bdf160c739803";
const SECRET = "7ad3773142a6692b25b8";
const TIMESTAMP = 1353088179;
const EVENTS_BODY = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';

describe("body md5", () => {
  it("matches the spec vectors", () => {
    expect(md5Hex(EVENTS_BODY)).toBe("ec365a775a4cd0599faeb73354201b6f");
    expect(md5Hex("{}")).toBe("99914b932bd37a50b983c5e7c90ae93b");
    expect(md5Hex(Buffer.from(EVENTS_BODY))).toBe("ec365a775a4cd0599faeb73354201b6f");
  });
});

describe("HTTP API signature", () => {
  it("signs POST /events like the SDK", () => {
    const params = new Map([
      ["auth_key", KEY],
      ["auth_timestamp", String(TIMESTAMP)],
      ["auth_version", "1.0"],
      ["body_md5", "ec365a775a4cd0599faeb73354201b6f"],
    ]);
    expect(apiStringToSign("post", "/apps/3/events", params)).toBe(
      `POST\n/apps/3/events\nauth_key=${KEY}&auth_timestamp=${TIMESTAMP}&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f`,
    );
    expect(signApiRequest(SECRET, "POST", "/apps/3/events", params)).toBe(
      "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
    );
  });

  it("signs GET /channels with user params sorted among auth params", () => {
    // Deliberately out of order: canonicalisation must sort.
    const params = new Map([
      ["info", "user_count"],
      ["filter_by_prefix", "presence-"],
      ["auth_version", "1.0"],
      ["auth_timestamp", String(TIMESTAMP)],
      ["auth_key", KEY],
    ]);
    expect(signApiRequest(SECRET, "GET", "/apps/3/channels", params)).toBe(
      "16819168891cb5dfd72b5c7a5d3d602605b26c6ba1930033b5e2eeeb65010291",
    );
  });

  it("canonicalises: drops auth_signature, lower-cases keys, keeps values unescaped", () => {
    expect(
      canonicalQuery([
        ["b", "2"],
        ["Auth_Signature", "x"],
        ["A", "user_count,subscription_count"],
      ]),
    ).toBe("a=user_count,subscription_count&b=2");
  });
});

describe("parseQuery", () => {
  it("decodes escapes, lower-cases keys and keeps + literally", () => {
    const q = parseQuery("Info=user_count%2Csubscription_count&x=a+b&empty=&flag");
    expect(q).not.toBeNull();
    expect(Object.fromEntries(q ?? [])).toEqual({
      info: "user_count,subscription_count",
      x: "a+b",
      empty: "",
      flag: "",
    });
  });

  it("rejects duplicate keys and malformed escapes", () => {
    expect(parseQuery("a=1&A=2")).toBeNull();
    expect(parseQuery("a=%E0%A4%A")).toBeNull();
  });
});

describe("channel and user auth", () => {
  it("matches the private channel vector", () => {
    const auth = signChannelAuth(KEY, SECRET, "1234.1234", "private-foobar");
    expect(auth).toBe(`${KEY}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4`);
    expect(verifyChannelAuth(KEY, SECRET, "1234.1234", "private-foobar", undefined, auth)).toBe(true);
  });

  it("matches the presence channel vector (the SDK's value, not the docs')", () => {
    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Channels"}}';
    const auth = signChannelAuth(KEY, SECRET, "1234.1234", "presence-foobar", channelData);
    expect(auth).toBe(`${KEY}:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80`);
    expect(verifyChannelAuth(KEY, SECRET, "1234.1234", "presence-foobar", channelData, auth)).toBe(true);
    // Re-serialised channel_data (different bytes, same JSON value) must not verify.
    const reserialised = JSON.stringify(JSON.parse(channelData), null, 1);
    expect(verifyChannelAuth(KEY, SECRET, "1234.1234", "presence-foobar", reserialised, auth)).toBe(false);
  });

  it("matches the user sign-in vector", () => {
    const auth = signUserAuth(KEY, SECRET, "1234.1234", '{"id":"12345"}');
    expect(auth).toBe(`${KEY}:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba`);
    expect(verifyUserAuth(KEY, SECRET, "1234.1234", '{"id":"12345"}', auth)).toBe(true);
    expect(verifyUserAuth(KEY, SECRET, "1234.1235", '{"id":"12345"}', auth)).toBe(false);
  });

  it("rejects wrong, empty, missing and non-string auth", () => {
    const good = signChannelAuth(KEY, SECRET, "1.2", "private-a");
    expect(verifyChannelAuth(KEY, SECRET, "1.2", "private-b", undefined, good)).toBe(false);
    expect(verifyChannelAuth(KEY, "other-secret", "1.2", "private-a", undefined, good)).toBe(false);
    expect(verifyChannelAuth("other-key", SECRET, "1.2", "private-a", undefined, good)).toBe(false);
    expect(verifyChannelAuth(KEY, SECRET, "1.2", "private-a", undefined, "")).toBe(false);
    expect(verifyChannelAuth(KEY, SECRET, "1.2", "private-a", undefined, undefined)).toBe(false);
    expect(verifyChannelAuth(KEY, SECRET, "1.2", "private-a", undefined, 42)).toBe(false);
  });

  it("compares strings of different lengths without throwing", () => {
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("abc", "abc")).toBe(true);
  });
});

describe("verifyApiRequest", () => {
  const creds = { key: KEY, secret: SECRET };
  const body = Buffer.from(EVENTS_BODY);

  function signed(overrides: Record<string, string | undefined> = {}, secret = SECRET): Map<string, string> {
    const params = new Map<string, string>();
    const base: Record<string, string | undefined> = {
      auth_key: KEY,
      auth_timestamp: String(TIMESTAMP),
      auth_version: "1.0",
      body_md5: md5Hex(body),
      ...overrides,
    };
    for (const [k, v] of Object.entries(base)) if (v !== undefined) params.set(k, v);
    params.set("auth_signature", signApiRequest(secret, "POST", "/apps/3/events", params));
    return params;
  }

  const verify = (params: Map<string, string>, requestBody: Uint8Array = body, now = TIMESTAMP) =>
    verifyApiRequest({ method: "POST", path: "/apps/3/events", params, body: requestBody }, creds, now);

  it("accepts a correctly signed request", () => {
    expect(verify(signed())).toEqual({ ok: true });
    expect(signed().get("auth_signature")).toBe("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
  });

  it("accepts timestamps at the edge of the 600 s window and rejects beyond it", () => {
    expect(verify(signed(), body, TIMESTAMP + 600)).toEqual({ ok: true });
    expect(verify(signed(), body, TIMESTAMP - 600)).toEqual({ ok: true });
    const stale = verify(signed(), body, TIMESTAMP + 601);
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.message).toMatch(/Timestamp expired/);
    expect(verify(signed(), body, TIMESTAMP - 601).ok).toBe(false);
  });

  it("rejects a signature made with another secret", () => {
    const result = verify(signed({}, "not-the-secret"));
    expect(result).toEqual({ ok: false, status: 401, message: "Invalid signature" });
  });

  it("rejects a tampered query parameter", () => {
    const params = signed();
    params.set("auth_timestamp", String(TIMESTAMP + 1));
    expect(verify(params).ok).toBe(false);
  });

  it("rejects a body that does not match a correctly signed body_md5", () => {
    const other = Buffer.from(EVENTS_BODY.replace("foo", "bar"));
    const result = verify(signed(), other);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/body_md5/);
  });

  it("requires body_md5 when there is a body", () => {
    const result = verify(signed({ body_md5: undefined }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/body_md5/);
  });

  it("rejects a wrong auth_key, a missing signature and a wrong auth_version", () => {
    expect(verify(signed({ auth_key: "someone-else" })).ok).toBe(false);
    const noSig = signed();
    noSig.delete("auth_signature");
    expect(verify(noSig).ok).toBe(false);
    expect(verify(signed({ auth_version: "2.0" })).ok).toBe(false);
  });

  it("accepts a body-less GET without body_md5", () => {
    const params = new Map([
      ["auth_key", KEY],
      ["auth_timestamp", String(TIMESTAMP)],
      ["auth_version", "1.0"],
      ["filter_by_prefix", "presence-"],
      ["info", "user_count"],
    ]);
    params.set("auth_signature", signApiRequest(SECRET, "GET", "/apps/3/channels", params));
    expect(params.get("auth_signature")).toBe("16819168891cb5dfd72b5c7a5d3d602605b26c6ba1930033b5e2eeeb65010291");
    const result = verifyApiRequest(
      { method: "GET", path: "/apps/3/channels", params, body: new Uint8Array() },
      creds,
      TIMESTAMP,
    );
    expect(result).toEqual({ ok: true });
  });
});
