import { describe, expect, it } from "vitest";
import { channelAuth, decodeData, parseEnvelope } from "./pusher-client";

describe("lean Pusher client helpers", () => {
  it("signs a private channel like the pusher SDK (the vector of Pusher's auth-signature reference)", () => {
    expect(channelAuth("278d425bdf160c739803", "7ad3773142a6692b25b8", "1234.1234", "private-foobar")).toBe(
      "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4",
    );
  });

  it("parses envelopes and double-encoded data", () => {
    const env = parseEnvelope(
      '{"event":"pusher:connection_established","data":"{\\"socket_id\\":\\"1.2\\",\\"activity_timeout\\":120}"}',
    );
    expect(env?.event).toBe("pusher:connection_established");
    expect(decodeData<{ socket_id: string }>(env?.data).socket_id).toBe("1.2");
    expect(decodeData<{ a: number }>({ a: 1 }).a).toBe(1);
    expect(parseEnvelope("not json")).toBeNull();
    expect(parseEnvelope('{"no":"event"}')).toBeNull();
  });
});
