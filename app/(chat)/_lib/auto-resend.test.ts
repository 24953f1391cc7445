import { describe, expect, it } from "vitest";
import { type PendingMessage } from "~/app/_realtime/timeline";
import { AUTO_RESENDS, autoResendable } from "./auto-resend";

const p = (clientMsgId: string, status: PendingMessage["status"]): PendingMessage => ({
  clientMsgId,
  senderId: "me",
  senderName: "Me",
  body: clientMsgId,
  replyTo: null,
  attachments: [],
  status,
  createdAt: new Date(0),
});

describe("autoResendable", () => {
  it("retries failed sends only, each a bounded number of times", () => {
    const pending = [p("a", "failed"), p("b", "sending"), p("c", "failed")];
    expect(autoResendable(pending, new Map()).map((x) => x.clientMsgId)).toEqual(["a", "c"]);
    expect(
      autoResendable(
        pending,
        new Map([
          ["a", AUTO_RESENDS - 1],
          ["c", AUTO_RESENDS],
        ]),
      ).map((x) => x.clientMsgId),
    ).toEqual(["a"]);
  });
});
