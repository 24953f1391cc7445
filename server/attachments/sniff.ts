import { refusal, type Refusal, UNSUPPORTED_MESSAGE } from "./errors";

/**
 * What an upload is, decided from its bytes alone. The client's file name and content type are
 * claims: the type is sniffed here, and a claim that disagrees is refused (checkClaim) rather than
 * trusted or silently corrected, so a sender learns that their file is not what it says.
 */
export type AttachmentKind = "image" | "pdf" | "text";

export interface SniffedType {
  kind: AttachmentKind;
  mime: "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "application/pdf" | "text/plain";
  /** The extension a download of this file gets, whatever its name said. */
  extension: string;
  /** For messages: "a JPEG image". */
  label: string;
}

/** The Content-Type a stored file is written and served with: text is always declared UTF-8. */
export const contentTypeOf = (type: { kind: AttachmentKind; mime: string }) =>
  type.kind === "text" ? "text/plain; charset=utf-8" : type.mime;

export const TYPES = {
  jpeg: { kind: "image", mime: "image/jpeg", extension: "jpg", label: "a JPEG image" },
  png: { kind: "image", mime: "image/png", extension: "png", label: "a PNG image" },
  webp: { kind: "image", mime: "image/webp", extension: "webp", label: "a WebP image" },
  gif: { kind: "image", mime: "image/gif", extension: "gif", label: "a GIF image" },
  pdf: { kind: "pdf", mime: "application/pdf", extension: "pdf", label: "a PDF document" },
  text: { kind: "text", mime: "text/plain", extension: "txt", label: "a plain text file" },
} as const satisfies Record<string, SniffedType>;

const ascii = (s: string) => Buffer.from(s, "latin1");
const startsWith = (bytes: Uint8Array, sig: Uint8Array, at = 0) =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

const JPEG = Uint8Array.of(0xff, 0xd8, 0xff);
const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const PDF = ascii("%PDF-");

/** Starts of programs: a renamed executable is named as one, not as "unsupported". */
const EXECUTABLE_STARTS = [
  ascii("MZ"), // DOS/Windows PE
  Uint8Array.of(0x7f, 0x45, 0x4c, 0x46), // ELF
  ascii("#!"), // a script with an interpreter line
  Uint8Array.of(0xfe, 0xed, 0xfa, 0xce), // Mach-O 32/64, both byte orders
  Uint8Array.of(0xfe, 0xed, 0xfa, 0xcf),
  Uint8Array.of(0xce, 0xfa, 0xed, 0xfe),
  Uint8Array.of(0xcf, 0xfa, 0xed, 0xfe),
  Uint8Array.of(0xca, 0xfe, 0xba, 0xbe), // Mach-O universal / Java class
];

function binaryType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, JPEG)) return TYPES.jpeg;
  if (startsWith(bytes, PNG)) return TYPES.png;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return TYPES.gif;
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return TYPES.webp;
  if (startsWith(bytes, PDF)) return TYPES.pdf;
  return null;
}

// C0 controls other than tab, LF and CR; DEL; C1 controls. A NUL or escape sequence in a "text"
// file means it is binary, or a terminal trick waiting for someone to `cat` it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function isPlainText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !CONTROL.test(text);
}

const indexOf = (bytes: Uint8Array, sig: Uint8Array, from = 0) => Buffer.from(bytes).indexOf(sig, from);

// A zip reader looks for the end-of-central-directory record within the last 22 + 65535 bytes,
// wherever the archive starts, which is how a zip rides inside an image (GIFAR) or a PDF.
const ZIP_END = Uint8Array.of(0x50, 0x4b, 0x05, 0x06);
const ZIP_TAIL = 22 + 65_535;
// Seven ELF header bytes (magic, class, data, version) rather than four: a four-byte pattern
// turns up by chance in about one large compressed image in five hundred.
const ELF_HEADERS = [1, 2].flatMap((cls) => [1, 2].map((data) => Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, cls, data, 1)));
const PE_STUB = ascii("This program cannot be run in DOS mode");
// PDF readers accept the header anywhere in the first 1024 bytes.
const PDF_HEADER_WINDOW = 1024;

