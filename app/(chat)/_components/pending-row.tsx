import { FileIcon } from "~/app/_components/icons";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { spokenContent } from "~/app/_realtime/message-preview";
import { type PendingMessage } from "~/app/_realtime/timeline";
import { type MessageView } from "~/server/realtime/events";
import { Avatar } from "./avatar";
import { QuoteBlock } from "./quote-block";
import { TextButton } from "./text-button";

/** One's own message on its way: "Sending…", or "Not sent" with Retry. */
export function PendingRow({
  pending,
  showSender,
  t,
  quotedNow,
  onRetry,
}: {
  pending: PendingMessage;
  showSender: boolean;
  t: Dictionary;
  quotedNow: MessageView | undefined;
  onRetry: (p: PendingMessage) => void;
}) {
  const failed = pending.status === "failed";
  return (
    <article
      aria-label={`${pending.senderName}: ${spokenContent(pending, t)}`}
      aria-busy={!failed}
      tabIndex={-1}
      data-row={`p:${pending.clientMsgId}`}
      className="flex flex-row-reverse items-end gap-2 px-3 py-1 sm:px-4"
    >
      {showSender ? <Avatar id={pending.senderId} name={pending.senderName} size="sm" /> : null}
      <div className="flex max-w-[80%] min-w-0 flex-col items-end sm:max-w-[70%]">
        <div
          className={`max-w-full rounded-2xl rounded-br-md px-3.5 py-2 text-[0.9375rem] leading-snug shadow-sm ${
            failed ? "bg-red-50 text-red-950 ring-1 ring-red-200" : "bg-blue-600/70 text-white"
          }`}
        >
          {pending.replyTo ? <QuoteBlock quote={pending.replyTo} quotedNow={quotedNow} own={!failed} t={t} /> : null}
          {/* Names only: the previews went with the composer's chips, and the files show once sent. */}
          {pending.attachments.length > 0 ? (
            <ul className="mb-0.5 space-y-0.5 text-sm">
              {pending.attachments.map((a) => (
                <li key={a.id} className="flex min-w-0 items-center gap-1.5">
                  <FileIcon className="h-4 w-4 shrink-0" />
                  <span className="truncate">{a.name}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {pending.body !== "" ? (
            <p className="[overflow-wrap:anywhere] break-words whitespace-pre-wrap">{pending.body}</p>
          ) : null}
        </div>
        <p className="mt-0.5 flex items-center gap-2 px-1 text-[0.6875rem] text-slate-600">
          {failed ? (
            <>
              <span className="text-red-700">{t.message.failed}</span>
              <TextButton onClick={() => onRetry(pending)}>{t.message.retry}</TextButton>
            </>
          ) : (
            <span>{t.message.sending}</span>
          )}
        </p>
      </div>
    </article>
  );
}
