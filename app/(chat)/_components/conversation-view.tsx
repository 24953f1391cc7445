"use client";

import { useCallback, useState } from "react";
import { describeError } from "~/app/_components/error-message";
import { button } from "~/app/_components/styles";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { serverClock } from "~/app/_realtime/server-clock";
import { isUuid } from "~/server/ids";
import { lastEditable } from "../_lib/edit-action";
import { type ConversationPrefetch } from "../_lib/types";
import { Avatar } from "./avatar";
import { Composer } from "./composer";
import { Frame, Header } from "./conversation-frame";
import { DropZone } from "./drop-zone";
import { useMe } from "./me";
import { MembersDialog } from "./members-dialog";
import { MessageList } from "./message-list";
import { RecallDialog } from "./recall-dialog";
import { ReportDialog } from "./report-dialog";
import { ErrorState, Loading } from "./status";
import { useComposerDraft } from "./use-composer-draft";
import { useConversationData } from "./use-conversation-data";
import { useHideMessage } from "./use-hide-message";
import { useMessageActions } from "./use-message-actions";
import { useReadMarks } from "./use-read-marks";
import { useRecallMessage } from "./use-recall-message";

export function ConversationView({
  conversationId,
  jumpTo = null,
  initial = null,
}: {
  conversationId: string;
  jumpTo?: string | null;
  /** The details and newest history page the server render read (null: the browser fetches them). */
  initial?: ConversationPrefetch | null;
}) {
  const t = useT();
  const locale = useLocale();
  const me = useMe();
  const { engine } = useRealtime();
  const { valid, details, timeline } = useConversationData(conversationId, initial);
  const [membersOpen, setMembersOpen] = useState(false);
  const onSeen = useReadMarks(conversationId, details.data?.lastReadSeq);
  const composer = useComposerDraft(conversationId);
  const recall = useRecallMessage(conversationId);
  const hide = useHideMessage(conversationId);
  const { onAction, moderating, endModeration, reporting, endReport } = useMessageActions({
    recall,
    hide,
    startReply: composer.startReply,
    startEdit: composer.startEdit,
  });
  const onLoadOlder = useCallback(() => engine.loadOlder(conversationId), [engine, conversationId]);

  const notFound = !valid || isNotFound(details.error) || isNotFound(timeline.error);
  if (notFound) {
    return (
      <Frame>
        <Header back={t.shell.back} title="" />
        <ErrorState message={t.conversation.notFound} />
      </Frame>
    );
  }
  if (details.isError || timeline.isError) {
    return (
      <Frame>
        <Header back={t.shell.back} title={details.data?.title ?? ""} />
        <ErrorState
          className="flex-1 justify-center"
          message={describeError(details.error ?? timeline.error, t, locale)}
          onRetry={() => {
            if (details.isError) void details.refetch();
            if (timeline.isError) void timeline.refetch();
          }}
        />
      </Frame>
    );
  }
  if (!details.data || !timeline.data) {
    return (
      <Frame>
        <Header back={t.shell.back} title={details.data?.title ?? ""} />
        <Loading className="flex-1" />
      </Frame>
    );
  }

  const d = details.data;
  const title = d.title || t.list.untitled;
  const peer = d.kind === "direct" ? d.members.find((m) => m.id !== me.id) : undefined;
  const editLast = () => {
    const last = lastEditable(timeline.data.messages, {
      meId: me.id,
      windowSeconds: d.edit.windowSeconds,
      now: serverClock.now(),
    });
    if (last) composer.startEdit(last);
    return last !== null;
  };
  return (
    <Frame>
      <Header
        back={t.shell.back}
        title={title}
        avatar={<Avatar id={peer?.id ?? d.id} name={title} size="sm" />}
        subtitle={d.kind === "group" ? t.conversation.memberCount(d.members.length) : t.conversation.direct}
        action={
          <button type="button" className={button.secondary} onClick={() => setMembersOpen(true)}>
            {t.conversation.members}
          </button>
        }
      />
      <DropZone
        enabled={composer.editing === null}
        onFiles={(files) => {
          composer.attachments.add(files);
          composer.composerRef.current?.focus();
        }}
      >
        <MessageList
          timeline={timeline.data}
          details={d}
          me={me}
          jumpTo={jumpTo && isUuid(jumpTo) ? jumpTo : null}
          handlers={{ onLoadOlder, onAction, onRetry: composer.retry, onReedit: composer.reedit, onSeen }}
        />
        <Composer
          value={composer.draft}
          onChange={composer.setDraft}
          onSend={composer.send}
          replyTo={composer.replyTo}
          onCancelReply={composer.cancelReply}
          edit={
            composer.editing
              ? {
                  message: composer.editing,
                  meId: me.id,
                  windowSeconds: d.edit.windowSeconds,
                  saving: composer.saving,
                  onCancel: composer.cancelEdit,
                }
              : null
          }
          onEditLast={editLast}
          textareaRef={composer.composerRef}
          attachments={composer.attachments}
        />
      </DropZone>
      {membersOpen ? <MembersDialog details={d} onClose={() => setMembersOpen(false)} /> : null}
      {moderating ? (
        <RecallDialog
          message={moderating.message}
          returnFocus={moderating.returnFocus}
          onConfirm={(reason) => recall(moderating.message, reason)}
          onClose={endModeration}
        />
      ) : null}
      {reporting ? (
        <ReportDialog message={reporting.message} returnFocus={reporting.returnFocus} onClose={endReport} />
      ) : null}
    </Frame>
  );
}

function isNotFound(error: unknown): boolean {
  return (error as { data?: { code?: unknown } } | null)?.data?.code === "NOT_FOUND";
}
