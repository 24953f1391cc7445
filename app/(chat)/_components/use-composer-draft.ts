"use client";

import { useCallback, useRef, useState } from "react";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { addPending, type PendingMessage } from "~/app/_realtime/timeline";
import { type MessageView } from "~/server/realtime/events";
import { newClientMsgId } from "../_lib/format";
import { reedits } from "../_lib/reedit-store";
import { canSend } from "../_lib/uploads";
import { useMe } from "./me";
import { useComposerAttachments } from "./use-composer-attachments";
import { useEditMessage } from "./use-edit-message";
import { useSendPending } from "./use-send-pending";

/**
 * The composer's state and what it sends: the draft, the message replied to, sending (shown at
 * once as pending) and retrying, Re-edit putting a recalled message's text back in the draft,
 * and editing a sent message in place (the draft and reply set aside meanwhile, then restored).
 */
export function useComposerDraft(conversationId: string) {
  const me = useMe();
  const { engine } = useRealtime();
  const [draft, setDraft] = useState("");
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [editing, setEditing] = useState<MessageView | null>(null);
  const [saving, setSaving] = useState(false);
  const setAside = useRef<{ draft: string; replyTo: MessageView | null }>({ draft: "", replyTo: null });
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const pendingSends = useSendPending();
  const editMessage = useEditMessage(conversationId);
  const attachments = useComposerAttachments(conversationId);

  const focusComposer = (caretAtEnd = false) =>
    window.setTimeout(() => {
      const el = composerRef.current;
      el?.focus();
      if (el && caretAtEnd) el.setSelectionRange(el.value.length, el.value.length);
    }, 0);

  const startEdit = useCallback(
    (message: MessageView) => {
      if (message.body === null) return;
      if (!editing) setAside.current = { draft, replyTo };
      setEditing(message);
      setReplyTo(null);
      setDraft(message.body);
      focusComposer(true);
    },
    [editing, draft, replyTo],
  );

  const endEdit = () => {
    setEditing(null);
    setDraft(setAside.current.draft);
    setReplyTo(setAside.current.replyTo);
    setAside.current = { draft: "", replyTo: null };
    focusComposer();
  };

  const saveEdit = async (message: MessageView, body: string) => {
    if (saving) return;
    setSaving(true);
    const saved = await editMessage(message, body);
    setSaving(false);
    // Refused: the text stays in the composer, still in edit mode, until saved again or cancelled.
    if (saved) endEdit();
  };

  const send = () => {
    const body = draft.trim();
    if (editing) {
      if (body) void saveEdit(editing, body);
      return;
    }
    if (!canSend({ text: draft, chips: attachments.chips, editing: false })) return;
    const pending: PendingMessage = {
      clientMsgId: newClientMsgId(),
      senderId: me.id,
      senderName: me.name,
      body,
      replyTo: replyTo
        ? {
            id: replyTo.id,
            seq: replyTo.seq,
            senderName: replyTo.sender.name,
            body: replyTo.body,
            attachments: replyTo.body === "" ? replyTo.attachments : [],
            recalled: replyTo.recall !== null,
          }
        : null,
      // The text is the caption; it may be empty when files go.
      attachments: attachments.take(),
      status: "sending",
      createdAt: new Date(),
    };
    engine.update(conversationId, (tl) => addPending(tl, pending));
    setDraft("");
    setReplyTo(null);
    void pendingSends.send(conversationId, pending);
  };

  // The same clientMsgId: if the first attempt did reach the server, this returns that message.
  const { retry: retryIn } = pendingSends;
  const retry = useCallback((p: PendingMessage) => retryIn(conversationId, p), [retryIn, conversationId]);

  const startReply = useCallback(
    (message: MessageView) => {
      // Replying ends an edit: the draft set aside comes back, now replying.
      if (editing) {
        setEditing(null);
        setDraft(setAside.current.draft);
      }
      setReplyTo(message);
      composerRef.current?.focus();
    },
    [editing],
  );

  const cancelReply = () => {
    setReplyTo(null);
    composerRef.current?.focus();
  };

  const reedit = useCallback((messageId: string) => {
    const r = reedits.take(messageId);
    if (!r) return;
    setDraft((d) => (d.trim() ? `${d}\n${r.body}` : r.body));
    composerRef.current?.focus();
  }, []);

  return {
    draft,
    setDraft,
    attachments,
    replyTo,
    composerRef,
    send,
    retry,
    startReply,
    cancelReply,
    reedit,
    editing,
    saving,
    startEdit,
    cancelEdit: endEdit,
  };
}
