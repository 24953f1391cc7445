/**
 * Why an upload was refused or could not be kept. The code is stable (the UI and the message
 * procedures will map it); the message is a sentence the sender can act on.
 */
export type AttachmentRefusalCode =
  | "EMPTY_FILE"
  | "TOO_LARGE"
  | "UNSUPPORTED_TYPE"
  | "TYPE_MISMATCH"
  | "POLYGLOT"
  | "EXECUTABLE"
  | "CORRUPT_IMAGE"
  | "IMAGE_TOO_LARGE";

export type AttachmentErrorCode =
  | AttachmentRefusalCode
  | "STORAGE_UNAVAILABLE"
  | "BAD_STORAGE_KEY"
  // Of the upload request rather than the file:
  | "BAD_INPUT"
  | "NOT_FOUND"
  | "UNAUTHORIZED"
  | "RATE_LIMITED"
  | "QUOTA_EXCEEDED"
  | "BUSY";

export const UNSUPPORTED_MESSAGE = "Only JPEG, PNG, WebP, GIF images, PDF and plain text files can be sent.";

export interface Refusal {
  code: AttachmentRefusalCode;
  message: string;
}

export const refusal = (code: AttachmentRefusalCode, message: string): Refusal => ({ code, message });

export class AttachmentError extends Error {
  /** For RATE_LIMITED, QUOTA_EXCEEDED and BUSY: when trying again can succeed (Retry-After). */
  readonly retryAfterSeconds: number | null;
  constructor(
    readonly code: AttachmentErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds ?? null;
    this.name = "AttachmentError";
  }
}

export const refusalError = (r: Refusal) => new AttachmentError(r.code, r.message);

/**
 * The store (disk or S3) could not do what was asked. The message is for the sender; the
 * operator's detail (errno, S3 error code, endpoint) is in `cause`, which goes to the log.
 */
export class StorageUnavailableError extends AttachmentError {
  constructor(cause: unknown) {
    super("STORAGE_UNAVAILABLE", "Attachments cannot be stored or read right now. Try again in a moment.", { cause });
  }
}

/** A key outside the strict charset: a programming error or an attack, never user input. */
export class BadStorageKeyError extends AttachmentError {
  constructor(key: string) {
    super("BAD_STORAGE_KEY", `Invalid storage key ${JSON.stringify(key.slice(0, 200))}.`);
  }
}
