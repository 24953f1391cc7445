import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";
import { previewText } from "~/app/_realtime/message-preview";

type Quote = NonNullable<MessageView["replyTo"]>;

/**
 * The message replied to, inside the reply's bubble; a recalled original shows as such. One sent
 * without text shows its files' summary (the server sends the quoted message's files then).
 */
export function QuoteBlock({
  quote,
  quotedNow,
  own,
  t,
}: {
  quote: Quote;
  quotedNow?: MessageView;
  own: boolean;
  t: Dictionary;
}) {
  const recalled = quote.recalled || quote.body === null || (quotedNow !== undefined && quotedNow.recall !== null);
  return (
    <div
      className={`mb-1.5 rounded-lg border-l-2 px-2 py-1 text-xs ${own ? "border-white/70 bg-white/15 text-blue-50" : "border-slate-400 bg-slate-100 text-slate-600"}`}
    >
      {recalled ? (
        <p className="italic">{t.message.originalRecalled}</p>
      ) : (
        <>
          <p className="font-semibold">{quote.senderName}</p>
          <p className="line-clamp-2 break-words whitespace-pre-wrap">
            {previewText({ body: quote.body, attachments: quotedNow?.attachments ?? quote.attachments }, t)}
          </p>
        </>
      )}
    </div>
  );
}
