import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type AttachmentView } from "~/server/attachments/view";

type WithAttachments = { body: string | null; attachments?: readonly Pick<AttachmentView, "kind" | "name">[] };

/**
 * A message's attachments in one line, for places that show text only: "📷 Photo", "📷 3 photos",
 * "📎 report.pdf", "📎 2 attachments". Null when there are none.
 */
export function attachmentSummary(
  attachments: readonly Pick<AttachmentView, "kind" | "name">[],
  t: Dictionary,
  { icon = true }: { icon?: boolean } = {},
): string | null {
  if (attachments.length === 0) return null;
  const images = attachments.every((a) => a.kind === "image");
  const text = images
    ? attachments.length === 1
      ? t.attach.photo
      : t.attach.photos(attachments.length)
    : attachments.length === 1
      ? attachments[0]!.name
      : t.attach.attachments(attachments.length);
  // Screen readers would say "camera"/"paperclip": spoken labels leave the icon out.
  return icon ? `${images ? "📷" : "📎"} ${text}` : text;
}

/** What a screen reader hears for a message's content: its files (no icons), then its text. */
export function spokenContent(message: Required<WithAttachments>, t: Dictionary): string {
  const body = message.body ?? "";
  const files = attachmentSummary(message.attachments, t, { icon: false });
  return files && body ? `${files} · ${body}` : (files ?? body);
}

/**
 * The text that stands for a message in a preview (conversation list, notification, quote, reply
 * banner): its text, or for a message sent without text its attachments' summary. A recalled
 * message (body null) is not for this: callers show the recall tip, never a file name.
 * `attachments` unknown (a quote the server sent without them): a generic "📎 Attachment".
 */
export function previewText(message: WithAttachments, t: Dictionary): string {
  const body = message.body ?? "";
  if (body !== "") return body;
  if (message.attachments === undefined) return `📎 ${t.attach.attachment}`;
  return attachmentSummary(message.attachments, t) ?? "";
}
