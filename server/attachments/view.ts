/**
 * What members read of an attachment: never a storage key, never a URL that works without the
 * access check. Pure, so the browser shares the shape and the URL scheme.
 */
export interface AttachmentView {
  id: string;
  kind: "image" | "pdf" | "text";
  mime: string;
  name: string;
  /** Bytes the sender sent. */
  size: number;
  /** Images: the display size's pixels, so the page reserves the space before the image loads. */
  width: number | null;
  height: number | null;
}

/** Images have a display size and a thumbnail; other files are served as they were sent. */
export type AttachmentVariant = "display" | "thumb" | "file";

export const ATTACHMENT_VARIANTS: readonly AttachmentVariant[] = ["display", "thumb", "file"];

/** The member route: checks membership and the message's recall state on every request. */
export const attachmentUrl = (id: string, variant: AttachmentVariant) => `/api/attachments/${id}/${variant}`;

/** The admin route (system admins only; each fetch is audited). */
export const adminAttachmentUrl = (id: string, variant: AttachmentVariant) => `/api/admin/attachments/${id}/${variant}`;

/** Where a member uploads a file for a conversation (POST, the bytes as the body). */
export const uploadUrl = (conversationId: string) => `/api/attachments?conversationId=${conversationId}`;

/** The header that carries the file's name (URI-encoded, since headers are Latin-1). */
export const FILE_NAME_HEADER = "x-file-name";
