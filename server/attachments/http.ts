import { Readable } from "node:stream";
import { AttachmentError, type AttachmentErrorCode } from "./errors";
import { type ServedObject } from "./access";
import { formatMegabytes } from "./sniff";
import { type StoredObject } from "./storage";
import { ATTACHMENT_VARIANTS, type AttachmentVariant } from "./view";

// Requests and responses of the attachment routes, apart from who is asking (routes.ts).

const STATUS: Record<AttachmentErrorCode, number> = {
  EMPTY_FILE: 400,
  TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  TYPE_MISMATCH: 415,
  POLYGLOT: 415,
  EXECUTABLE: 415,
  CORRUPT_IMAGE: 422,
  IMAGE_TOO_LARGE: 413,
  STORAGE_UNAVAILABLE: 503,
  BAD_STORAGE_KEY: 500,
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  BUSY: 503,
};

/** `{ error: { code, message } }` with the status the code means, and Retry-After where it applies. */
export function errorResponse(error: AttachmentError): Response {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (error.retryAfterSeconds !== null) headers.set("Retry-After", String(error.retryAfterSeconds));
  return Response.json(
    { error: { code: error.code, message: error.message } },
    { status: STATUS[error.code], headers },
  );
}

const tooLarge = (maxBytes: number) =>
  new AttachmentError("TOO_LARGE", `Files can be at most ${formatMegabytes(maxBytes)}.`);

/**
 * The request body, refused as soon as it is known to be over `maxBytes` (from Content-Length,
 * else while reading): an oversized upload costs at most `maxBytes` of memory, never its size.
 */
export async function readBodyWithin(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The file's name from its header (URI-encoded UTF-8); a name is required to show the file to others. */
export function fileNameFrom(header: string | null): string {
  if (!header) throw new AttachmentError("BAD_INPUT", "The file's name is missing (the x-file-name header).");
  try {
    return decodeURIComponent(header);
  } catch {
    throw new AttachmentError("BAD_INPUT", "The file's name is not valid URI-encoded text (x-file-name).");
  }
}

export const isVariant = (v: string): v is AttachmentVariant => (ATTACHMENT_VARIANTS as readonly string[]).includes(v);

/** RFC 6266/5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Serves a stored object so that it can only ever be what it is: never cached anywhere but the
 * member's own browser memory (`private, no-store`: a recalled image must not come back from a
 * cache), never sniffed into another type, never able to run script in the app's origin (a CSP
 * sandbox even for images), and every non-image always a download.
 */
export function objectResponse(served: ServedObject, object: StoredObject): Response {
  const headers = new Headers({
    "Content-Type": served.mime,
    "Content-Length": String(object.size),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Disposition": contentDisposition(served.kind === "image" ? "inline" : "attachment", served.name),
  });
  return new Response(Readable.toWeb(object.body) as ReadableStream<Uint8Array>, { status: 200, headers });
}

/** The same answer for every reason a file cannot be fetched, so a 404 reveals nothing. */
export const notFoundResponse = () =>
  Response.json(
    { error: { code: "NOT_FOUND", message: "This file does not exist or is no longer available." } },
    { status: 404, headers: { "Cache-Control": "private, no-store" } },
  );
