"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "~/app/_components/error-message";
import { button } from "~/app/_components/styles";
import { useToast } from "~/app/_components/toast";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useRealtime } from "~/app/_realtime/realtime-provider";
import { serverClock } from "~/app/_realtime/server-clock";
import { timelineKey } from "~/app/_realtime/sync-engine";
import { patchPreview } from "~/app/_realtime/list-preview";
import { addPending, applyChanges, isRemoved, type PendingMessage } from "~/app/_realtime/timeline";
import { useTRPC, useTRPCClient } from "~/app/_trpc/client";
import { type MessageView } from "~/server/realtime/events";
import { newClientMsgId } from "../_lib/format";
import { type RecallOption } from "../_lib/recall-action";
import { reedits } from "../_lib/reedit-store";
import { Avatar } from "./avatar";
import { Composer } from "./composer";
import { useMe } from "./me";
import { MembersDialog } from "./members-dialog";
import { MessageList } from "./message-list";
import { type MenuAction } from "./message-menu";
import { RecallDialog } from "./recall-dialog";
import { useSendPending } from "./use-send-pending";
import { ErrorState, Loading } from "./status";
import { isUuid } from "~/server/ids";

export function ConversationView({
  conversationId,
  jumpTo = null,
}: {
  conversationId: string;
  jumpTo?: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const me = useMe();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { engine, setActiveConversation } = useRealtime();
  const valid = isUuid(conversationId);

  const details = useQuery(trpc.conversation.byId.queryOptions({ id: conversationId }, { enabled: valid }));
  const timeline = useQuery({
    queryKey: timelineKey(conversationId),
    queryFn: () => engine.loadTimeline(conversationId),
    enabled: valid,
    // Kept fresh by realtime events and catch-up by version, never by refetching.
    staleTime: Infinity,
    refetchOnMount: false,
    refetchOnReconnect: false,
  });

  const [draft, setDraft] = useState("");
  const [replyTo, setReplyTo] = useState<MessageView | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const [moderating, setModerating] = useState<{ message: MessageView; returnFocus: HTMLElement | null } | null>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setActiveConversation(conversationId);
    return () => setActiveConversation(null);
  }, [conversationId, setActiveConversation]);

  // Opening a conversation already in the cache: fetch what changed since its version.
  useEffect(() => {
    if (valid && engine.get(conversationId)) void engine.catchUp(conversationId);
  }, [valid, engine, conversationId]);

  const refreshList = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() }),
    [queryClient, trpc],
  );

  // --- read marks ---------------------------------------------------------------------------
  const markRead = useMutation(trpc.message.markRead.mutationOptions({ onSuccess: refreshList }));
  const { mutate: mutateMarkRead } = markRead;
  const lastMarked = useRef(-1);
  const initialRead = details.data?.lastReadSeq;
  const onSeen = useCallback(
    (seq: number) => {
      if (initialRead === undefined) return;
      if (lastMarked.current < 0) lastMarked.current = initialRead;
      if (seq <= lastMarked.current) return;
      lastMarked.current = seq;
      mutateMarkRead({ conversationId, seq });
    },
    [conversationId, initialRead, mutateMarkRead],
  );

  // --- sending ------------------------------------------------------------------------------
  const pendingSends = useSendPending();

  const send = () => {
    const body = draft.trim();
    if (!body) return;
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
            recalled: replyTo.recall !== null,
          }
        : null,
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

  // --- recall -------------------------------------------------------------------------------
  const recall = useCallback(
    async (message: MessageView, reason: string | null): Promise<boolean> => {
      try {
        const res = await client.message.recall.mutate({ messageId: message.id, reason });
        serverClock.note(res.serverTime);
        engine.update(conversationId, (tl) => applyChanges(tl, [res.message]));
        if (!isRemoved(res.message)) {
          const view = res.message;
          queryClient.setQueryData(trpc.conversation.list.queryKey(), (old) => patchPreview(old, view));
        }
        if (res.reedit) reedits.set(message.id, res.reedit);
        refreshList();
        return true;
      } catch (error) {
        // The server refused (e.g. the window just closed): say why and change nothing.
        toast.show(describeError(error, t, locale), { tone: "error" });
        return false;
      }
    },
    [client, conversationId, engine, queryClient, trpc, refreshList, toast, t, locale],
  );

  const onAction = useCallback(
    (action: MenuAction, message: MessageView, option: RecallOption, returnFocus: HTMLElement | null) => {
      if (action === "reply") {
        setReplyTo(message);
        composerRef.current?.focus();
      } else if (action === "copy") {
        const text = message.body ?? "";
        void copyText(text).then((ok) => toast.show(ok ? t.message.copied : t.message.copyFailed, { id: "copy" }));
      } else if (option.kind === "moderate") {
        setModerating({ message, returnFocus });
      } else if (option.kind === "own") {
        void recall(message, null).then(() => {
          const article = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(message.id)}"]`);
          (returnFocus?.isConnected ? returnFocus : article)?.focus();
        });
      }
    },
    [recall, toast, t],
  );

  const onReedit = useCallback((messageId: string) => {
    const r = reedits.take(messageId);
    if (!r) return;
    setDraft((d) => (d.trim() ? `${d}\n${r.body}` : r.body));
    composerRef.current?.focus();
  }, []);

  const onLoadOlder = useCallback(() => engine.loadOlder(conversationId), [engine, conversationId]);

  // --- render -------------------------------------------------------------------------------
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
      <MessageList
        timeline={timeline.data}
        details={d}
        me={me}
        onLoadOlder={onLoadOlder}
        onAction={onAction}
        onRetry={retry}
        onReedit={onReedit}
        onSeen={onSeen}
        jumpTo={jumpTo && isUuid(jumpTo) ? jumpTo : null}
      />
      <Composer
        value={draft}
        onChange={setDraft}
        onSend={send}
        replyTo={replyTo}
        onCancelReply={() => {
          setReplyTo(null);
          composerRef.current?.focus();
        }}
        textareaRef={composerRef}
      />
      {membersOpen ? <MembersDialog details={d} onClose={() => setMembersOpen(false)} /> : null}
      {moderating ? (
        <RecallDialog
          message={moderating.message}
          returnFocus={moderating.returnFocus}
          onConfirm={(reason) => recall(moderating.message, reason)}
          onClose={() => setModerating(null)}
        />
      ) : null}
    </Frame>
  );
}

function Frame({ children }: { children: ReactNode }) {
  return <section className="flex h-full min-h-0 flex-col bg-slate-50">{children}</section>;
}

function Header({
  back,
  title,
  subtitle,
  avatar,
  action,
}: {
  back: string;
  title: string;
  subtitle?: string;
  avatar?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <header className="flex items-center gap-2 border-b border-slate-200 bg-white px-2 py-2 sm:px-4">
      <Link
        href="/"
        aria-label={back}
        className="inline-flex h-9 w-9 items-center justify-center rounded-full text-xl text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 md:hidden"
      >
        <span aria-hidden>←</span>
      </Link>
      {avatar}
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-base font-semibold text-slate-900">{title}</h1>
        {subtitle ? <p className="truncate text-xs text-slate-500">{subtitle}</p> : null}
      </div>
      {action}
    </header>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API unavailable (insecure context, permissions): the old way.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { data?: { code?: unknown } } | null)?.data?.code === "NOT_FOUND";
}
