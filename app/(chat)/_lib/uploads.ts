import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { type AttachmentView } from "~/server/attachments/view";

/** Why an upload did not end with an attachment: the server's code and sentence, or a client-side cause. */
export interface UploadFailure {
  /** The server's code (TOO_LARGE, …), or NETWORK / UNAUTHORIZED / UNKNOWN when it sent none. */
  code: string;
  /** The server's sentence for the user (English), when it sent one. */
  message: string | null;
  /** Seconds, from Retry-After (429, 503). */
  retryAfter: number | null;
}

/** One file in the composer's strip, from the moment it is picked until the message is sent. */
export interface Chip {
  key: string;
  name: string;
  size: number;
  mime: string;
  /** An object URL of the picked file, for an image's preview (revoked when the chip goes). */
  previewUrl: string | null;
  status: "uploading" | "done" | "failed";
  /** 0..1 while uploading. */
  progress: number;
  attachment: AttachmentView | null;
  failure: UploadFailure | null;
}

/**
 * Send is offered when there is something to send and nothing still on its way: text, or at least
 * one uploaded attachment, and no upload in progress (the message would go without it). Refused
 * uploads do not hold the message back; they are not sent. An edit needs text (it cannot change
 * attachments).
 */
export function canSend(input: { text: string; chips: readonly Pick<Chip, "status">[]; editing: boolean }): boolean {
  const hasText = input.text.trim() !== "";
  if (input.editing) return hasText;
  if (input.chips.some((c) => c.status === "uploading")) return false;
  return hasText || input.chips.some((c) => c.status === "done");
}

/** The attachments a send carries, in the strip's order. */
export function sendable(chips: readonly Chip[]): AttachmentView[] {
  return chips.flatMap((c) => (c.status === "done" && c.attachment ? [c.attachment] : []));
}

/** How many of `incoming` picked files fit beside the chips already there. */
export function admit(current: number, incoming: number, max: number): { take: number; refused: number } {
  const take = Math.max(0, Math.min(incoming, max - current));
  return { take, refused: incoming - take };
}

/** Failures worth trying again with the same file: the network, a busy server, a rate limit. */
export function isRetryable(failure: UploadFailure): boolean {
  return ["NETWORK", "STORAGE_UNAVAILABLE", "BUSY", "RATE_LIMITED", "UNKNOWN"].includes(failure.code);
}

/**
 * An upload's answer that is not a 201: the server's `{ error: { code, message } }` when it sent
 * one (a proxy's HTML page or an empty body falls back to the status), Retry-After in seconds.
 * Status 0 is the browser's "no answer" (offline, connection reset).
 */
export function uploadFailure(status: number, body: string, retryAfterHeader: string | null): UploadFailure {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (status === 0) return { code: "NETWORK", message: null, retryAfter };
  let code: string | null = null;
  let message: string | null = null;
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (typeof error?.code === "string" && error.code !== "") code = error.code;
    if (typeof error?.message === "string" && error.message.trim() !== "") message = error.message;
  } catch {
    // Not JSON: only the status is known.
  }
  code ??= codeOfStatus(status);
  return { code, message, retryAfter };
}

function codeOfStatus(status: number): string {
  switch (status) {
    case 401:
      return "UNAUTHORIZED";
    case 404:
      return "NOT_FOUND";
    case 413:
      return "TOO_LARGE";
    case 415:
      return "UNSUPPORTED_TYPE";
    case 429:
      return "RATE_LIMITED";
    case 503:
      return "STORAGE_UNAVAILABLE";
    default:
      return status === 400 || status === 422 ? "BAD_INPUT" : "UNKNOWN";
  }
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * The sentence a refused chip shows. As for other errors (error-message.ts): English readers get
 * the server's own sentence (it names specifics such as the size limit); other languages get the
 * code's translation and fall back to the server's English when there is none.
 */
export function uploadErrorText(failure: UploadFailure, t: Dictionary, locale: Locale): string {
  if (locale === "en" && failure.message) return failure.message;
  const translated = t.attach.errors[failure.code];
  if (!translated) return failure.message ?? t.attach.errors.UNKNOWN!;
  return failure.retryAfter !== null && failure.retryAfter > 0
    ? `${translated}${t.attach.retryIn(failure.retryAfter)}`
    : translated;
}

/** The 201 answer's attachment, checked enough that a malformed answer is a failure, not a broken chip. */
export function parseUploaded(body: string): AttachmentView | null {
  try {
    const a = (JSON.parse(body) as { attachment?: Partial<AttachmentView> } | null)?.attachment;
    if (!a || typeof a.id !== "string" || typeof a.name !== "string" || typeof a.size !== "number") return null;
    if (a.kind !== "image" && a.kind !== "pdf" && a.kind !== "text") return null;
    return {
      id: a.id,
      kind: a.kind,
      mime: typeof a.mime === "string" ? a.mime : "",
      name: a.name,
      size: a.size,
      width: typeof a.width === "number" ? a.width : null,
      height: typeof a.height === "number" ? a.height : null,
    };
  } catch {
    return null;
  }
}