/** A second format hidden in the file, which another program would open instead of ours. */
export function hiddenFormat(bytes: Uint8Array, type: SniffedType): string | null {
  if (type.kind === "text") {
    // Text cannot hold a zip or a program (their headers have control bytes, refused already);
    // it can hold a PDF header that a reader would honour.
    return indexOf(bytes.subarray(0, PDF_HEADER_WINDOW), PDF) >= 0 ? "a PDF" : null;
  }
  if (type.kind === "image" && indexOf(bytes, PDF) >= 0) return "a PDF";
  if (indexOf(bytes, ZIP_END, Math.max(0, bytes.length - ZIP_TAIL)) >= 0) return "an archive";
  if (ELF_HEADERS.some((sig) => indexOf(bytes, sig) >= 0) || indexOf(bytes, PE_STUB) >= 0) return "a program";
  return null;
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}

export function checkSize(size: number, maxBytes: number): Refusal | null {
  if (size === 0) return refusal("EMPTY_FILE", "The file is empty.");
  if (size > maxBytes) return refusal("TOO_LARGE", `Files can be at most ${formatMegabytes(maxBytes)}.`);
  return null;
}

/** The type from the bytes, or why the bytes are refused. Size is checked first (cheap). */
export function sniffType(bytes: Uint8Array): { ok: true; type: SniffedType } | ({ ok: false } & Refusal) {
  if (bytes.length === 0) return { ok: false, ...refusal("EMPTY_FILE", "The file is empty.") };
  if (EXECUTABLE_STARTS.some((sig) => startsWith(bytes, sig))) {
    return { ok: false, ...refusal("EXECUTABLE", "Programs and scripts cannot be sent.") };
  }
  const type = binaryType(bytes) ?? (isPlainText(bytes) ? TYPES.text : null);
  if (!type) return { ok: false, ...refusal("UNSUPPORTED_TYPE", UNSUPPORTED_MESSAGE) };
  const hidden = hiddenFormat(bytes, type);
  if (hidden) {
    return {
      ok: false,
      ...refusal(
        "POLYGLOT",
        `This file has ${hidden} hidden inside ${type.label.replace(/^an? /, "the ")}, so it cannot be sent.`,
      ),
    };
  }
  return { ok: true, type };
}

// Claims that say nothing: browsers send these for a type they do not know.
const NO_CLAIM = new Set(["", "application/octet-stream", "binary/octet-stream"]);
const ALIASES: Record<string, string> = { "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg" };
// Text is text: a .md, .csv or .json file is plain text to us and is served as such.
const TEXT_CLAIMS = new Set(["application/json", "application/xml", "application/x-ndjson"]);

/** A content type the client sent that contradicts the bytes is refused, not corrected. */
export function checkClaim(type: SniffedType, claimed: string | undefined): Refusal | null {
  const mime = (claimed ?? "").split(";")[0]!.trim().toLowerCase();
  if (NO_CLAIM.has(mime)) return null;
  const normal = ALIASES[mime] ?? mime;
  if (normal === type.mime) return null;
  if (type.kind === "text" && (normal.startsWith("text/") || TEXT_CLAIMS.has(normal))) return null;
  const said = /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(mime) ? mime : "another type";
  return refusal("TYPE_MISMATCH", `This file says it is ${said} but it is ${type.label}, so it was not sent.`);
}

/** Everything about an upload that can be decided without decoding it. */
export function inspectUpload(
  bytes: Uint8Array,
  options: { maxBytes: number; claimedType?: string },
): { ok: true; type: SniffedType } | ({ ok: false } & Refusal) {
  const size = checkSize(bytes.length, options.maxBytes);
  if (size) return { ok: false, ...size };
  const sniffed = sniffType(bytes);
  if (!sniffed.ok) return sniffed;
  const claim = checkClaim(sniffed.type, options.claimedType);
  return claim ? { ok: false, ...claim } : sniffed;
}
