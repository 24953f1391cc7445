import { type MessageView } from "~/server/realtime/events";

/** Tests only: message `seq` of conversation "c1" by Alice, at version `seq`, with `patch` applied. */
export function msg(seq: number, patch: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${seq}`,
    conversationId: "c1",
    seq,
    version: seq,
    kind: "text",
    sender: { id: "alice", name: "Alice" },
    clientMsgId: `client-${seq}`,
    body: `hello ${seq}`,
    createdAt: new Date(1_000 * seq),
    replyTo: null,
    recall: null,
    edited: null,
    restored: false,
    attachments: [],
    ...patch,
  };
}
